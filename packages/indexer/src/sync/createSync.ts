import { setMaxListeners } from "node:events";
import type { ChainError } from "@coinscious/chain";
import { ValidationError } from "@coinscious/core";
import type { Hex } from "viem";
import { backoffDelay } from "../common/backoffDelay.ts";
import { maxBigInt } from "../common/maxBigInt.ts";
import { minBigInt } from "../common/minBigInt.ts";
import { sleep } from "../common/sleep.ts";
import type { IndexerLogger, IndexerMetrics } from "../common/types.ts";
import { IndexerStoreError } from "../errors/errors.ts";
import { toIndexerError } from "../errors/toIndexerError.ts";
import { type CreateLogFetcherParameters, createLogFetcher } from "../fetch/createLogFetcher.ts";
import type { DecodedLog } from "../fetch/types.ts";
import type { RpcClient } from "../rpc/requestRpc.ts";
import type { SourceRegistry } from "../sources/createSourceRegistry.ts";
import type { IndexerSources } from "../sources/types.ts";
import { callStore } from "../store/callStore.ts";
import type { IndexerCheckpoint, IndexerStore } from "../store/types.ts";
import { createBlockTracker } from "./createBlockTracker.ts";
import { defaultFinality } from "./defaultFinality.ts";
import { fetchBatch } from "./fetchBatch.ts";
import { resumeSync } from "./resumeSync.ts";
import type { BlockHeader, Finality, ReorgEvent } from "./types.ts";

/** What the sync reports as it goes (the CLI logs these; tests wait on them). */
export type SyncEvent =
  | {
      type: "batch";
      phase: "backfill" | "realtime";
      fromBlock: bigint;
      toBlock: bigint;
      logs: number;
      headBlock: bigint;
      finalizedBlock: bigint;
      writeMs: number;
    }
  /** The indexed block reached the head (first time: end of the backfill). */
  | { type: "caught-up"; blockNumber: bigint; blockHash: Hex }
  | ReorgEvent
  /** A retryable failure; the loop waits `delayMs` and resumes from its checkpoint. */
  | { type: "retry"; attempt: number; delayMs: number; error: ChainError };

export type CreateSyncParameters = {
  publicClient: RpcClient;
  sources: IndexerSources;
  store: IndexerStore;
  /** Default: {@link defaultFinality} of the sources' chain. */
  finality?: Finality;
  /** Wait between head polls once caught up. Default 1 000 ms. */
  pollingIntervalMs?: number;
  /** Most blocks per `applyBatch` (one transaction) during backfill. Default 10 000. */
  batchBlocks?: number | bigint;
  /**
   * Logs a backfill batch aims at: the next batch's block count follows the last batches' logs per block, so a
   * dense stretch of chain is written in bounded transactions (memory) while the next batch's logs are fetched
   * during the write. Default 10 000.
   */
  batchLogs?: number;
  /**
   * Ranges whose logs are fetched ahead while behind the head (each the size of the next batch). Default 2: the
   * node answers the range after next while the next one is projected and the current one written. With one,
   * `capacity.ts` measured 28.5k events/s against 33.2k (medians of 7 alternating runs).
   */
  prefetchRanges?: number;
  /** Range options of the log fetcher. */
  fetch?: Omit<CreateLogFetcherParameters, "publicClient" | "sources" | "metrics" | "logger">;
  /** Retries of one header or chain-id read, and the first backoff delay (default 4 and 250 ms). */
  rpc?: { retries?: number; retryDelayMs?: number };
  /** Header reads in flight. Default 8. */
  headerConcurrency?: number;
  /** Pass every block with logs to `applyBatch` in `blocks` (see `fetchBatch`). Default false. */
  headersOfLogBlocks?: boolean;
  /** First delay after a retryable failure; doubles up to `maxRetryDelayMs`. Default 500 ms. */
  retryDelayMs?: number;
  /** Default 30 000 ms. */
  maxRetryDelayMs?: number;
  onProgress?: (event: SyncEvent) => void;
  /** Aborting stops the loop: `start()` resolves after the current step. */
  signal?: AbortSignal;
  metrics?: IndexerMetrics;
  logger?: IndexerLogger;
  /** Wall clock in ms for the lag-in-seconds gauge. Default `Date.now`. */
  now?: () => number;
};

export type Sync = {
  /** The live source registry (classes found through the factory included). */
  readonly sources: SourceRegistry;
  /**
   * Backfills from the store's checkpoint (or the sources' start block) to the head, then follows new
   * heads. Resolves when `signal` aborts; rejects with the first fatal error.
   */
  start(): Promise<void>;
};

/**
 * The indexer's sync loop for one chain. Each step reads the head; while behind, it fetches the next
 * batch (`batchBlocks` blocks up to the head: headers, logs, decoded and dated) and writes it with
 * `store.applyBatch` — rows and checkpoint in one transaction; once caught up it polls every
 * `pollingIntervalMs`. A block that does not link to the indexed tip, or a head whose hash changed, is a
 * reorg: the tracker finds the common ancestor, `store.rollbackTo` removes what lies above it, discovered
 * classes created above it are forgotten, and the blocks are fetched again. Retryable failures back off and
 * resume from the checkpoint; fatal ones end `start()`.
 *
 * On restart it reads the checkpoint, checks that its block is still canonical (else rolls back to the
 * checkpoint's finalized block), and re-registers the classes the factory created up to it.
 *
 * @example
 * const controller = new AbortController();
 * const sync = createSync({ publicClient, sources: getManifestSources(manifest), store, signal: controller.signal,
 *   onProgress: (e) => logger.info(e, e.type) });
 * const running = sync.start();
 * process.once("SIGTERM", () => controller.abort());
 * await running;
 */
export function createSync(params: CreateSyncParameters): Sync {
  const { publicClient, sources, store, onProgress, metrics, logger } = params;
  // Our own signal, following the caller's: every in-flight request listens to it (more than Node's
  // default of 10 listeners during a batch), and the caller's signal is not ours to reconfigure.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const signal = controller.signal;
  if (params.signal?.aborted) controller.abort();
  else params.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  const chainId = sources.chainId;
  const finality = params.finality ?? defaultFinality(chainId);
  const pollingIntervalMs = params.pollingIntervalMs ?? 1_000;
  const batchBlocks = BigInt(params.batchBlocks ?? 10_000);
  const batchLogs = Math.max(1, params.batchLogs ?? 10_000);
  // Blocks of the next backfill batch: starts small (the density of the chain is unknown), then follows the
  // logs per block of the last batch.
  let nextBatchBlocks = minBigInt(batchBlocks, 100n);
  /** Logs of the next ranges, in order, fetched while the current batch is written (backfill only). */
  let prefetched: { fromBlock: bigint; toBlock: bigint; logs: Promise<DecodedLog[]> }[] = [];
  const prefetchDepth = params.prefetchRanges ?? 2;
  if (!Number.isInteger(prefetchDepth) || prefetchDepth < 0)
    throw new ValidationError(`prefetchRanges must be an integer ≥ 0, got ${prefetchDepth}`);
  const dropPrefetch = () => {
    prefetched = [];
  };
  const now = params.now ?? Date.now;
  const fetcher = createLogFetcher({ ...params.fetch, publicClient, sources, metrics, logger });
  const tracker = createBlockTracker({ publicClient, finality, metrics, logger, signal, ...params.rpc });
  const startBlock = sources.startBlock > 0n ? sources.startBlock : 1n;
  let caughtUp = false;
  let running = false;

  const emit = (event: SyncEvent) => {
    try {
      onProgress?.(event);
    } catch (error) {
      logger?.error({ error }, "onProgress threw");
    }
  };

  /** The tip of what the store holds as far as the sync knows: the last committed batch, rollback or resume. */
  let lastCommitted: BlockHeader | undefined;

  /**
   * After a failed store operation: when the store's checkpoint is the tracker's tip, or the last batch known to be
   * committed (a write that failed after the tracker took its blocks), keeps the tracker's window of headers —
   * rolled back to that batch — and returns true. Otherwise the caller resumes from the checkpoint, which resets the
   * tracker to that one block (a chain that then shrinks below it goes unnoticed until it grows past it again).
   */
  async function recoverAfterStoreFailure(): Promise<boolean> {
    let stored: IndexerCheckpoint | undefined;
    try {
      stored = await store.getCheckpoint(chainId);
    } catch {
      return false;
    }
    if (stored === undefined) return false;
    const tip = tracker.tip();
    if (stored.blockNumber === tip.number && stored.blockHash === tip.hash) {
      lastCommitted = tip; // a write reported failed that had committed after all
      return true;
    }
    const last = lastCommitted;
    if (last === undefined || stored.blockNumber !== last.number || stored.blockHash !== last.hash)
      return false;
    tracker.rollback(last);
    fetcher.sources.rollback(last.number);
    return true;
  }

  /**
   * The write of the last staged batch (pipelined stores, see `IndexerStore.stageBatch`): started once the one before
   * it resolved; it emits its batch event when it commits. The tracker already holds its blocks.
   */
  let inflight: Promise<void> | undefined;
  /** Waits for the write in flight; rethrows its failure. */
  async function settle(): Promise<void> {
    const write = inflight;
    if (write === undefined) return;
    try {
      await write;
    } finally {
      if (inflight === write) inflight = undefined;
    }
  }

  /** Metrics and the batch event of a committed batch. */
  function committed(
    batch: { fromBlock: bigint; toBlock: bigint; logs: number; last: BlockHeader },
    head: bigint,
    finalized: bigint,
    started: number,
    writeMs: number,
  ): void {
    const seconds = (performance.now() - started) / 1000;
    metrics?.batchWriteMs.observe(writeMs);
    metrics?.batchesTotal.inc();
    metrics?.eventsTotal.inc(undefined, batch.logs);
    metrics?.eventsPerSecond.set(seconds > 0 ? batch.logs / seconds : 0);
    lastCommitted = batch.last;
    metrics?.indexedBlock.set(Number(batch.last.number));
    metrics?.lagBlocks.set(Number(maxBigInt(0n, head - batch.last.number)));
    metrics?.lagSeconds.set(Math.max(0, now() / 1000 - Number(batch.last.timestamp)));
    emit({
      type: "batch",
      phase: caughtUp ? "realtime" : "backfill",
      fromBlock: batch.fromBlock,
      toBlock: batch.toBlock,
      logs: batch.logs,
      headBlock: head,
      finalizedBlock: finalized,
      writeMs,
    });
  }

  async function rollback(reorg: ReorgEvent): Promise<void> {
    // The batch being written lies above the ancestor or not: either way it must land before the rollback.
    await settle();
    const ancestor = reorg.commonAncestor;
    const floor = tracker.floor();
    const checkpoint: IndexerCheckpoint = {
      blockNumber: ancestor.number,
      blockHash: ancestor.hash,
      finalizedBlockNumber: minBigInt(floor, ancestor.number),
    };
    dropPrefetch();
    await callStore("rollbackTo", () => store.rollbackTo({ chainId, checkpoint }));
    fetcher.sources.rollback(ancestor.number);
    tracker.rollback(ancestor);
    lastCommitted = ancestor;
    metrics?.reorgsTotal.inc();
    metrics?.reorgDepth.observe(reorg.depth);
    metrics?.indexedBlock.set(Number(ancestor.number));
    emit(reorg);
  }

  /** One round: "idle" when there is nothing new, "busy" when the next round should start at once. */
  async function step(): Promise<"idle" | "busy"> {
    const head = await tracker.getHeader({ blockTag: "latest" });
    metrics?.headBlock.set(Number(head.number));
    const tip = tracker.tip();
    if (head.number <= tip.number) {
      // Caught up with the blocks staged: "caught up" (and idling) once they are written.
      await settle();
      const reorg = await tracker.check(head);
      if (reorg !== undefined) {
        await rollback(reorg);
        return "busy";
      }
      metrics?.lagBlocks.set(0);
      metrics?.lagSeconds.set(Math.max(0, now() / 1000 - Number(tip.timestamp)));
      if (!caughtUp) {
        caughtUp = true;
        logger?.info({ blockNumber: tip.number }, "caught up with the head");
        emit({ type: "caught-up", blockNumber: tip.number, blockHash: tip.hash });
      }
      return "idle";
    }
    const finalized = await tracker.getFinalizedBlockNumber(head);
    metrics?.finalizedBlock.set(Number(finalized));
    const fromBlock = tip.number + 1n;
    // A prefetched range that starts here (and still exists: a reorg may have shortened the chain) is the batch.
    const first = prefetched[0];
    const ahead = first?.fromBlock === fromBlock && first.toBlock <= head.number ? first : undefined;
    if (ahead === undefined) prefetched = [];
    else prefetched.shift();
    const toBlock = ahead?.toBlock ?? minBigInt(head.number, fromBlock + nextBatchBlocks - 1n);
    const started = performance.now();
    const batch = await fetchBatch({
      chainId,
      fetcher,
      tracker,
      fromBlock,
      toBlock,
      finalized,
      headerConcurrency: params.headerConcurrency,
      headersOfLogBlocks: params.headersOfLogBlocks,
      prefetchedLogs: ahead?.logs,
      logger,
      signal,
    });
    if (batch.type === "reorg") {
      await rollback(batch);
      return "busy";
    }
    if (signal.aborted) return "idle";
    const perBlock = batch.logs.length / Number(toBlock - fromBlock + 1n);
    nextBatchBlocks = maxBigInt(
      1n,
      minBigInt(batchBlocks, BigInt(Math.floor(batchLogs / Math.max(perBlock, 1e-9)))),
    );
    if (toBlock < head.number) {
      // Backfill: fetch the next range while this one is written (the node works while the database does).
      let end = prefetched[prefetched.length - 1]?.toBlock ?? toBlock;
      while (prefetched.length < prefetchDepth && end < head.number) {
        const next = { fromBlock: end + 1n, toBlock: minBigInt(head.number, end + nextBatchBlocks) };
        const logs = fetcher.fetchLogs({ ...next, signal });
        logs.catch(() => {}); // consumed (and its error rethrown) by a later step, or dropped
        prefetched.push({ ...next, logs });
        end = next.toBlock;
      }
    }
    const applied = {
      chainId,
      fromBlock,
      toBlock,
      blocks: batch.blocks,
      logs: batch.logs,
      checkpoint: batch.checkpoint,
    };
    const summary = {
      fromBlock,
      toBlock,
      logs: batch.logs.length,
      last: batch.blocks[batch.blocks.length - 1] as BlockHeader,
    };
    const stage = store.stageBatch?.bind(store);
    if (stage !== undefined) {
      // Pipelined: this batch is projected now, while the previous one is still being written, and its own write
      // starts once that one has committed. The next step fetches (and stages) the following batch meanwhile.
      const write = await callStore("applyBatch", () => stage(applied));
      // Written even when aborted meanwhile: a staged batch is written unless the write before it failed.
      await settle();
      const writeStarted = performance.now();
      const writing = callStore("applyBatch", write).then(() =>
        committed(summary, head.number, finalized, started, performance.now() - writeStarted),
      );
      writing.catch(() => {}); // rethrown by settle()
      inflight = writing;
      tracker.append(batch.blocks, finalized);
      return "busy";
    }
    const writeStarted = performance.now();
    await callStore("applyBatch", () => store.applyBatch(applied));
    const writeMs = performance.now() - writeStarted;
    tracker.append(batch.blocks, finalized);
    committed(summary, head.number, finalized, started, writeMs);
    return "busy";
  }

  return {
    sources: fetcher.sources,
    async start() {
      if (running) throw new Error("createSync: start() called twice");
      running = true;
      /** Waits for the write in flight, if any; true when it failed. */
      const drain = async (): Promise<boolean> => {
        try {
          await settle();
          return false;
        } catch {
          return true;
        }
      };
      let initialized = false;
      let attempt = 0;
      while (!signal.aborted) {
        try {
          if (!initialized) {
            await resumeSync({
              publicClient,
              chainId,
              startBlock,
              store,
              tracker,
              fetcher,
              rollback,
              rpc: params.rpc,
              metrics,
              logger,
              signal,
            });
            initialized = true;
            lastCommitted = tracker.tip();
          }
          const state = await step();
          attempt = 0;
          if (state === "idle") await sleep(pollingIntervalMs, signal);
        } catch (thrown) {
          // A write still in flight lands (or fails) before anything else: the checkpoint must be final to resume.
          const writeFailed = await drain();
          if (signal.aborted) break;
          const error = toIndexerError(thrown);
          if (!error.retryable) {
            logger?.error({ code: error.code, error }, "indexer stopped by a fatal error");
            throw error;
          }
          dropPrefetch();
          // A store failure may have committed or not (and the tracker may hold the blocks of a batch whose write
          // failed): go on from the store's checkpoint.
          if (initialized && (error instanceof IndexerStoreError || writeFailed))
            initialized = await recoverAfterStoreFailure();
          attempt++;
          const delayMs = backoffDelay(attempt, {
            baseDelayMs: params.retryDelayMs ?? 500,
            maxDelayMs: params.maxRetryDelayMs ?? 30_000,
          });
          logger?.warn({ code: error.code, attempt, delayMs, message: error.message }, "retrying");
          emit({ type: "retry", attempt, delayMs, error });
          await sleep(delayMs, signal);
        }
      }
      // Stopped: the last staged batch's write lands before start() resolves (the caller closes the database next).
      await drain();
    },
  };
}
