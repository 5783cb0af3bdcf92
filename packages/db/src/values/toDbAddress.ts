import { type Address, toAddress } from "@coinscious/core";

/**
 * The one form addresses take in the database: lower-case `0x` + 40 hex digits, as the `address` domain's
 * CHECK demands. Accepts any case (EIP-55 checksummed input included); throws core's `ValidationError`
 * (`VALIDATION_FAILED`) for anything else.
 *
 * Why text and not bytea: the same value on PGlite and pg (bytea comes back as Buffer from one and Uint8Array from
 * the other), readable in psql and exports, JSON-ready for the API. The cost — 43 bytes instead of 21 per value —
 * is small next to the rows that carry them. The exception is the transfer journal, written once per Transfer log:
 * its hashes and addresses are bytes (migration 0014, `HexBytes`), read back as this text through its views.
 *
 * @example
 * toDbAddress("0xAbC0000000000000000000000000000000000001"); // "0xabc0000000000000000000000000000000000001"
 */
export function toDbAddress(value: string): Address {
  return toAddress(value);
}
