import type { Hex } from "viem";
import type { DecodedLog } from "../fetch/types.ts";
import type { BlockHeader } from "../sync/types.ts";

/** A decoded log ready to be written: dated, and placed in the global order by its checkpoint. */
export type IndexedLog = DecodedLog & {
  chainId: number;
  blockTimestamp: bigint;
  /** `encodeCheckpoint(...)`: sorting by this string is sorting by event order. */
  checkpoint: string;
};

/** How far one chain is indexed. */
export type IndexerCheckpoint = {
  /** Every log up to and including this block is written. */
  blockNumber: bigint;
  /** Its hash: on restart, a different hash on chain means a reorg happened while the indexer was down. */
  blockHash: Hex;
  /**
   * The highest block that was final when these rows were written. A rollback never goes below it, and a
   * restart that finds the checkpoint's block replaced rolls back to it (its rows cannot have changed).
   */
  finalizedBlockNumber: bigint;
};

/** One atomic write: every row of the blocks `fromBlock..toBlock` and the new checkpoint. */
export type ApplyBatchParameters = {
  chainId: number;
  fromBlock: bigint;
  toBlock: bigint;
  /**
   * Headers read for this batch, ascending: every block above the finalized one, plus `fromBlock` and
   * `toBlock` (and every block with logs when the sync runs with `headersOfLogBlocks`). The sync does not
   * read them back: finding a reorg's ancestor after a restart relies on `finalizedBlockNumber` instead.
   */
  blocks: BlockHeader[];
  /** Decoded logs in event order (block, logIndex). */
  logs: IndexedLog[];
  /** `{ blockNumber: toBlock, blockHash: hash of toBlock, finalizedBlockNumber }`. */
  checkpoint: IndexerCheckpoint;
};

/**
 * Where the indexer writes. The database package implements it; {@link createMemoryStore} is the in-memory
 * one for tests. Contract:
 * - `applyBatch` writes the batch's rows (events, projections such as balances) **and** the checkpoint in
 *   one transaction: after a crash either all of it is there or none;
 * - `rollbackTo` deletes every row of the chain above `checkpoint.blockNumber`, undoes their projections
 *   and sets the checkpoint, in one transaction;
 * - both are called by one writer at a time (the caller holds the indexer lock);
 * - a thrown error is fatal to the sync unless it carries `retryable: true` (e.g. a serialization failure).
 */
export type IndexerStore = {
  /** The checkpoint of `chainId`, or undefined before the first batch. */
  getCheckpoint(chainId: number): Promise<IndexerCheckpoint | undefined>;
  applyBatch(batch: ApplyBatchParameters): Promise<void>;
  /**
   * Optional pipelining, for stores whose writes run elsewhere (a database server, PGlite's worker thread): does the
   * batch's CPU work now (projection, balances, encoding) and returns the write — the same transaction as
   * `applyBatch`. The sync stages batch N+1 while N is being written, and calls N+1's write only after N's resolved;
   * it never calls a write after an earlier one failed. The store projects from state it keeps ahead of the
   * database, and must refuse (retryably) a write staged before a failure or a rollback that dropped that state.
   */
  stageBatch?(batch: ApplyBatchParameters): Promise<() => Promise<void>>;
  /** Removes everything above the common ancestor of a reorg and makes it the checkpoint. */
  rollbackTo(params: { chainId: number; checkpoint: IndexerCheckpoint }): Promise<void>;
};
