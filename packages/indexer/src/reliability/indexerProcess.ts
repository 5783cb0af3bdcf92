/**
 * An indexer process for the reliability tests: `node --import tsx indexerProcess.ts '<IndexerProcessConfig JSON>'`
 * (or its bundle, see `buildIndexerProcess`).
 * Opens the database (PostgreSQL URL or PGlite data directory), migrates, runs `runIndexer` and prints one NDJSON
 * line per lifecycle event (see `ProcessLine`) on stdout, so the parent can pick kill points; warnings go to
 * stderr. SIGTERM/SIGINT stop it cleanly (exit 0); a fatal error exits 1. It exits as well when its parent dies
 * (IPC channel closed, or re-parented): a test that crashes leaves no indexer behind. With `waitForGo` it loads
 * its code and waits for the parent's `"go"` before opening anything (a warm spare for restart tests).
 */
import { createChainClients } from "@coinscious/chain";
import { createDatabase, type Database, findCheckpoint, migrate } from "@coinscious/db";
import type { IndexerLogger } from "../common/types.ts";
import { runIndexer } from "../run/runIndexer.ts";
import { getManifestSources } from "../sources/getManifestSources.ts";
import {
  type IndexerProcessConfig,
  type ProcessLine,
  toManifestSourcesInput,
} from "./indexerProcessConfig.ts";

const json = (value: unknown) =>
  JSON.stringify(value, (_, v) =>
    typeof v === "bigint" ? v.toString() : v instanceof Error ? v.message : v,
  );
const print = (line: ProcessLine) => process.stdout.write(`${json(line)}\n`);

const logger: IndexerLogger = {
  debug() {},
  info() {},
  warn: (fields, message) => process.stderr.write(`warn: ${message} ${json(fields)}\n`),
  error: (fields, message) => process.stderr.write(`error: ${message} ${json(fields)}\n`),
};

const controller = new AbortController();
let stopping = false;
let started = false;
function stop(exitAfterMs: number) {
  if (stopping) return;
  stopping = true;
  if (!started) process.exit(0);
  controller.abort();
  // A step that does not end (a hung request) must not keep an orphan alive.
  setTimeout(() => process.exit(2), exitAfterMs).unref();
}
process.once("SIGTERM", () => stop(10_000));
process.once("SIGINT", () => stop(10_000));
// The parent's death: the IPC channel closes (spawned with "ipc"), or this process is re-parented.
process.once("disconnect", () => stop(2_000));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop(2_000);
}, 250).unref();

async function main(config: IndexerProcessConfig): Promise<void> {
  const opened = performance.now();
  const db: Database = await createDatabase(
    config.databaseUrl === undefined
      ? // As `coinscious index` runs it: PostgreSQL's wasm on its own thread (the kills hit it mid-write too).
        { dataDir: config.dataDir, pgliteThread: "worker" }
      : { url: config.databaseUrl, maxConnections: 4, connectTimeoutMs: 2_000 },
  );
  try {
    await migrate(db);
    const sources = getManifestSources(toManifestSourcesInput(config.manifest));
    const stored = await findCheckpoint(db, sources.chainId);
    print({
      type: "ready",
      pid: process.pid,
      openMs: Math.round(performance.now() - opened),
      checkpoint:
        stored === undefined
          ? null
          : {
              blockNumber: stored.blockNumber.toString(),
              blockHash: stored.blockHash,
              finalizedBlockNumber: stored.finalizedBlockNumber.toString(),
            },
    });
    const { publicClient } = createChainClients({
      network: "devnet",
      rpcUrl: config.rpcUrl,
      retryCount: 0,
      timeoutMs: config.rpcTimeoutMs ?? 2_000,
    });
    await runIndexer({
      db,
      publicClient,
      sources,
      finality: { type: "depth", depth: config.finalityDepth },
      batchBlocks: config.batchBlocks,
      pollingIntervalMs: config.pollingIntervalMs ?? 50,
      lockPollIntervalMs: config.lockPollIntervalMs ?? 500,
      retryDelayMs: config.retryDelayMs ?? 100,
      maxRetryDelayMs: config.maxRetryDelayMs ?? 2_000,
      rpc: { retries: 4, retryDelayMs: 50 },
      headerConcurrency: 4,
      signal: controller.signal,
      logger,
      onRole: (role) => print({ type: "role", role }),
      onProgress: (e) => {
        if (e.type === "batch")
          print({
            type: "batch",
            phase: e.phase,
            fromBlock: e.fromBlock.toString(),
            toBlock: e.toBlock.toString(),
            logs: e.logs,
            headBlock: e.headBlock.toString(),
            finalizedBlock: e.finalizedBlock.toString(),
          });
        else if (e.type === "caught-up")
          print({ type: "caught-up", blockNumber: e.blockNumber.toString(), blockHash: e.blockHash });
        else if (e.type === "reorg")
          print({ type: "reorg", depth: e.depth, commonAncestor: e.commonAncestor.number.toString() });
        else print({ type: "retry", attempt: e.attempt, code: e.error.code, message: e.error.message });
      },
    });
  } finally {
    await db.close();
  }
}

const config = JSON.parse(process.argv[2] ?? "{}") as IndexerProcessConfig;
const go =
  config.waitForGo === true
    ? new Promise<void>((resolve) => {
        process.on("message", (message) => {
          if (message === "go") resolve();
        });
        print({ type: "loaded", pid: process.pid });
      })
    : Promise.resolve();
go.then(() => {
  started = true;
  return main(config);
}).then(
  () => {
    print({ type: "exit" });
    process.exit(0);
  },
  (error: unknown) => {
    const e = error as { code?: unknown; message?: unknown };
    print({
      type: "error",
      code: typeof e?.code === "string" ? e.code : undefined,
      message: String(e?.message ?? error),
    });
    process.exit(1);
  },
);
