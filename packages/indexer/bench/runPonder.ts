/**
 * The Ponder side of `npm run bench:indexer`: Ponder 0.16.10 (bench/ponder-app, installed on demand, never by
 * the repository's `npm ci`) on its embedded PGlite, against the generator's anvil (through the head gate,
 * headGate.ts).
 *
 * - backfill: process launch → `GET /ready` answers 200 and `GET /status` reports the head (the data was
 *   followed by finality padding, so Ponder backfills it all as finalized); no HTTP polling before Ponder
 *   logs that /ready answers (polling would compete with the backfill for its event loop and PGlite);
 * - realtime: blocks mined one at a time at a steady pace; block-to-queryable latency = `evm_mine` returned →
 *   the first `GET /status` poll (every `statusPollMs`) that reports the block. Ponder commits `/status`'s
 *   checkpoint in the same transaction as the block's rows, so the rows are queryable then. Ponder's own
 *   "Indexed block" log line (written right after that commit) gives a second, poll-free view;
 * - peak RSS of the process tree (VmRSS sampled every 100 ms, and the largest VmHWM);
 * - afterwards (SIGTERM, then SIGKILL by process group) its PGlite directory is opened — with the PGlite
 *   Ponder itself ships (0.2.x, PostgreSQL 16: the 0.5.x of @coinscious/db, PostgreSQL 18, cannot open it) —
 *   and the balances are checksummed.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { GeneratedChain } from "./generate.ts";
import type { HeadGate } from "./headGate.ts";
import { type BalanceRow, balanceChecksum, type IndexerResult } from "./measure.ts";
import { cpuOfSides, freePort, sampleRss, sleep, spawnGroup } from "./procs.ts";
import { measureRealtime, type Observation, type RealtimeOptions, type RealtimeResult } from "./realtime.ts";

export const PONDER_APP_DIR = fileURLToPath(new URL("./ponder-app/", import.meta.url));
const SCHEMA = "bench";
/** ponder's package.json (it does not export the path, so it is found on disk, where `npm ci` puts it). */
const PONDER_PKG = join(PONDER_APP_DIR, "node_modules", "ponder", "package.json");

/** `npm ci` in bench/ponder-app when its node_modules is missing (pinned by its own package-lock.json). */
export function ensurePonderInstalled(log: (line: string) => void): void {
  if (existsSync(PONDER_PKG)) return;
  log(`installing Ponder into ${PONDER_APP_DIR} (npm ci, once)…`);
  const r = spawnSync("npm", ["ci", "--prefix", PONDER_APP_DIR, "--no-audit", "--no-fund"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) throw new Error(`npm ci in ${PONDER_APP_DIR} failed (exit ${r.status})`);
}

function ponderBin(): string {
  const pkgPath = PONDER_PKG;
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string; bin: { ponder: string } };
  if (pkg.version !== "0.16.10") throw new Error(`bench/ponder-app has ponder ${pkg.version}, want 0.16.10`);
  return join(dirname(pkgPath), pkg.bin.ponder);
}

export type RunPonderOptions = {
  chain: GeneratedChain;
  /** A fresh PGlite directory (must not exist yet or be empty). */
  dataDir: string;
  realtime: RealtimeOptions;
  /** Empty blocks mined before launch, so the data is finalized for Ponder (30 on chain 31337). Default 32. */
  finalityPadding?: number;
  /** Ponder's `pollingInterval` for the chain (its minimum is 100). Default 100. */
  pollingMs?: number;
  /** How often the harness polls `/status` during realtime. Default 20. */
  statusPollMs?: number;
  logFile: string;
  log: (line: string) => void;
  /**
   * The head gate in front of anvil (headGate.ts): Ponder is given its URL from launch (`BENCH_RPC_URL`), and
   * the realtime throughput part is gated through it. Without one, Ponder talks to anvil directly.
   */
  gate?: HeadGate;
};

type PonderLog = {
  level: number;
  time: number;
  msg: string;
  number?: number;
  port?: number;
  duration?: number;
  endpoint?: string;
  error?: unknown;
};

export async function runPonder(o: RunPonderOptions): Promise<IndexerResult> {
  const { chain, log } = o;
  const notes: string[] = [];
  ensurePonderInstalled(log);
  const bin = ponderBin();

  const backfillHead = await chain.traffic.mineEmpty(o.finalityPadding ?? 32);
  const backfillEvents = chain.traffic.eventsBetween(chain.tokenBlock, backfillHead);
  const requestedPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PONDER_TELEMETRY_DISABLED: "true",
    BENCH_RPC_URL: o.gate?.url ?? chain.rpcUrl,
    BENCH_TOKEN_ADDRESS: chain.token,
    BENCH_START_BLOCK: chain.tokenBlock.toString(),
    BENCH_PGLITE_DIR: o.dataDir,
    BENCH_POLLING_MS: String(o.pollingMs ?? 100),
  };
  for (const k of ["DATABASE_URL", "DATABASE_SCHEMA", "DATABASE_PRIVATE_URL"]) delete env[k];

  const logStream = createWriteStream(o.logFile);
  const indexedLog: Observation[] = [];
  // /status polls during realtime (declared here: a "Reorged block" line also lands in it).
  const observed: Observation[] = [];
  const errors: string[] = [];
  // Reorgs Ponder reports (the chain has none: they follow its own JSON-RPC timeouts) and RPC trouble.
  const trouble = { lastAt: 0, reorgs: 0, rpcWarnings: 0 };
  let port: number | undefined;
  let backfillLogMs: number | undefined;
  let readyLogAt: number | undefined;
  let pending = "";
  const onLine = (line: string) => {
    logStream.write(`${line}\n`);
    let entry: PonderLog;
    try {
      entry = JSON.parse(line) as PonderLog;
    } catch {
      return;
    }
    if (entry.msg === "Completed backfill indexing across all chains" && typeof entry.duration === "number")
      backfillLogMs = entry.duration;
    else if (entry.msg === "Indexed block" && entry.number !== undefined)
      indexedLog.push({ at: entry.time, block: BigInt(entry.number) });
    else if (entry.msg === "Reorged block" && entry.number !== undefined) {
      // Rolled back to `number`: what lies above it is indexed again (both views go back down).
      trouble.reorgs++;
      trouble.lastAt = Math.max(trouble.lastAt, entry.time, Date.now());
      indexedLog.push({ at: entry.time, block: BigInt(entry.number) });
      observed.push({ at: Date.now(), block: BigInt(entry.number) });
    } else if (entry.level >= 40 && entry.msg.includes("JSON-RPC")) {
      trouble.rpcWarnings++;
      trouble.lastAt = Math.max(trouble.lastAt, entry.time);
    } else if (entry.msg === "Created HTTP server" && entry.port !== undefined) port = entry.port;
    else if (entry.msg === "Started returning 200 responses" && entry.endpoint === "/ready")
      readyLogAt = entry.time;
    if (entry.level >= 50) errors.push(`${entry.msg} ${JSON.stringify(entry.error ?? "")}`.slice(0, 2_000));
  };

  log(
    `ponder: backfill of ${backfillEvents} Transfer events up to block ${backfillHead}; launching on 127.0.0.1:${requestedPort}`,
  );
  const t0 = Date.now();
  const proc = spawnGroup(
    process.execPath,
    [
      bin,
      "--log-format",
      "json",
      "start",
      "--schema",
      SCHEMA,
      "--hostname",
      "127.0.0.1",
      "--port",
      String(requestedPort),
    ],
    { cwd: PONDER_APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const l of lines) if (l.trim()) onLine(l);
  });
  proc.child.stderr?.on("data", (chunk: Buffer) => logStream.write(chunk));
  const rss = sampleRss(proc.pid, 100);
  const failure = () =>
    new Error(
      `ponder exited early (see ${o.logFile})${errors.length ? `:\n  ${errors.slice(-3).join("\n  ")}` : ""}`,
    );

  const url = () => `http://127.0.0.1:${port ?? requestedPort}`;
  const status = async (): Promise<bigint | undefined> => {
    try {
      const res = await fetch(`${url()}/status`);
      if (!res.ok) return undefined;
      const body = (await res.json()) as Record<string, { block?: { number?: number } }>;
      const n = body.anvil?.block?.number;
      return n === undefined ? undefined : BigInt(n);
    } catch {
      return undefined;
    }
  };
  const ready = async (): Promise<boolean> => {
    try {
      const res = await fetch(`${url()}/ready`);
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  };

  try {
    // ---- backfill
    let readyAt = 0;
    let caughtUpAt: number | undefined;
    const deadline = Date.now() + 15 * 60_000;
    while (caughtUpAt === undefined) {
      if (!proc.isRunning()) throw failure();
      if (Date.now() > deadline) throw new Error("ponder: no catch-up within 15 minutes");
      // No HTTP requests until Ponder logs that /ready answers 200: its API shares the event loop and the
      // PGlite connection with the indexing, and polling during the backfill would slow it down.
      if (readyLogAt !== undefined && (await ready())) {
        if (readyAt === 0) readyAt = Date.now();
        const n = await status();
        if (n !== undefined && n >= backfillHead) caughtUpAt = Date.now();
      }
      if (caughtUpAt === undefined) await sleep(readyLogAt === undefined ? 10 : 25);
    }
    const backfillMs = caughtUpAt - t0;
    log(
      `ponder: ready after ${readyAt - t0} ms, caught up with block ${backfillHead} after ${backfillMs} ms (${Math.round((backfillEvents / backfillMs) * 1000)} events/s)`,
    );

    // ---- realtime: /status polled throughout; Ponder's "Indexed block" lines as the second view
    const backfillTrouble = { ...trouble };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const n = await status();
        if (n !== undefined) observed.push({ at: Date.now(), block: n });
        await sleep(o.statusPollMs ?? 20);
      }
    })();
    let realtime: RealtimeResult;
    try {
      realtime = await measureRealtime(
        chain.traffic,
        o.realtime,
        {
          observed,
          alt: indexedLog,
          assertAlive: () => {
            if (!proc.isRunning()) throw failure();
          },
          lastTroubleAt: () => trouble.lastAt,
          cpu: cpuOfSides(proc.pid, chain.devnet.pid),
        },
        log,
        o.gate,
      );
    } finally {
      polling = false;
      await poller;
    }

    // ---- stop, then read its database
    const exit = await proc.stop(20_000);
    const mem = rss.stop();
    if (exit.code !== 0) notes.push(`ponder exited with ${exit.code ?? exit.signal} after SIGTERM`);
    const rtReorgs = trouble.reorgs - backfillTrouble.reorgs;
    const rtWarnings = trouble.rpcWarnings - backfillTrouble.rpcWarnings;
    if (rtReorgs > 0 || rtWarnings > 0)
      notes.push(
        `realtime: Ponder logged ${rtReorgs} "Reorged block" (the chain had no reorg) and ${rtWarnings} JSON-RPC warning(s) (its requests timing out while it indexed); blocks count as indexed when indexed for good, after the rollback`,
      );
    if (backfillTrouble.reorgs > 0 || backfillTrouble.rpcWarnings > 0)
      notes.push(
        `backfill: Ponder logged ${backfillTrouble.reorgs} "Reorged block" and ${backfillTrouble.rpcWarnings} JSON-RPC warning(s)`,
      );
    const { rows, transferRows } = await readPonderDatabase(o.dataDir);
    return {
      name: "ponder",
      backfillEvents,
      backfillHead,
      backfillMs,
      backfillEps: (backfillEvents / backfillMs) * 1000,
      realtime,
      latencyNote: `first GET /status (polled every ${o.statusPollMs ?? 20} ms) reporting the block; alt: the time of Ponder's "Indexed block" log line; Ponder pollingInterval ${o.pollingMs ?? 100} ms`,
      peakRssMb: mem.peakMb,
      maxHwmMb: mem.maxHwmMb,
      finalBlock: realtime.lastBlock,
      checksum: balanceChecksum(rows),
      transferRows,
      extra: {
        "launch → /ready (s)": ((readyAt - t0) / 1000).toFixed(2),
        ...(backfillLogMs === undefined
          ? {}
          : {
              "own log: backfill indexing (s)": (backfillLogMs / 1000).toFixed(2),
              "own log: backfill events/s": Math.round((backfillEvents / backfillLogMs) * 1000).toString(),
            }),
      },
      notes,
    };
  } finally {
    await proc.stop(5_000);
    rss.stop();
    await new Promise<void>((resolve) => logStream.end(resolve));
  }
}

type PGliteLike = {
  query<T>(sql: string): Promise<{ rows: T[] }>;
  close(): Promise<void>;
};

/** Opens Ponder's PGlite directory with the PGlite version Ponder wrote it with, and reads the projection. */
export async function readPonderDatabase(
  dataDir: string,
): Promise<{ rows: BalanceRow[]; transferRows: number }> {
  // The PGlite Ponder depends on, resolved from Ponder's own folder.
  const pgliteMain = createRequire(PONDER_PKG).resolve("@electric-sql/pglite");
  const mod = (await import(pathToFileURL(pgliteMain).href)) as {
    PGlite: { create(dataDir: string): Promise<PGliteLike> };
  };
  const db = await mod.PGlite.create(dataDir);
  try {
    const balances = await db.query<{ token: string; wallet: string; balance: string }>(
      `SELECT token, wallet, balance::text AS balance FROM "${SCHEMA}"."balance" WHERE balance > 0`,
    );
    const count = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${SCHEMA}"."transfer"`);
    return { rows: balances.rows, transferRows: Number(count.rows[0]?.n ?? 0) };
  } finally {
    await db.close();
  }
}
