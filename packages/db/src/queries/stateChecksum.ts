import { createHash } from "node:crypto";
import type { Queryable } from "../types.ts";
import { quoteIdentifier } from "./quoteIdentifier.ts";
import { PER_BLOCK_TABLES } from "./rollbackTo.ts";

/**
 * The tables whose content is a function of the canonical chain alone — base tables only (the balance history is
 * inside `transfers`; views add nothing). `blocks` is left out: which headers the indexer stores besides those of
 * blocks with rows depends on how its batches fell.
 */
export const STATE_TABLES = [...PER_BLOCK_TABLES.filter((t) => t !== "blocks"), "balances"] as const;

export type StateChecksum = {
  /** sha256 over every table's digest, in {@link STATE_TABLES} order. */
  checksum: string;
  tables: Record<(typeof STATE_TABLES)[number], { rows: number; sha256: string }>;
};

/**
 * A digest of everything projected for one chain: per table, sha256 over its rows' text form sorted. Two indexes
 * of the same canonical chain up to the same block have equal checksums however they got there (restarts,
 * reorgs rolled back, RPC faults retried); the per-table digests say where two differ. Meant for tests and
 * operator checks (`coinscious index --verify`), not for hot paths: it reads every row.
 *
 * @example
 * const clean = await stateChecksum(cleanDb, 31337);
 * const survivor = await stateChecksum(crashedDb, 31337);
 * assert.equal(survivor.checksum, clean.checksum);
 */
export async function stateChecksum(db: Queryable, chainId: number): Promise<StateChecksum> {
  const overall = createHash("sha256");
  const tables = {} as StateChecksum["tables"];
  for (const table of STATE_TABLES) {
    const { rows } = await db.query<{ r: string }>(
      `SELECT t::text AS r FROM ${quoteIdentifier(table)} t WHERE t.chain_id = $1 ORDER BY t::text COLLATE "C"`,
      [chainId],
    );
    const hash = createHash("sha256");
    for (const { r } of rows) hash.update(r).update("\n");
    const sha256 = hash.digest("hex");
    tables[table] = { rows: rows.length, sha256 };
    overall.update(`${table}:${rows.length}:${sha256}\n`);
  }
  return { checksum: overall.digest("hex"), tables };
}
