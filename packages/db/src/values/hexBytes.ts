import { ValidationError } from "@coinscious/core";

const HEX = /^0x[0-9a-fA-F]*$/;

/**
 * A `bytea` value given as `0x` hex (what viem returns for hashes and addresses), for the columns that store bytes
 * (the transfer journal's, migration 0014). `copyRows` / `encodeRows` write it as COPY's `\\x…` and `insertRows` as
 * JSON's `"\\x…"` (through `toJSON`): PostgreSQL's hex input for bytea. Either case gives the same bytes, so the
 * stored form is canonical. Checked here: `0x` and an even number of hex digits (so the database never sees a
 * malformed value, and the COPY line needs no escaping); the length by the column's CHECK.
 *
 * @example
 * journalRow[3] = new HexBytes(log.transactionHash);
 */
export class HexBytes {
  /** The value as given: `0x` + hex digits. */
  readonly hex: string;

  constructor(hex: string) {
    if (typeof hex !== "string" || hex.length % 2 !== 0 || !HEX.test(hex))
      throw new ValidationError(`Not 0x-prefixed hex of whole bytes: ${JSON.stringify(hex)}`, {
        value: String(hex),
      });
    this.hex = hex;
  }

  /** bytea's hex input form, `\x` + the digits. */
  toJSON(): string {
    return `\\x${this.hex.slice(2)}`;
  }
}
