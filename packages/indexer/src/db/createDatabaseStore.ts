import {
  CheckpointMismatchError,
  encodedRowsStatements,
  encodeRows,
  expectCheckpointStatement,
  findCheckpoint,
  insertRowsStatements,
  newWalletBalance,
  type Queryable,
  readWalletBalances,
  rollbackTo,
  type Statement,
  setCheckpoint,
  setCheckpointStatement,
  TRANSFER_COLUMN_TYPES,
  TRANSFER_COLUMNS,
  type TransactionRunner,
  upsertWalletBalancesStatements,
  type WalletBalance,
  walkTransfers,
} from "@coinscious/db";
import type { Address, Hex } from "viem";
import { createLowerCase } from "../common/createLowerCase.ts";
import { IndexerStoreConflictError, IndexerStoreStateChangedError } from "../errors/errors.ts";
import type { ApplyBatchParameters, IndexedLog, IndexerCheckpoint, IndexerStore } from "../store/types.ts";
import { PROJECTION_COLUMNS, projectLogs } from "./projectLogs.ts";

export type CreateDatabaseStoreParameters = {
  /**
   * Where to write: the session that holds the indexer lock (see `acquireIndexerLock`), so that losing the
   * connection loses the lock and the writes together. A plain `Database` works where one writer is certain
   * (tests, the embedded PGlite).
   */
  db: TransactionRunner;
  /**
   * Wallets and (class, wallet) balances the store keeps ahead of the database before it starts again from it
   * (default 200,000: ~50 MB).
   */
  maxCachedEntries?: number;
};

export type DatabaseStore = IndexerStore & {
  /** Batches written by this store. */
  readonly batches: number;
};

const ZERO_HASH = `0x${"00".repeat(32)}` as Hex;
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

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
  const maxCachedEntries = params.maxCachedEntries ?? MAX_CACHED_ENTRIES;
  let batches = 0;
  // What the projection needs, kept ahead of the database by the batches staged and not yet written: every batch
  // is projected from it without reading the database, except for what it has never seen (loaded once, after the
  // write in flight, so that the database already holds everything the cache does not). Any failed write or
  // stage, and every rollback, drops it: `generation` tells a stage that began before that it is stale.
  let cache = newStateCache();
  let generation = 0;
  let lastWrite: Promise<void> = Promise.resolve();
  const invalidate = () => {
    generation++;
    cache = newStateCache();
  };

  /** A batch staged whose write has not started: the cache holds its effects. */
  let unwritten = false;

  async function stageBatch(batch: ApplyBatchParameters): Promise<() => Promise<void>> {
    const { chainId, fromBlock, toBlock, logs, checkpoint } = batch;
    // The caller dropped a staged batch without writing it: the cache holds state the database never will.
    if (unwritten) {
      await lastWrite.catch(() => {});
      invalidate();
      unwritten = false;
    }
    const headers = new Set(batch.blocks.map((b) => b.number));
    for (const log of logs) {
      if (!headers.has(log.blockNumber)) {
        throw new IndexerStoreConflictError(
          `Block ${log.blockNumber} has logs but no header in the batch (run the sync with headersOfLogBlocks)`,
          { chainId, blockNumber: log.blockNumber.toString() },
        );
      }
    }
    // Bounded: past the limit, start again from the database (once the write in flight holds the cache's state).
    if (cache.chainId !== chainId || cache.entries > maxCachedEntries) {
      await lastWrite.catch(() => {});
      invalidate();
      cache.chainId = chainId;
    }
    const staged = generation;
    const state = cache;
    const stale = () =>
      new IndexerStoreStateChangedError(
        `The batch ${fromBlock}..${toBlock} was staged from state a failed write dropped`,
        {
          chainId,
          fromBlock: fromBlock.toString(),
        },
      );
    try {
      const sides = transferSides(logs);
      await loadMissingState(state, chainId, sides, async () => {
        // The database must hold every batch staged before this one: wait for the write in flight.
        await lastWrite.catch(() => {});
        if (generation !== staged) throw stale();
        return db;
      });
      if (generation !== staged) throw stale();

      // From here on synchronous: the cache moves to the state after this batch.
      const links = new Map<string, bigint>();
      for (const wallet of sides.wallets)
        for (const [registry, investorId] of state.links.get(wallet) ?? [])
          links.set(`${registry}|${wallet}`, investorId);
      const projection = projectLogs(chainId, logs, {
        bindings: state.bindings as Map<string, string>,
        links,
      });
      for (const row of projection.wallet_links) {
        const [, , , , registry, wallet, investorId, linked] = row as [
          number,
          bigint,
          number,
          string,
          string,
          string,
          bigint,
          boolean,
        ];
        const known = state.links.get(wallet);
        if (known === undefined) continue; // not cached: read from the database (after this write) when needed
        if (linked) known.set(registry, investorId);
        else known.delete(registry);
      }
      const { journal, touched } = walkTransfers(chainId, projection.transfers, (token, wallet) => {
        const known = state.balances.get(token)?.get(wallet);
        if (known === undefined) throw new Error(`internal: balance of ${wallet} in ${token} was not loaded`);
        return known;
      });
      // Copies: the next staged batch moves the cached states before this one is written.
      const balances = touched.map((w) => ({ ...w }));
      const tables = (Object.keys(PROJECTION_COLUMNS) as (keyof typeof PROJECTION_COLUMNS)[]).filter(
        (table) => projection[table].length > 0,
      );
      const encodedJournal = encodeRows(db, "transfers", TRANSFER_COLUMNS, journal, TRANSFER_COLUMN_TYPES);
      const blockRows = batch.blocks.map((b) => [
        chainId,
        b.number,
        b.hash.toLowerCase(),
        b.parentHash.toLowerCase(),
        b.timestamp,
      ]);

      // The whole write, built now (rows checked and serialized while the write before is still running) and
      // sent as one transaction: the checkpoint check first, so that a replayed batch fails on it rather than on
      // the rows it meets again.
      const statements: Statement[] = [
        expectCheckpointStatement(chainId, fromBlock - 1n),
        ...tables.flatMap((table) =>
          insertRowsStatements(table, PROJECTION_COLUMNS[table], projection[table]),
        ),
        ...encodedRowsStatements(encodedJournal),
        ...upsertWalletBalancesStatements(chainId, balances),
        ...insertRowsStatements("blocks", BLOCK_COLUMNS, blockRows),
        setCheckpointStatement({
          chainId,
          blockNumber: checkpoint.blockNumber,
          blockHash: checkpoint.blockHash,
          finalizedBlockNumber: checkpoint.finalizedBlockNumber,
        }),
      ];

      unwritten = true;
      return async () => {
        if (generation !== staged) throw stale();
        unwritten = false;
        const write = db.runStatements(statements).then(
          () => undefined,
          (error: unknown) => {
            if (!(error instanceof CheckpointMismatchError)) throw error;
            throw new IndexerStoreConflictError(
              `The batch ${fromBlock}..${toBlock} does not continue the stored checkpoint ${error.storedBlockNumber} (another writer?)`,
              { chainId, fromBlock: fromBlock.toString(), checkpoint: error.storedBlockNumber.toString() },
            );
          },
        );
        lastWrite = write;
        try {
          await write;
        } catch (error) {
          if (generation === staged) invalidate();
          throw error;
        }
        batches++;
      };
    } catch (error) {
      if (generation === staged) invalidate();
      throw error;
    }
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
    async applyBatch(batch: ApplyBatchParameters): Promise<void> {
      const write = await stageBatch(batch);
      await write();
    },
    stageBatch,
    async rollbackTo({ chainId, checkpoint }): Promise<void> {
      await lastWrite.catch(() => {});
      invalidate();
      unwritten = false;
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
 * Cached (token, wallet) balances and wallets past which the cache starts again from the database: ~250 bytes each,
 * so at most ~50 MB (a registered class has at most 2,000 holders of record before 12(g); the bound is for chains
 * with far more wallets, which then pay a reload now and then).
 */
const MAX_CACHED_ENTRIES = 200_000;

/**
 * The projection's state ahead of the database. `bindings`: every class's registry (loaded whole, once). `links`:
 * per wallet, its investor in each registry it is linked in — complete for every wallet present. `balances`: per
 * class and wallet, the balance and last leg — complete for every key present.
 */
type StateCache = {
  chainId: number | undefined;
  bindings: Map<string, string> | undefined;
  links: Map<string, Map<string, bigint>>;
  balances: Map<string, Map<string, WalletBalance>>;
  entries: number;
};

function newStateCache(): StateCache {
  return { chainId: undefined, bindings: undefined, links: new Map(), balances: new Map(), entries: 0 };
}

/**
 * What the batch's `Transfer` logs move (lower-case, not the zero address), read once per batch: the wallets, and
 * per class the wallets whose balance in it moves.
 */
type TransferSides = { wallets: Set<string>; byToken: Map<string, Set<string>> };

function transferSides(logs: readonly IndexedLog[]): TransferSides {
  const wallets = new Set<string>();
  const byToken = new Map<string, Set<string>>();
  const lower = createLowerCase();
  for (const log of logs) {
    if (log.eventName !== "Transfer" || log.source !== "token") continue;
    const token = lower(log.address);
    let ofToken = byToken.get(token);
    if (ofToken === undefined) {
      ofToken = new Set();
      byToken.set(token, ofToken);
    }
    for (const side of [log.args.from, log.args.to]) {
      const wallet = lower(side as string);
      if (wallet === ZERO_ADDRESS) continue;
      wallets.add(wallet);
      ofToken.add(wallet);
    }
  }
  return { wallets, byToken };
}

/**
 * Loads into `cache` what the batch needs and it has never seen: the classes' bindings, the links of the wallets
 * its transfers move, the balances of the (class, wallet) pairs they move. `database()` is called first when
 * anything is missing (it waits for the database to hold the cache's state). Cached entries are never replaced:
 * they may be ahead of the database.
 */
async function loadMissingState(
  cache: StateCache,
  chainId: number,
  sides: TransferSides,
  database: () => Promise<Queryable>,
): Promise<void> {
  const missingWallets = [...sides.wallets].filter((wallet) => !cache.links.has(wallet));
  const missingKeys: { token: Address; wallet: Address }[] = [];
  for (const [token, wallets] of sides.byToken) {
    const cached = cache.balances.get(token);
    for (const wallet of wallets)
      if (cached?.has(wallet) !== true)
        missingKeys.push({ token: token as Address, wallet: wallet as Address });
  }
  if (cache.bindings !== undefined && missingWallets.length === 0 && missingKeys.length === 0) return;
  const tx = await database();
  if (cache.bindings === undefined) {
    const { rows } = await tx.query<{ token: string; registry: string }>(
      `SELECT DISTINCT ON (token) token, registry FROM token_bindings WHERE chain_id = $1
       ORDER BY token, block_number DESC, log_index DESC`,
      [chainId],
    );
    cache.bindings = new Map(rows.map((r) => [r.token, r.registry]));
  }
  if (missingWallets.length > 0) {
    const linked = await tx.query<{ registry: string; wallet: string; investor_id: bigint }>(
      `SELECT l.registry, l.wallet, l.investor_id FROM (
         SELECT DISTINCT ON (w.registry, w.wallet) w.registry, w.wallet, w.investor_id, w.linked
         FROM wallet_links w
         WHERE w.chain_id = $1 AND w.wallet = ANY (SELECT json_array_elements_text($2::json)::address)
         ORDER BY w.registry, w.wallet, w.block_number DESC, w.log_index DESC) l
       WHERE l.linked`,
      [chainId, JSON.stringify(missingWallets)],
    );
    const loaded = new Map<string, Map<string, bigint>>(missingWallets.map((w) => [w, new Map()]));
    for (const r of linked.rows) loaded.get(r.wallet)?.set(r.registry, r.investor_id);
    for (const [wallet, links] of loaded) {
      if (cache.links.has(wallet)) continue;
      cache.links.set(wallet, links);
      cache.entries++;
    }
  }
  if (missingKeys.length > 0) {
    const stored = new Map<string, WalletBalance>();
    for (const b of await readWalletBalances(tx, chainId, missingKeys))
      stored.set(`${b.token}|${b.wallet}`, b);
    for (const { token, wallet } of missingKeys) {
      let ofToken = cache.balances.get(token);
      if (ofToken === undefined) {
        ofToken = new Map();
        cache.balances.set(token, ofToken);
      }
      if (ofToken.has(wallet)) continue;
      ofToken.set(wallet, stored.get(`${token}|${wallet}`) ?? newWalletBalance(token, wallet));
      cache.entries++;
    }
  }
}
