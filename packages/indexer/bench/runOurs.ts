/**
 * The Coinscious side of `npm run bench:indexer`: `coinscious index` as a child process, against the
 * generator's anvil (through the head gate, headGate.ts) and manifest, on a fresh PGlite directory. The contract
 * it is measured through:
 *
 *   node packages/cli/bin/coinscious.mjs index --rpc-url <url> --manifest <manifest.json> --data-dir <dir>
 *     --progress json --finality-depth <n> --polling-interval <ms>
 *
 * prints NDJSON on stdout, one object per line:
 *   {"type":"batch","phase":"backfill"|"realtime","fromBlock":"<dec>","toBlock":"<dec>","logs":<n>,
 *    "headBlock":"<dec>","writeMs":<n>,"at":<epoch ms>}   after each committed batch (rows queryable)
 *   {"type":"caught-up","blockNumber":"<dec>","at":<epoch ms>}   when a head read finds the indexed tip at the
 *     head, the first time (right after the batch that reached it)
 *   {"type":"role"|"reorg"|"retry",…,"at":<epoch ms>}   (counted in the notes)
 * and exits 0 on SIGTERM/SIGINT after closing its database. `--polling-interval` is Ponder's
 * `pollingInterval` (the same head polling for both). The balances are then read with
 * `createDatabase({ dataDir })`: `SELECT token, wallet, balance FROM balances WHERE balance > 0`.
 *
 * Measured like Ponder: backfill = launch → the caught-up line for the head (the data is followed by finality
 * padding); realtime latency = `evm_mine` returned → the `at` of the first batch whose `toBlock` covers the
 * block (self-reported after commit, like Ponder's "Indexed block" log); peak RSS of the process tree.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { createDatabase } from "@coinscious/db";
import type { GeneratedChain } from "./generate.ts";
import type { HeadGate } from "./headGate.ts";
import { type BalanceRow, balanceChecksum, type IndexerResult, maxBlock } from "./measure.ts";
import { cpuOfSides, sampleRss, sleep, spawnGroup } from "./procs.ts";
import { measureRealtime, type Observation, type RealtimeOptions } from "./realtime.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
// BENCH_OURS_CLI: another script honouring the same contract (only to test this harness).
const CLI =
  process.env.BENCH_OURS_CLI ?? fileURLToPath(new URL("../../cli/bin/coinscious.mjs", import.meta.url));

/** BENCH_OURS_NODE_ARGS: flags for the indexer's node, space-separated (experiments with V8 flags; default none). */
function nodeArgs(): string[] {
  return (process.env.BENCH_OURS_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
}

export type RunOursOptions = {
  chain: GeneratedChain;
  /** A fresh PGlite directory. */
  dataDir: string;
  realtime: RealtimeOptions;
  finalityDepth: number;
  /** Head polling once caught up (`--polling-interval`), the same as Ponder's `pollingInterval`. */
  pollingMs: number;
  /** Empty blocks mined before launch (as for Ponder). Default 32. */
  finalityPadding?: number;
  logFile: string;
  log: (line: string) => void;
  /**
   * The head gate in front of anvil (headGate.ts): the indexer is given its URL from launch, and the realtime
   * throughput part is gated through it. Without one, the indexer talks to anvil directly (and the part is live).
   */
  gate?: HeadGate;
};

type Progress =
  | {
      type: "batch";
      phase: "backfill" | "realtime";
      fromBlock: string;
      toBlock: string;
      logs: number;
      headBlock: string;
      writeMs: number;
      at: number;
    }
  | { type: "caught-up"; blockNumber: string; at: number }
  | { type: "reorg"; depth: number; commonAncestor?: { number?: string }; at: number }
  | { type: "role"; role: "standby" | "writer" | "reconnecting"; at: number }
  | { type: "retry"; at: number };

export async function runOurs(o: RunOursOptions): Promise<IndexerResult> {
  const { chain, log } = o;
  const notes: string[] = [];
  const backfillHead = await chain.traffic.mineEmpty(o.finalityPadding ?? 32);
  const backfillEvents = chain.traffic.eventsBetween(chain.tokenBlock, backfillHead);

  const logStream = createWriteStream(o.logFile);
  const indexed: Observation[] = [];
  let caughtUp: { at: number; block: bigint } | undefined;
  let badLines = 0;
  const other = { reorg: 0, retry: 0, lastAt: 0 };
  let writerAt: number | undefined;
  let pending = "";
  const onLine = (line: string) => {
    logStream.write(`${line}\n`);
    let p: Progress;
    try {
      p = JSON.parse(line) as Progress;
    } catch {
      badLines++;
      return;
    }
    if (p.type === "batch") indexed.push({ at: p.at, block: BigInt(p.toBlock) });
    else if (p.type === "caught-up") caughtUp ??= { at: p.at, block: BigInt(p.blockNumber) };
    else if (p.type === "role" && p.role === "writer") writerAt ??= p.at;
    else if (p.type === "reorg" || p.type === "retry") {
      other[p.type]++;
      other.lastAt = Math.max(other.lastAt, p.at);
      // Rolled back to the common ancestor: the blocks above it are indexed again.
      if (p.type === "reorg" && p.commonAncestor?.number !== undefined)
        indexed.push({ at: p.at, block: BigInt(p.commonAncestor.number) });
    }
  };

  const args = [
    ...nodeArgs(),
    CLI,
    "index",
    "--rpc-url",
    o.gate?.url ?? chain.rpcUrl,
    "--manifest",
    chain.manifestPath,
    "--data-dir",
    o.dataDir,
    "--progress",
    "json",
    "--finality-depth",
    String(o.finalityDepth),
    "--polling-interval",
    String(o.pollingMs),
  ];
  // The bin runs a cached bundle of the sources, built on the first start after a change: build it now, as an
  // install would, so that the measured start is the start an operator sees every day.
  if (process.env.BENCH_OURS_CLI === undefined) {
    const warm = spawnSync(process.execPath, [CLI, "--help"], { cwd: REPO_ROOT, stdio: "ignore" });
    if (warm.status !== 0) throw new Error(`coinscious --help exited with ${warm.status}`);
  }
  log(
    `ours: backfill of ${backfillEvents} Transfer events up to block ${backfillHead}; launching coinscious index`,
  );
  const t0 = Date.now();
  const proc = spawnGroup(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  proc.child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const l of lines) if (l.trim()) onLine(l);
  });
  let stderrTail = "";
  proc.child.stderr?.on("data", (chunk: Buffer) => {
    logStream.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2_000);
  });
  const rss = sampleRss(proc.pid, 100);
  const failure = () => new Error(`coinscious index exited early (see ${o.logFile}):\n${stderrTail}`);
  const indexedUpTo = () => maxBlock(indexed);
  let backfillHeadBatchGap: number | undefined;

  try {
    // ---- backfill: launch → the caught-up line for the head. The command prints it after the batch that
    // reached the head, when its next head read finds nothing new; the batch line comes first, so the wait
    // goes on for the caught-up line (up to 30 s) once a batch has reached the head.
    const deadline = Date.now() + 15 * 60_000;
    let reachedAt: number | undefined;
    while (!(caughtUp && caughtUp.block >= backfillHead)) {
      if (!proc.isRunning()) throw failure();
      if (Date.now() > deadline) throw new Error("ours: no catch-up within 15 minutes");
      if (reachedAt === undefined && indexedUpTo() >= backfillHead) reachedAt = Date.now();
      if (reachedAt !== undefined && Date.now() - reachedAt > 30_000) break;
      await sleep(5);
    }
    const headBatchAt = indexed.find((x) => x.block >= backfillHead)?.at;
    let caughtUpAt: number;
    if (caughtUp && caughtUp.block >= backfillHead) {
      caughtUpAt = caughtUp.at;
      if (headBatchAt !== undefined) backfillHeadBatchGap = caughtUp.at - headBatchAt;
    } else {
      caughtUpAt = headBatchAt ?? Date.now();
      notes.push(
        `no caught-up line within 30 s of the batch that reached block ${backfillHead}: backfill end taken from that batch`,
      );
    }
    const backfillMs = caughtUpAt - t0;
    log(
      `ours: caught up with block ${backfillHead} after ${backfillMs} ms (${Math.round((backfillEvents / backfillMs) * 1000)} events/s)`,
    );

    // ---- realtime
    const realtime = await measureRealtime(
      chain.traffic,
      o.realtime,
      {
        observed: indexed,
        assertAlive: () => {
          if (!proc.isRunning()) throw failure();
        },
        lastTroubleAt: () => other.lastAt,
        cpu: cpuOfSides(proc.pid, o.chain.devnet.pid),
      },
      log,
      o.gate,
    );

    const exit = await proc.stop(20_000);
    const mem = rss.stop();
    if (exit.code !== 0)
      throw new Error(`coinscious index exited with ${exit.code ?? exit.signal} after SIGTERM (want 0)`);
    if (badLines > 0) notes.push(`${badLines} stdout line(s) were not JSON`);
    if (other.reorg > 0 || other.retry > 0)
      notes.push(`${other.reorg} reorg and ${other.retry} retry line(s) (see ${o.logFile})`);
    const { rows, transferRows } = await readOursDatabase(o.dataDir, notes);
    return {
      name: "ours",
      backfillEvents,
      backfillHead,
      backfillMs,
      backfillEps: (backfillEvents / backfillMs) * 1000,
      realtime,
      latencyNote: `"at" of the first committed batch covering the block (NDJSON progress); --polling-interval ${o.pollingMs} ms`,
      peakRssMb: mem.peakMb,
      maxHwmMb: mem.maxHwmMb,
      finalBlock: realtime.lastBlock,
      checksum: balanceChecksum(rows),
      ...(transferRows === undefined ? {} : { transferRows }),
      extra: {
        ...(writerAt === undefined
          ? {}
          : { "launch → writer role (s)": ((writerAt - t0) / 1000).toFixed(2) }),
        ...(backfillHeadBatchGap === undefined
          ? {}
          : { "own log: head batch → caught-up line (ms)": String(backfillHeadBatchGap) }),
      },
      notes,
    };
  } finally {
    await proc.stop(5_000);
    rss.stop();
    await new Promise<void>((resolve) => logStream.end(resolve));
  }
}

async function readOursDatabase(
  dataDir: string,
  notes: string[],
): Promise<{ rows: BalanceRow[]; transferRows: number | undefined }> {
  const db = await createDatabase({ dataDir });
  try {
    const { rows } = await db.query<{ token: string; wallet: string; balance: string }>(
      "SELECT token, wallet, balance FROM balances WHERE balance > 0",
    );
    let transferRows: number | undefined;
    try {
      const r = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM transfers");
      transferRows = Number(r.rows[0]?.n ?? 0);
    } catch (error) {
      notes.push(`transfer rows not counted: ${(error as Error).message}`);
    }
    return { rows: rows.map((r) => ({ ...r, balance: String(r.balance) })), transferRows };
  } finally {
    await db.close();
  }
}
