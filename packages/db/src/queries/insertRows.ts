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
 * PGlite and PostgreSQL. Measured for 100k rows of a history table (the former `balance_changes`) it is ~2× faster
 * than multi-row `VALUES` on both engines and on par with `unnest()` (which would need each column's type first).
 *
 * Rows are arrays in `columns` order. Values: bigint (exact into `numeric(78,0)`/`int8`), number, string,
 * boolean, Date, null, `HexBytes` for `bytea` columns (its `toJSON` gives bytea's `\x…` input); for `json`/`jsonb`
 * columns the JS value itself (object or array — bigints inside become decimal strings), not a pre-serialized
 * string. Run it inside a transaction to make a multi-chunk batch atomic.
 * Returns the number of rows inserted (rows skipped by `onConflict … DO NOTHING` are not counted).
 *
 * @example
 * await db.transaction((tx) =>
 *   insertRows(tx, "wallet_links",
 *     ["chain_id", "block_number", "log_index", "tx_hash", "registry", "wallet", "investor_id", "linked"],
 *     [[8453, 100n, 0, txHash, registry, alice, 7n, true]]),
 * );
 */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: InsertRowsOptions = {},
): Promise<number> {
  let inserted = 0;
  for (const statement of insertRowsStatements(table, columns, rows, options))
    inserted += (await db.query(statement.sql, statement.params)).rowCount;
  return inserted;
}

/**
 * The statements of {@link insertRows}, built now and run later with `runStatements` (one per 10,000 rows, none for
 * no rows). The rows are checked and serialized here.
 */
export function insertRowsStatements(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: InsertRowsOptions = {},
): { sql: string; params: [string] }[] {
  if (columns.length === 0) throw new ValidationError("insertRows needs at least one column");
  const quotedTable = quoteIdentifier(table);
  const list = columns.map(quoteIdentifier).join(", ");
  // Object keys are the validated snake_case identifiers; `__proto__` would set a prototype instead of a key.
  if (columns.includes("__proto__"))
    throw new ValidationError("insertRows cannot write a column named __proto__");
  const sql =
    `INSERT INTO ${quotedTable} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quotedTable}, $1::json)` +
    (options.onConflict === undefined ? "" : ` ${options.onConflict}`);
  const perStatement = Math.max(1, options.rowsPerStatement ?? 10_000);
  const statements: { sql: string; params: [string] }[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const end = Math.min(rows.length, start + perStatement);
    // One object per row, serialized by one native JSON.stringify call: ~5x faster than concatenating the JSON
    // text value by value (measured on 50k 14-column journal rows), which mostly fed the garbage collector.
    const objects: Record<string, unknown>[] = new Array(end - start);
    for (let r = start; r < end; r++) {
      const row = rows[r] as readonly unknown[];
      if (row.length !== columns.length) {
        throw new ValidationError(`Row ${r} has ${row.length} values for ${columns.length} columns`, {
          table,
          row: r,
        });
      }
      const object: Record<string, unknown> = {};
      for (let c = 0; c < row.length; c++) object[columns[c] as string] = toJsonable(row[c]);
      objects[r - start] = object;
    }
    statements.push({ sql, params: [JSON.stringify(objects)] });
  }
  return statements;
}

/** A value JSON.stringify writes as its column needs: bigints as decimal strings (nested ones too), undefined as null. */
function toJsonable(value: unknown): unknown {
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "undefined":
      return null;
    case "number":
      if (!Number.isFinite(value)) throw new ValidationError(`Cannot store ${value} in a database column`);
      return value;
    case "object":
      return value === null || value instanceof Date ? value : withoutBigints(value);
    default:
      return value;
  }
}

/** The value with every nested bigint as a decimal string; the value itself (no copy) when it holds none. */
export function withoutBigints(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const converted = withoutBigints(value[i]);
      if (converted !== value[i]) {
        copy ??= [...value];
        copy[i] = converted;
      }
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const converted = withoutBigints(item);
    if (converted !== item) {
      copy ??= { ...value };
      copy[key] = converted;
    }
  }
  return copy ?? value;
}
