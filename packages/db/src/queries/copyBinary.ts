import { ValidationError } from "@coinscious/core";
import { HexBytes } from "../values/hexBytes.ts";

/**
 * The column types {@link encodeBinaryRows} writes in COPY's binary format: the base type of the column (a domain's
 * base type for a domain: the domain's checks still run in the database), named as `pg_type.typname` names it.
 * `numeric` takes integers only.
 */
export type CopyColumnType = "bool" | "int2" | "int4" | "int8" | "numeric" | "text" | "bytea";

// PGCOPY\n\377\r\n\0, then the flags (no OIDs) and the header extension's length, both 0.
const HEADER = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i;
  NIBBLE[97 + i] = 10 + i;
}
const INT2 = [-(2 ** 15), 2 ** 15 - 1] as const;
const INT4 = [-(2 ** 31), 2 ** 31 - 1] as const;
const INT8 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** numeric's own limit: 131,072 digits before the decimal point. */
const NUMERIC_MAX_DIGITS = 131_072;
const encoder = new TextEncoder();

/**
 * Rows in PostgreSQL's binary COPY format (`COPY … FROM … WITH (FORMAT binary)`), for the columns' declared types.
 * The database parses nothing: each value arrives in its internal form, so a row costs it no text scanning, no hex
 * or decimal conversion. Measured on the transfer journal (10,000 rows of 16 columns into on-disk PGlite): ~36 % less
 * time in the database than the same rows as COPY text.
 *
 * The values `insertRows` takes for such columns, by type (null and undefined are NULL in every type):
 * - `bool`: boolean;
 * - `int2`, `int4`, `int8`: an integer number or bigint within the type's range;
 * - `numeric`: an integer (bigint, safe-integer number, or a string of decimal digits with an optional `-`);
 * - `text`: a string without NUL (`\u0000`, which PostgreSQL's text cannot hold);
 * - `bytea`: {@link HexBytes}.
 *
 * @throws {ValidationError} `VALIDATION_FAILED` for a row of the wrong width or a value its column's type does not
 *   take, naming the table, row and column — before anything reaches the database.
 *
 * @example
 * const data = encodeBinaryRows("transfers", TRANSFER_COLUMNS, TRANSFER_COLUMN_TYPES, journal);
 */
export function encodeBinaryRows(
  table: string,
  columns: readonly string[],
  types: readonly CopyColumnType[],
  rows: readonly (readonly unknown[])[],
): Uint8Array {
  if (types.length !== columns.length)
    throw new ValidationError(`${types.length} column types for ${columns.length} columns`, { table });
  const width = columns.length;
  let bytes = new Uint8Array(Math.max(1024, 32 + rows.length * (2 + width * 16)));
  let view = new DataView(bytes.buffer);
  let at = 0;
  /** Room for `n` more bytes. */
  const ensure = (n: number) => {
    if (at + n <= bytes.length) return;
    const larger = new Uint8Array(Math.max(2 * bytes.length, at + n));
    larger.set(bytes.subarray(0, at));
    bytes = larger;
    view = new DataView(bytes.buffer);
  };
  const fail = (r: number, c: number, expected: string, value: unknown): never => {
    throw new ValidationError(
      `Row ${r}, column ${columns[c]}: expected ${expected}, got ${describe(value)}`,
      {
        table,
        row: r,
        column: columns[c] as string,
      },
    );
  };
  bytes.set(HEADER, 0);
  at = HEADER.length;
  /** Where each bytea value's bytes were first written: a batch names the same hashes and addresses over and over. */
  const written = new Map<string, number>();
  /** The base-10,000 digits of a safe integer, least significant first. */
  const small = new Int32Array(4);
  /**
   * A numeric's header (its digits follow at `at + 12`), and `at` moved past both: `count` digits, the first of weight
   * `groups - 1` (trailing zero digits are implied by the weight; zero has none).
   */
  const numericHeader = (count: number, groups: number, negative: boolean) => {
    view.setInt32(at, 8 + 2 * count);
    view.setInt16(at + 4, count);
    view.setInt16(at + 6, count === 0 ? 0 : groups - 1);
    view.setUint16(at + 8, negative && count > 0 ? 0x4000 : 0);
    view.setInt16(at + 10, 0);
    at += 12 + 2 * count;
  };

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly unknown[];
    checkWidth(table, columns, row, r);
    ensure(2);
    view.setInt16(at, width);
    at += 2;
    for (let c = 0; c < width; c++) {
      const value = row[c];
      if (value === null || value === undefined) {
        ensure(4);
        view.setInt32(at, -1);
        at += 4;
        continue;
      }
      switch (types[c] as CopyColumnType) {
        case "bool":
          if (typeof value !== "boolean") fail(r, c, "a boolean", value);
          ensure(5);
          view.setInt32(at, 1);
          bytes[at + 4] = value ? 1 : 0;
          at += 5;
          break;
        case "int2":
          ensure(6);
          view.setInt32(at, 2);
          view.setInt16(at + 4, smallInteger(value, INT2) ?? fail(r, c, "an int2", value));
          at += 6;
          break;
        case "int4":
          ensure(8);
          view.setInt32(at, 4);
          view.setInt32(at + 4, smallInteger(value, INT4) ?? fail(r, c, "an int4", value));
          at += 8;
          break;
        case "int8": {
          const n =
            typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value as number) : null;
          if (n === null || n < INT8[0] || n > INT8[1]) fail(r, c, "an int8", value);
          ensure(12);
          view.setInt32(at, 8);
          view.setBigInt64(at + 4, n as bigint);
          at += 12;
          break;
        }
        case "numeric": {
          // A safe integer (most amounts and balances of a token without decimals) without a string.
          const n =
            typeof value === "bigint"
              ? value >= -MAX_SAFE && value <= MAX_SAFE
                ? Number(value)
                : undefined
              : Number.isSafeInteger(value)
                ? (value as number)
                : undefined;
          if (n !== undefined) {
            let groups = 0;
            for (let a = Math.abs(n); a > 0; a = Math.floor(a / 10_000)) small[groups++] = a % 10_000;
            let zeros = 0;
            while (zeros < groups && small[zeros] === 0) zeros++;
            const count = groups - zeros;
            ensure(12 + 2 * count);
            for (let g = 0; g < count; g++) view.setInt16(at + 12 + 2 * g, small[groups - 1 - g] as number);
            numericHeader(count, groups, n < 0);
            break;
          }
          const digits = integerDigits(value) ?? fail(r, c, "an integer for numeric", value);
          const negative = digits.charCodeAt(0) === 45;
          const start = negative ? 1 : 0;
          const length = digits.length - start;
          if (length > NUMERIC_MAX_DIGITS) fail(r, c, "at most 131,072 digits", value);
          // Base-10,000 digits, most significant first; the first takes what is left over from the fours.
          const groups = Math.ceil(length / 4);
          ensure(12 + 2 * groups);
          let last = -1;
          let end = start + length - 4 * (groups - 1);
          for (let g = 0, from = start; g < groups; g++, from = end, end += 4) {
            let w = 0;
            for (let i = from; i < end; i++) w = w * 10 + (digits.charCodeAt(i) - 48);
            view.setInt16(at + 12 + 2 * g, w);
            if (w !== 0) last = g;
          }
          // Trailing zero words (written above) are left out of the count.
          numericHeader(last + 1, groups, negative);
          break;
        }
        case "text": {
          if (typeof value !== "string" || value.includes("\u0000"))
            fail(r, c, "a string without NUL", value);
          const text = value as string;
          ensure(4 + 3 * text.length);
          // ASCII (a kind, a label) byte by byte; anything else through the encoder (a view of the rest per value).
          let ascii = 0;
          while (ascii < text.length && text.charCodeAt(ascii) < 0x80) {
            bytes[at + 4 + ascii] = text.charCodeAt(ascii);
            ascii++;
          }
          const length =
            ascii === text.length ? ascii : encoder.encodeInto(text, bytes.subarray(at + 4)).written;
          view.setInt32(at, length);
          at += 4 + length;
          break;
        }
        case "bytea": {
          if (!(value instanceof HexBytes)) fail(r, c, "HexBytes", value);
          const hex = (value as HexBytes).hex;
          const n = (hex.length - 2) / 2;
          ensure(4 + n);
          view.setInt32(at, n);
          at += 4;
          const first = written.get(hex);
          if (first !== undefined) {
            bytes.copyWithin(at, first, first + n);
            at += n;
            break;
          }
          written.set(hex, at);
          // HexBytes checked the digits.
          for (let i = 2; i < hex.length; i += 2)
            bytes[at++] =
              ((NIBBLE[hex.charCodeAt(i)] as number) << 4) | (NIBBLE[hex.charCodeAt(i + 1)] as number);
          break;
        }
        default:
          throw new ValidationError(`Column ${columns[c]}: no binary COPY for type ${String(types[c])}`, {
            table,
          });
      }
    }
  }
  ensure(2);
  view.setInt16(at, -1);
  at += 2;
  return bytes.subarray(0, at);
}

/** A row has one value per column (COPY text and binary alike). */
export function checkWidth(
  table: string,
  columns: readonly string[],
  row: readonly unknown[],
  r: number,
): void {
  if (row.length !== columns.length) {
    throw new ValidationError(`Row ${r} has ${row.length} values for ${columns.length} columns`, {
      table,
      row: r,
    });
  }
}

/** An integer number or bigint within `range`, as a number; undefined otherwise. */
function smallInteger(value: unknown, range: readonly [number, number]): number | undefined {
  const n = typeof value === "bigint" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < range[0] || n > range[1]) return undefined;
  if (typeof value === "bigint" && BigInt(n) !== value) return undefined;
  return n;
}

const INTEGER = /^-?\d+$/;

/** An integer's decimal digits (with `-` when negative, no leading zeros); undefined for anything else. */
function integerDigits(value: unknown): string | undefined {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : undefined;
  if (typeof value === "string" && INTEGER.test(value)) return BigInt(value).toString();
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object") return value === null ? "null" : (value.constructor?.name ?? "an object");
  return `${typeof value} ${String(value)}`;
}
