import { CoinsciousError } from "@coinscious/core";

/**
 * Why a list could not be read or was refused. Stable codes (style.md habit 4): callers and tests match on
 * `code`, never on the message.
 *
 * - `SANCTIONS_LIST_FETCH_FAILED` — the file or URL could not be read (missing file, HTTP status, network,
 *   timeout, size limit, a non-http(s) URL).
 * - `SANCTIONS_LIST_PARSE_FAILED` — the bytes are not a well-formed list of the announced format.
 * - `SANCTIONS_LIST_EMPTY` — no entries, or no EVM-format address at all (an outage page parses to nothing).
 * - `SANCTIONS_LIST_NO_PUBLISH_DATE` — the file carries no publish date and none was supplied (SDN.CSV).
 * - `SANCTIONS_LIST_OLDER` — the publish date is before the stored current version's.
 * - `SANCTIONS_LIST_SHRUNK` — the EVM address count fell by more than the policy's fraction.
 * - `SANCTIONS_LIST_CANARY_MISSING` — an expected ticker tag (e.g. "Digital Currency Address - XBT") is absent.
 * - `SANCTIONS_LIST_COUNT_MISMATCH` — SDN.XML's own `Record_Count` disagrees with the entries read (truncation).
 *
 * @example
 * try { await refreshSanctionsList(db, params) } catch (e) {
 *   if (e instanceof SanctionsListError && e.code === "SANCTIONS_LIST_SHRUNK") alertOperator(e.details);
 * }
 */
export class SanctionsListError extends CoinsciousError {
  declare readonly code: SanctionsListErrorCode;
  constructor(
    code: SanctionsListErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

export type SanctionsListErrorCode =
  | "SANCTIONS_LIST_FETCH_FAILED"
  | "SANCTIONS_LIST_PARSE_FAILED"
  | "SANCTIONS_LIST_EMPTY"
  | "SANCTIONS_LIST_NO_PUBLISH_DATE"
  | "SANCTIONS_LIST_OLDER"
  | "SANCTIONS_LIST_SHRUNK"
  | "SANCTIONS_LIST_CANARY_MISSING"
  | "SANCTIONS_LIST_COUNT_MISMATCH";

/** A list that fails the format: `SANCTIONS_LIST_PARSE_FAILED`, with where it failed when known. */
export class SanctionsListParseError extends SanctionsListError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("SANCTIONS_LIST_PARSE_FAILED", message, { details, cause });
  }
}

/** A source that could not be read: `SANCTIONS_LIST_FETCH_FAILED`. Retryable (the next scheduled refresh). */
export class SanctionsListFetchError extends SanctionsListError {
  readonly retryable = true;
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("SANCTIONS_LIST_FETCH_FAILED", message, { details, cause });
  }
}
