import type { SyncEvent } from "@coinscious/indexer";
import { bigintJson } from "../errors.ts";

/**
 * How `coinscious index` shows progress:
 * - `bar`: a one-line progress bar on a terminal (blocks/s, events/s, ETA), then one line per minute of realtime;
 * - `log`: a plain line per second at most during backfill, then per minute (logs, pipes);
 * - `json`: one NDJSON object per event on stdout (scripts, benchmarks): every batch, caught-up, reorg, retry,
 *   role change, with `at` in epoch ms;
 * - `none`.
 */
export type ProgressMode = "bar" | "log" | "json" | "none";

export type ProgressReporter = {
  onProgress(event: SyncEvent): void;
  onRole(role: "standby" | "writer" | "reconnecting"): void;
  /** Ends the bar's line (before other output, or at exit). */
  close(): void;
};

export type CreateProgressReporterParameters = {
  mode: ProgressMode;
  /** Terminal output (stderr): the bar and log lines. */
  write: (text: string) => void;
  /** Machine output (stdout): JSON lines. */
  writeLine: (line: string) => void;
  /** Bar width in characters. Default 24. */
  width?: number;
  /** Wall clock in ms. Default `Date.now`. */
  now?: () => number;
};

const SUMMARY_EVERY_MS = 60_000;
const LOG_EVERY_MS = 1_000;

const fmt = (n: number | bigint) => (typeof n === "bigint" ? n : Math.round(n)).toLocaleString("en-US");

/** "1h 02m", "3m 07s", "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * Turns the sync's events into what an operator watches. Backfill rates are measured from the first batch:
 * blocks/s and events/s over the elapsed time, ETA = blocks left to the latest head ÷ blocks/s.
 *
 * @example
 * const reporter = createProgressReporter({ mode: process.stderr.isTTY ? "bar" : "log",
 *   write: (t) => process.stderr.write(t), writeLine: (l) => process.stdout.write(`${l}\n`) });
 * await runIndexer({ …, onProgress: reporter.onProgress, onRole: reporter.onRole });
 */
export function createProgressReporter(params: CreateProgressReporterParameters): ProgressReporter {
  const { mode, write, writeLine } = params;
  const now = params.now ?? Date.now;
  const width = params.width ?? 24;
  // Rates count from the reporter's creation (the indexer's start) or from taking the writer lock, so the
  // first batch's own duration is included.
  let startedAt = now();
  let firstBlock: bigint | undefined;
  let blocks = 0n;
  let events = 0;
  let barOpen = false;
  let lastLogAt = 0;
  let realtime = { since: 0, batches: 0, events: 0, lastBlock: 0n };

  const endBar = () => {
    if (barOpen) write("\n");
    barOpen = false;
  };
  const line = (text: string) => {
    endBar();
    write(`${text}\n`);
  };

  const rates = (at: number) => {
    const seconds = Math.max(0.001, (at - startedAt) / 1000);
    return { seconds, blocksPerSecond: Number(blocks) / seconds, eventsPerSecond: events / seconds };
  };

  function backfill(e: Extract<SyncEvent, { type: "batch" }>, at: number): void {
    firstBlock ??= e.fromBlock;
    blocks += e.toBlock - e.fromBlock + 1n;
    events += e.logs;
    const total = e.headBlock - firstBlock + 1n;
    const done = e.toBlock - firstBlock + 1n;
    const fraction = total > 0n ? Number(done) / Number(total) : 1;
    const r = rates(at);
    const eta = r.blocksPerSecond > 0 ? Number(e.headBlock - e.toBlock) / r.blocksPerSecond : Number.NaN;
    const stats =
      `${fmt(done)}/${fmt(total)} blocks  ${fmt(r.blocksPerSecond)} blocks/s  ` +
      `${fmt(r.eventsPerSecond)} events/s  ETA ${formatDuration(eta)}`;
    if (mode === "bar") {
      const filled = Math.min(width, Math.max(0, Math.round(fraction * width)));
      write(
        `\r\x1b[2Kbackfill ${"█".repeat(filled)}${"░".repeat(width - filled)} ${(fraction * 100).toFixed(0).padStart(3)}%  ${stats}`,
      );
      barOpen = true;
    } else if (at - lastLogAt >= LOG_EVERY_MS) {
      lastLogAt = at;
      line(`backfill ${(fraction * 100).toFixed(1)}%  ${stats}`);
    }
  }

  function summarize(at: number, force = false): void {
    if (!force && at - realtime.since < SUMMARY_EVERY_MS) return;
    if (realtime.batches > 0) {
      const seconds = Math.max(0.001, (at - realtime.since) / 1000);
      line(
        `realtime: block ${fmt(realtime.lastBlock)}, ${fmt(realtime.events)} events in ${fmt(realtime.batches)} batches over ${formatDuration(seconds)}`,
      );
    }
    realtime = { since: at, batches: 0, events: 0, lastBlock: realtime.lastBlock };
  }

  return {
    onProgress(e) {
      const at = now();
      if (mode === "json") {
        writeLine(
          JSON.stringify({ ...e, ...("error" in e ? { error: e.error.toJSON() } : {}), at }, bigintJson),
        );
        return;
      }
      if (mode === "none") return;
      switch (e.type) {
        case "batch":
          if (e.phase === "backfill") backfill(e, at);
          else {
            realtime.batches++;
            realtime.events += e.logs;
            realtime.lastBlock = e.toBlock;
            summarize(at);
          }
          break;
        case "caught-up": {
          const r = rates(at);
          line(
            firstBlock === undefined
              ? `caught up at block ${fmt(e.blockNumber)}: following new blocks`
              : `caught up at block ${fmt(e.blockNumber)}: ${fmt(blocks)} blocks, ${fmt(events)} events in ${formatDuration(r.seconds)} (${fmt(r.eventsPerSecond)} events/s); following new blocks`,
          );
          realtime = { since: at, batches: 0, events: 0, lastBlock: e.blockNumber };
          break;
        }
        case "reorg":
          line(`reorg: ${e.depth} block(s) replaced, rolled back to ${fmt(e.commonAncestor.number)}`);
          break;
        case "retry":
          line(
            `retrying in ${formatDuration(e.delayMs / 1000)} (attempt ${e.attempt}): ${e.error.code} ${e.error.message}`,
          );
          break;
      }
    },
    onRole(role) {
      if (role === "writer") startedAt = now();
      if (mode === "json") {
        writeLine(JSON.stringify({ type: "role", role, at: now() }));
        return;
      }
      if (mode === "none") return;
      line(
        role === "standby"
          ? "another indexer is writing: standing by (takes over when it stops)"
          : role === "writer"
            ? "writer lock acquired: indexing"
            : "database connection lost: reconnecting",
      );
    },
    close() {
      if (mode === "bar" || mode === "log") summarize(now(), true);
      endBar();
    },
  };
}
