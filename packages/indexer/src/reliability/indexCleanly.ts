import type { Database, StateChecksum } from "@coinscious/db";
import { stateChecksum } from "@coinscious/db";
import { createDatabaseStore } from "../db/createDatabaseStore.ts";
import type { RpcClient } from "../rpc/requestRpc.ts";
import type { IndexerSources } from "../sources/types.ts";
import type { Finality } from "../sync/types.ts";
import { runSync } from "../test/runSync.ts";

export type IndexCleanlyParameters = {
  /** A direct connection to the chain (no fault proxy). */
  publicClient: RpcClient & { getBlock(args: { blockTag: "latest" }): Promise<{ hash: `0x${string}` }> };
  sources: IndexerSources;
  finality: Finality;
  timeoutMs?: number;
};

/**
 * The reference the reliability suites compare with: empties `db` (every table but `schema_migrations`), indexes
 * the canonical chain from the start block to the current head in one uninterrupted in-process sync (large
 * batches, no faults, no restarts) and returns its {@link stateChecksum}. The chain must stand still meanwhile.
 * Reusing one database this way is much cheaper than creating one per comparison (PGlite needs seconds).
 *
 * @example
 * const clean = await indexCleanly(cleanDb, { publicClient: d.publicClient, sources: d.sources, finality });
 * assert.deepEqual((await stateChecksum(db, CHAIN_ID)).tables, clean.tables);
 */
export async function indexCleanly(db: Database, params: IndexCleanlyParameters): Promise<StateChecksum> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (rows.length > 0) await db.exec(`TRUNCATE ${rows.map((r) => r.name).join(", ")}`);
  const head = await params.publicClient.getBlock({ blockTag: "latest" });
  const run = runSync({
    publicClient: params.publicClient,
    sources: params.sources,
    store: createDatabaseStore({ db }),
    headersOfLogBlocks: true,
    finality: params.finality,
    pollingIntervalMs: 20,
    batchBlocks: 10_000,
  });
  try {
    await run.waitFor(
      async () =>
        (await db.query<{ block_hash: string }>("SELECT block_hash FROM checkpoints")).rows[0]?.block_hash ===
        head.hash,
      params.timeoutMs ?? 60_000,
      "the clean index",
    );
  } finally {
    await run.stop();
  }
  return stateChecksum(db, params.sources.chainId);
}
