import { ValidationError } from "@coinscious/core";
import type { GaugeMetric, IndexerLogger } from "../common/types.ts";

/** What the watchdog knew when it declared a stall. */
export type StallInfo = {
  /** How long (ms) the indexer has been behind the head without its indexed block moving. */
  sinceMs: number;
  /** The latest head observed. */
  headBlock: bigint;
  /** The latest indexed block observed; undefined when no batch was written yet. */
  indexedBlock: bigint | undefined;
};

/** What the watchdog knew when the stall ended. */
export type RecoverInfo = {
  /** How long (ms) the stall episode lasted, from `onStall` to now. */
  stalledMs: number;
  headBlock: bigint | undefined;
  indexedBlock: bigint | undefined;
};

/** The gauges the watchdog keeps (`createPrometheusIndexerMetrics` has both). */
export type StallWatchdogMetrics = {
  /** 1 during a stall, else 0. */
  stalled: GaugeMetric;
  /** Unix time in seconds of the last change of the indexed block. */
  lastProgressTimestampSeconds?: GaugeMetric;
};

export type CreateStallWatchdogParameters = {
  /** Time behind the head without progress after which the indexer counts as stalled. */
  stallAfterMs: number;
  /** How often the timer checks. Default `min(1 000, stallAfterMs / 2)` ms. */
  checkIntervalMs?: number;
  /** Wall clock in ms. Default `Date.now`. */
  now?: () => number;
  /** Called once per stall episode. */
  onStall: (info: StallInfo) => void;
  /** Called when the episode ends (the indexed block moved, or the head is no longer ahead). */
  onRecover?: (info: RecoverInfo) => void;
  metrics?: StallWatchdogMetrics;
  /** Where a throwing callback is reported (a callback must not break the sync's progress handler). */
  logger?: IndexerLogger;
};

export type StallWatchdog = {
  /** The chain's latest block (a lower number than before is taken as is: a reorg or a reverted devnet). */
  observeHead(blockNumber: bigint): void;
  /** The indexed block after a batch; any change counts as progress (a rollback then re-index is work). */
  observeProgress(indexedBlock: bigint): void;
  /** Runs one check now (the timer calls it every `checkIntervalMs`; tests call it after moving the clock). */
  check(): void;
  /** Clears the timer. Idempotent; observations after it are recorded but never checked by a timer. */
  stop(): void;
};

/**
 * Tells a stalled indexer from an idle one. A stall is: the head is ahead of the indexed block, and the
 * indexed block has not moved for `stallAfterMs` while it was. A quiet chain (no new head) is not a stall,
 * nor is being caught up; the clock starts when the indexer falls behind — not at its last progress, which
 * may lie hours back on a quiet chain — and restarts at each progress. On a stall it calls `onStall` once,
 * sets the `stalled` gauge to 1; when progress resumes (or the head is no longer ahead) it sets it back to
 * 0 and calls `onRecover`. Knows nothing of `createSync`: it is fed from its `SyncEvent`s.
 *
 * Wiring in the CLI: feed it from the sync's progress events and from a periodic head read, so that a sync
 * stuck in its retry loop (no `batch` events at all) still shows the head moving away:
 *
 * @example
 * const wd = createStallWatchdog({ stallAfterMs: 120_000, metrics, logger,
 *   onStall: (s) => { logger.error({ ...s }, "indexer stalled"); if (config.exitOnStall) process.exit(70) } });
 * const sync = createSync({ publicClient, sources, store, metrics,
 *   onProgress: (e) => { if (e.type === "batch") { wd.observeHead(e.headBlock); wd.observeProgress(e.toBlock) } } });
 * const heads = setInterval(async () => wd.observeHead(await publicClient.getBlockNumber()), 15_000);
 * await sync.start();
 * clearInterval(heads);
 * wd.stop();
 */
export function createStallWatchdog(params: CreateStallWatchdogParameters): StallWatchdog {
  const { stallAfterMs, onStall, onRecover, metrics, logger } = params;
  if (!Number.isFinite(stallAfterMs) || stallAfterMs <= 0)
    throw new ValidationError("stallAfterMs must be a positive number of milliseconds", { stallAfterMs });
  const checkIntervalMs =
    params.checkIntervalMs ?? Math.max(1, Math.min(1_000, Math.floor(stallAfterMs / 2)));
  if (!Number.isFinite(checkIntervalMs) || checkIntervalMs <= 0)
    throw new ValidationError("checkIntervalMs must be a positive number of milliseconds", {
      checkIntervalMs,
    });
  const now = params.now ?? Date.now;

  let head: bigint | undefined;
  let indexed: bigint | undefined;
  /** When the indexer was last seen behind with nothing done since; undefined while it is not behind. */
  let behindSince: number | undefined;
  let stalledAt: number | undefined;

  const call = <T>(name: string, fn: ((info: T) => void) | undefined, info: T) => {
    try {
      fn?.(info);
    } catch (error) {
      logger?.error({ error }, `stall watchdog: ${name} threw`);
    }
  };
  const isBehind = () => head !== undefined && (indexed === undefined || head > indexed);

  const recover = () => {
    if (stalledAt === undefined) return;
    const stalledMs = now() - stalledAt;
    stalledAt = undefined;
    metrics?.stalled.set(0);
    call("onRecover", onRecover, { stalledMs, headBlock: head, indexedBlock: indexed });
  };

  /** Keeps `behindSince` in step with the blocks; `progressed` restarts the clock. */
  const update = (progressed: boolean) => {
    if (!isBehind()) {
      behindSince = undefined;
      recover();
      return;
    }
    if (progressed) {
      behindSince = now();
      recover();
    } else behindSince ??= now();
    check();
  };

  function check() {
    if (stalledAt !== undefined || behindSince === undefined || head === undefined) return;
    const sinceMs = now() - behindSince;
    if (sinceMs < stallAfterMs) return;
    stalledAt = now();
    metrics?.stalled.set(1);
    call("onStall", onStall, { sinceMs, headBlock: head, indexedBlock: indexed });
  }

  metrics?.stalled.set(0);
  let timer: ReturnType<typeof setInterval> | undefined = setInterval(check, checkIntervalMs);
  // The watchdog watches a process; it is no reason to keep one alive.
  timer.unref?.();

  return {
    observeHead(blockNumber) {
      head = blockNumber;
      update(false);
    },
    observeProgress(blockNumber) {
      const progressed = indexed !== blockNumber;
      indexed = blockNumber;
      if (progressed) metrics?.lastProgressTimestampSeconds?.set(now() / 1000);
      update(progressed);
    },
    check,
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}
