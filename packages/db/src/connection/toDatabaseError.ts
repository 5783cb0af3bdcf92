import { CoinsciousError } from "@coinscious/core";
import {
  CheckpointMismatchError,
  DatabaseConfigError,
  DatabaseQueryError,
  DatabaseUnavailableError,
} from "../errors.ts";

/** The SQLSTATE of expect_checkpoint (migration 0013). */
export const CHECKPOINT_MISMATCH_STATE = "CK409";

/** Socket-level failures of `pg` (Node's errno codes): the server is not there or went away. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "EPIPE",
]);

/** SQLSTATEs that mean "not now" rather than "wrong": connection exceptions, shutdown, too many connections. */
function isUnavailableState(state: string): boolean {
  return state.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(state);
}

/** SQLSTATEs that mean the settings are wrong: no such database, authentication failed. */
function isConfigState(state: string): boolean {
  return state === "3D000" || state.startsWith("28");
}

/**
 * Maps a driver error (pg or PGlite) to the package's errors so callers see one set of codes on both engines.
 * Errors that already are Coinscious errors pass through unchanged.
 */
export function toDatabaseError(error: unknown, context: { sql?: string } = {}): Error {
  if (error instanceof CoinsciousError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const code = typeof e.code === "string" ? e.code : undefined;
  const message = error instanceof Error ? error.message : String(error);

  if (code !== undefined && NETWORK_CODES.has(code)) {
    return new DatabaseUnavailableError(`Database unreachable: ${message}`, { errno: code }, error);
  }
  // pg reports pool/connect timeouts and dropped sockets without a code.
  if (code === undefined && /connection terminated|timeout exceeded when trying to connect/i.test(message)) {
    return new DatabaseUnavailableError(`Database unreachable: ${message}`, {}, error);
  }
  // Raised by expect_checkpoint (migration 0013), with the stored block as DETAIL.
  if (code === CHECKPOINT_MISMATCH_STATE && typeof e.detail === "string" && /^\d+$/.test(e.detail)) {
    return new CheckpointMismatchError(message, BigInt(e.detail), error);
  }
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    if (isUnavailableState(code)) {
      return new DatabaseUnavailableError(`Database unavailable: ${message}`, { sqlState: code }, error);
    }
    if (isConfigState(code)) {
      return new DatabaseConfigError(
        `Database rejected the connection: ${message}`,
        { sqlState: code },
        error,
      );
    }
  }
  const details: { sqlState?: string } & Record<string, unknown> = {};
  if (code !== undefined) details.sqlState = code;
  for (const key of ["constraint", "table", "column", "detail"] as const) {
    if (typeof e[key] === "string") details[key] = e[key];
  }
  // The statement, not its parameters: parameters may carry personal data.
  if (context.sql !== undefined)
    details.sql = context.sql.length > 500 ? `${context.sql.slice(0, 500)}…` : context.sql;
  return new DatabaseQueryError(message, details, error);
}
