import { ValidationError } from "@coinscious/core";
import type { OracleCheckResult } from "./checkSanctionsOracle.ts";
import { normalizeEvmAddress } from "./createAddressCollector.ts";
import type { SanctionsListSnapshot } from "./findCurrentSanctionsList.ts";
import type { SanctionedAddress, ScreeningStatus } from "./types.ts";

/** How old the data may be. §6.2 S-03: "Sanctions list age > policy (e.g. 24 h) … → DENY (fail closed)". */
export type SanctionsFreshnessPolicy = {
  /** Maximum time since the last successful refresh (`lastCheckedAt`). Default 24 h. */
  maxAgeMs?: number;
  /** Optionally also bound the list's own publish date (`YYYY-MM-DD`, midnight UTC). Default: no bound. */
  maxPublishAgeMs?: number;
};

/** Why a result is STALE. */
export type StaleReason = "NO_LIST" | "LIST_TOO_OLD" | "LIST_PUBLISH_TOO_OLD" | "ORACLE_UNAVAILABLE";

export type ScreeningResult = {
  /** Lower-case. */
  address: `0x${string}`;
  status: ScreeningStatus;
  /** What matched: `sdn_list` and/or `oracle`; empty unless SANCTIONED. */
  matchedBy: ("sdn_list" | "oracle")[];
  /** The SDN list's record of the address, when it lists it. */
  listing: SanctionedAddress | undefined;
  /** Every reason the answer is not CLEAR for lack of data (empty unless STALE). */
  staleReasons: StaleReason[];
  listVersionId: bigint | undefined;
};

export type ScreenAddressParameters = {
  /** The current list ({@link findCurrentSanctionsList}); undefined when none was ever accepted. */
  list: Pick<SanctionsListSnapshot, "addresses" | "lastCheckedAt" | "publishDate" | "versionId"> | undefined;
  address: string;
  now: Date;
  policy?: SanctionsFreshnessPolicy;
  /** The optional second opinion of the sanctions oracle (§4.3), already read ({@link checkSanctionsOracle}). */
  oracle?: OracleCheckResult | undefined;
};

const DAY_MS = 86_400_000;

/**
 * Screens one EVM address, failing closed (§0): SANCTIONED when the SDN list or the oracle lists it — a listing
 * counts even on an old list; otherwise STALE when there is no list, the list is older than the policy allows, or
 * the oracle (when consulted) could not answer; CLEAR only when fresh data from every consulted source says so.
 * STALE is never clean: callers deny with SANCTIONS_DATA_STALE (32). Pure.
 *
 * @throws {ValidationError} `VALIDATION_FAILED` — `address` is not an EVM address (0x + 40 hex).
 * @example
 * const list = await findCurrentSanctionsList(db);
 * screenAddress({ list, address: wallet, now: new Date() }).status; // "CLEAR" | "SANCTIONED" | "STALE"
 */
export function screenAddress(parameters: ScreenAddressParameters): ScreeningResult {
  const { list, now, oracle, policy = {} } = parameters;
  const address = normalizeEvmAddress(parameters.address);
  if (address === undefined) {
    throw new ValidationError("Not an EVM address", { address: String(parameters.address).slice(0, 64) });
  }
  const listing = list?.addresses.get(address);
  const matchedBy: ScreeningResult["matchedBy"] = [];
  if (listing !== undefined) matchedBy.push("sdn_list");
  if (oracle?.status === "SANCTIONED") matchedBy.push("oracle");

  const staleReasons: StaleReason[] = [];
  if (list === undefined) staleReasons.push("NO_LIST");
  else {
    if (now.getTime() - list.lastCheckedAt.getTime() > (policy.maxAgeMs ?? DAY_MS))
      staleReasons.push("LIST_TOO_OLD");
    const published = Date.parse(`${list.publishDate}T00:00:00Z`);
    if (policy.maxPublishAgeMs !== undefined && now.getTime() - published > policy.maxPublishAgeMs) {
      staleReasons.push("LIST_PUBLISH_TOO_OLD");
    }
  }
  if (oracle?.status === "STALE") staleReasons.push("ORACLE_UNAVAILABLE");

  const status: ScreeningStatus =
    matchedBy.length > 0 ? "SANCTIONED" : staleReasons.length > 0 ? "STALE" : "CLEAR";
  return {
    address,
    status,
    matchedBy,
    listing,
    staleReasons: status === "STALE" ? staleReasons : [],
    listVersionId: list?.versionId,
  };
}
