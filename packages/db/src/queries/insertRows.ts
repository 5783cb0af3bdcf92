import { ValidationError } from "@coinscious/core";
import type { Queryable } from "../types.ts";
import { quoteIdentifier } from "./quoteIdentifier.ts";

export type InsertRowsOptions = {
  /** Appended to the statement, e.g. `ON CONFLICT (chain_id, token, wallet) DO UPDATE SET balance = excluded.balance`. */
  onConflict?: string;
  /** Rows per statement (default 10,000): bounds the size of the one JSON parameter each statement carries. */
  rowsPerStatement?: number;
};

/**
 * Inserts many rows with one statement per 10,000 rows:
 * `INSERT INTO t (cols) SELECT cols FROM json_populate_recordset(NULL::t, $1::json)`.
 * The whole chunk travels as one JSON parameter, so there is no 65,535-parameter limit and no catalog lookup:
 * the table's own row type converts each value with its column's type (domains' checks included), identically on
 * PGlite and PostgreSQL. Measured for 100k `balance_changes` rows it is ~2× faster than multi-row `VALUES` on both
 * engines and on par with `unnest()` (which would need each column's type first).
 *
 * Rows are arrays in `columns` order. Values: bigint (exact into `numeric(78,0)`/`int8`), number, string,
 * boolean, Date, null; for `json`/`jsonb` columns the JS value itself (object or array — bigints inside become
 * decimal strings), not a pre-serialized string. Run it inside a transaction to make a multi-chunk batch atomic.
 * Returns the number of rows inserted (rows skipped by `onConflict … DO NOTHING` are not counted).
 *
 * @example
 * await db.transaction((tx) =>
 *   insertRows(tx, "transfers",
 *     ["chain_id", "block_number", "log_index", "tx_hash", "token", "kind", "from_wallet", "to_wallet", "amount"],
 *     [[8453, 100n, 0, txHash, token, "issuance", null, alice, 10n ** 18n]]),
 * );
 */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: InsertRowsOptions = {},
): Promise<number> {
  if (columns.length === 0) throw new ValidationError("insertRows needs at least one column");
  const quotedTable = quoteIdentifier(table);
  const list = columns.map(quoteIdentifier).join(", ");
  // Keys of the JSON objects: the validated identifiers are plain snake_case, safe to embed without escaping.
  const keys = columns.map((c) => `"${c}":`);
  const sql =
    `INSERT INTO ${quotedTable} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quotedTable}, $1::json)` +
    (options.onConflict === undefined ? "" : ` ${options.onConflict}`);
  const perStatement = Math.max(1, options.rowsPerStatement ?? 10_000);
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const end = Math.min(rows.length, start + perStatement);
    const parts: string[] = new Array(end - start);
    for (let r = start; r < end; r++) {
      const row = rows[r] as readonly unknown[];
      if (row.length !== columns.length) {
        throw new ValidationError(`Row ${r} has ${row.length} values for ${columns.length} columns`, {
          table,
          row: r,
        });
      }
      let json = "{";
      for (let c = 0; c < row.length; c++) json += (c === 0 ? "" : ",") + keys[c] + toJsonValue(row[c]);
      parts[r - start] = `${json}}`;
    }
    inserted += (await db.query(sql, [`[${parts.join(",")}]`])).rowCount;
  }
  return inserted;
}

function toJsonValue(value: unknown): string {
  switch (typeof value) {
    case "bigint":
      return `"${value}"`;
    case "undefined":
      return "null";
    case "number":
      if (!Number.isFinite(value)) throw new ValidationError(`Cannot store ${value} in a database column`);
      return String(value);
    case "object":
      if (value === null) return "null";
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    default:
      return JSON.stringify(value);
  }
}
