import {
  findCheckpoint,
  insertRows,
  insertTransfers,
  rollbackTo,
  setCheckpoint,
  type Transaction,
  type TransactionRunner,
} from "@coinscious/db";
import type { Hex } from "viem";
import { IndexerStoreConflictError } from "../errors/errors.ts";
import type { ApplyBatchParameters, IndexedLog, IndexerCheckpoint, IndexerStore } from "../store/types.ts";
import { PROJECTION_COLUMNS, type ProjectionState, projectLogs } from "./projectLogs.ts";

export type CreateDatabaseStoreParameters = {
  /**
   * Where to write: the session that holds the indexer lock (see `acquireIndexerLock`), so that losing the
   * connection loses the lock and the writes together. A plain `Database` works where one writer is certain
   * (tests, the embedded PGlite).
   */
  db: TransactionRunner;
};

export type DatabaseStore = IndexerStore & {
  /** Batches written by this store. */
  readonly batches: number;
};

const ZERO_HASH = `0x${"00".repeat(32)}` as Hex;

const BLOCK_COLUMNS = ["chain_id", "block_number", "block_hash", "parent_hash", "block_timestamp"] as const;

/**
 * The indexer's PostgreSQL/PGlite store. `applyBatch` runs one transaction: it checks that the batch continues
 * the stored checkpoint (a second writer, or a replayed batch, is refused with `INDEXER_STORE_CONFLICT`), loads
 * what the projection needs (class → registry bindings, the links of the wallets the batch moves), projects the
 * logs (see {@link projectLogs}), writes every table with multi-row statements, the transfer journal with the
 * balances after each log and the current balances (`insertTransfers`), a `blocks` row for each header of the
 * batch, and the checkpoint with its finalized floor. `rollbackTo` removes everything above the ancestor
 * (`rollbackTo` of the db package) and sets the checkpoint, in one transaction. Every block that has rows must be among the batch's headers (run the sync with
 * `headersOfLogBlocks: true`): "as of a time" resolves through them.
 *
 * @example
 * const lock = await acquireIndexerLock({ db, chainId });
 * const store = createDatabaseStore({ db: lock.session });
 * await createSync({ publicClient, sources, store, headersOfLogBlocks: true }).start();
 */
export function createDatabaseStore(params: CreateDatabaseStoreParameters): DatabaseStore {
  const { db } = params;
  let batches = 0;

  async function applyBatch(batch: ApplyBatchParameters): Promise<void> {
    const { chainId, fromBlock, toBlock, logs, checkpoint } = batch;
    const headers = new Set(batch.blocks.map((b) => b.number));
    for (const log of logs) {
      if (!headers.has(log.blockNumber)) {
        throw new IndexerStoreConflictError(
          `Block ${log.blockNumber} has logs but no header in the batch (run the sync with headersOfLogBlocks)`,
          { chainId, blockNumber: log.blockNumber.toString() },
        );
      }
    }
    await db.transaction(async (tx) => {
      const current = await tx.query<{ block_number: bigint }>(
        "SELECT block_number FROM checkpoints WHERE chain_id = $1 FOR UPDATE",
        [chainId],
      );
      const stored = current.rows[0]?.block_number;
      if (stored !== undefined && stored !== fromBlock - 1n) {
        throw new IndexerStoreConflictError(
          `The batch ${fromBlock}..${toBlock} does not continue the stored checkpoint ${stored} (another writer?)`,
          { chainId, fromBlock: fromBlock.toString(), checkpoint: stored.toString() },
        );
      }
      const state = await loadProjectionState(tx, chainId, logs);
      const projection = projectLogs(chainId, logs, state);
      for (const table of Object.keys(PROJECTION_COLUMNS) as (keyof typeof PROJECTION_COLUMNS)[]) {
        const rows = projection[table];
        if (rows.length > 0) await insertRows(tx, table, PROJECTION_COLUMNS[table], rows);
      }
      await insertTransfers(tx, { chainId, transfers: projection.transfers });
      await insertRows(
        tx,
        "blocks",
        BLOCK_COLUMNS,
        batch.blocks.map((b) => [
          chainId,
          b.number,
          b.hash.toLowerCase(),
          b.parentHash.toLowerCase(),
          b.timestamp,
        ]),
      );
      await setCheckpoint(tx, {
        chainId,
        blockNumber: checkpoint.blockNumber,
        blockHash: checkpoint.blockHash,
        finalizedBlockNumber: checkpoint.finalizedBlockNumber,
      });
    });
    batches++;
  }

  return {
    get batches() {
      return batches;
    },
    async getCheckpoint(chainId: number): Promise<IndexerCheckpoint | undefined> {
      const stored = await findCheckpoint(db, chainId);
      if (stored === undefined) return undefined;
      return {
        blockNumber: stored.blockNumber,
        // Unknown hash (a rollback by hand to a block without a row): it matches no block, so a restart checks
        // the chain from the finalized floor.
        blockHash: stored.blockHash ?? ZERO_HASH,
        finalizedBlockNumber: stored.finalizedBlockNumber,
      };
    },
    applyBatch,
    async rollbackTo({ chainId, checkpoint }): Promise<void> {
      await db.transaction(async (tx) => {
        await rollbackTo(tx, chainId, checkpoint.blockNumber);
        await setCheckpoint(tx, {
          chainId,
          blockNumber: checkpoint.blockNumber,
          blockHash: checkpoint.blockHash,
          finalizedBlockNumber: checkpoint.finalizedBlockNumber,
        });
      });
    },
  };
}

/**
 * The projection's lookups as of the stored checkpoint: every class's latest registry binding (a handful of rows)
 * and the current links of the wallets the batch's transfers touch (one query).
 */
async function loadProjectionState(
  tx: Transaction,
  chainId: number,
  logs: readonly IndexedLog[],
): Promise<ProjectionState> {
  const wallets = new Set<string>();
  for (const log of logs) {
    if (log.source !== "token" || log.eventName !== "Transfer") continue;
    wallets.add((log.args.from as string).toLowerCase());
    wallets.add((log.args.to as string).toLowerCase());
  }
  const bindings = new Map<string, string>();
  const links = new Map<string, bigint>();
  if (wallets.size === 0) return { bindings, links };
  const { rows } = await tx.query<{ token: string; registry: string }>(
    `SELECT DISTINCT ON (token) token, registry FROM token_bindings WHERE chain_id = $1
     ORDER BY token, block_number DESC, log_index DESC`,
    [chainId],
  );
  for (const r of rows) bindings.set(r.token, r.registry);
  const linked = await tx.query<{ registry: string; wallet: string; investor_id: bigint }>(
    `SELECT l.registry, l.wallet, l.investor_id FROM (
       SELECT DISTINCT ON (w.registry, w.wallet) w.registry, w.wallet, w.investor_id, w.linked
       FROM wallet_links w
       WHERE w.chain_id = $1 AND w.wallet = ANY (SELECT json_array_elements_text($2::json)::address)
       ORDER BY w.registry, w.wallet, w.block_number DESC, w.log_index DESC) l
     WHERE l.linked`,
    [chainId, JSON.stringify([...wallets])],
  );
  for (const r of linked.rows) links.set(`${r.registry}|${r.wallet}`, r.investor_id);
  return { bindings, links };
}
