import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { DeploymentManifest } from "@coinscious/chain";
import { CoinsciousError } from "@coinscious/core";
import {
  createMetricsServer,
  createPrometheusIndexerMetrics,
  createStallWatchdog,
  type Finality,
  getManifestSources,
  runIndexer,
} from "@coinscious/indexer";
import { connect, connectionOptions, manifestOf } from "../context.ts";
import { UsageError } from "../errors.ts";
import { createProgressReporter, type ProgressMode } from "../indexer/createProgressReporter.ts";
import { openDatabase } from "../indexer/openDatabase.ts";
import { createLogger } from "../logger.ts";
import type { Command } from "../main.ts";
import { connectionFlags } from "./flags.ts";

const MODES = ["bar", "log", "json", "none"] as const;

/** Exit code when the stall watchdog fires with `--exit-on-stall` (a supervisor restarts the process). */
export const EXIT_STALLED = 3;

function intFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

async function readManifestFile(path: string): Promise<DeploymentManifest> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new UsageError(`--manifest ${path}: not a readable JSON file (${(cause as Error).message})`);
  }
  const m = parsed as Partial<DeploymentManifest>;
  if (typeof m.chainId !== "number" || typeof m.contracts !== "object" || m.contracts === null) {
    throw new UsageError(`--manifest ${path}: not a deployment manifest (needs chainId and contracts)`);
  }
  return m as DeploymentManifest;
}

export const indexCommand: Command = {
  summary: "index the deployment's events into the database (backfill, then follow new blocks)",
  usage:
    "coinscious index [--network …] [--rpc-url URL] [--rpc-url-backup URL] [--manifest FILE]\n" +
    "                 [--database-url URL | --data-dir DIR] [--migrate] [--finality-depth N]\n" +
    "                 [--polling-interval MS] [--batch-blocks N] [--progress bar|log|json|none]\n" +
    "                 [--metrics-port N] [--stall-timeout SECONDS] [--exit-on-stall] [--log-level LEVEL]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...connectionOptions,
        manifest: { type: "string" },
        "database-url": { type: "string" },
        "data-dir": { type: "string" },
        migrate: { type: "boolean" },
        "finality-depth": { type: "string" },
        "polling-interval": { type: "string" },
        "batch-blocks": { type: "string" },
        progress: { type: "string" },
        "metrics-port": { type: "string" },
        "stall-timeout": { type: "string" },
        "exit-on-stall": { type: "boolean" },
        "log-level": { type: "string" },
      },
      strict: true,
    });
    const mode = (values.progress ?? (process.stderr.isTTY ? "bar" : "log")) as ProgressMode;
    if (!(MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`--progress must be one of ${MODES.join(", ")}`);
    }
    if (values["database-url"] !== undefined && values["data-dir"] !== undefined) {
      throw new UsageError("give --database-url (PostgreSQL) or --data-dir (PGlite), not both");
    }
    const finalityDepth = intFlag("finality-depth", values["finality-depth"], 0);
    const pollingIntervalMs = intFlag("polling-interval", values["polling-interval"], 10);
    const batchBlocks = intFlag("batch-blocks", values["batch-blocks"], 1);
    const metricsPort = intFlag("metrics-port", values["metrics-port"], 0);
    const stallTimeoutS = intFlag("stall-timeout", values["stall-timeout"], 1) ?? 120;
    // Progress on a terminal is the bar: logs below warn would tear it.
    const logger = createLogger({
      level: values["log-level"] ?? (mode === "bar" || mode === "json" ? "warn" : "info"),
      write: io.err,
    });

    const ctx = await connect(connectionFlags(values), io.env, io.cwd);
    const manifest =
      values.manifest === undefined ? await manifestOf(ctx) : await readManifestFile(values.manifest);
    if (manifest.chainId !== ctx.chainId) {
      throw new CoinsciousError(
        "CHAIN_ID_MISMATCH",
        `the manifest is for chain ${manifest.chainId} but the RPC serves chain ${ctx.chainId}`,
        { details: { manifest: manifest.chainId, rpc: ctx.chainId } },
      );
    }
    const sources = getManifestSources(manifest);
    const db = await openDatabase({
      databaseUrl: values["database-url"] ?? ctx.config.databaseUrl,
      dataDir: values["data-dir"],
      home: ctx.config.home,
      migrate: values.migrate === true,
      logger,
    });
    const reporter = createProgressReporter({
      mode,
      write: (t) => process.stderr.write(t),
      writeLine: io.out,
    });
    const metrics = createPrometheusIndexerMetrics();
    const server =
      metricsPort === undefined
        ? undefined
        : await createMetricsServer({ registry: metrics, port: metricsPort });
    if (server !== undefined) logger.info({ url: `${server.url}/metrics` }, "metrics served");

    const controller = new AbortController();
    let stalled = false;
    const watchdog = createStallWatchdog({
      stallAfterMs: stallTimeoutS * 1000,
      metrics,
      logger,
      onStall: (s) => {
        logger.error(
          { sinceMs: s.sinceMs, headBlock: s.headBlock.toString(), indexedBlock: s.indexedBlock?.toString() },
          "indexer stalled: the chain advances but nothing is indexed",
        );
        if (values["exit-on-stall"]) {
          stalled = true;
          controller.abort();
        }
      },
      onRecover: () => logger.warn({}, "indexer progressing again"),
    });
    // Heads for the watchdog even when no batch gets through (RPC or database failing).
    const headPoll = setInterval(
      () => {
        ctx.publicClient.getBlockNumber({ cacheTime: 0 }).then(
          (n) => watchdog.observeHead(n),
          () => {},
        );
      },
      Math.max(1_000, Math.floor((stallTimeoutS * 1000) / 4)),
    );
    headPoll.unref();
    void (io.untilStopped ?? (() => new Promise<void>(() => {})))().then(() => controller.abort());

    const finality: Finality | undefined =
      finalityDepth === undefined ? undefined : { type: "depth", depth: finalityDepth };
    try {
      await runIndexer({
        db,
        publicClient: ctx.publicClient,
        sources,
        ...(finality === undefined ? {} : { finality }),
        ...(pollingIntervalMs === undefined ? {} : { pollingIntervalMs }),
        ...(batchBlocks === undefined ? {} : { batchBlocks }),
        metrics,
        logger,
        signal: controller.signal,
        onRole: reporter.onRole,
        onProgress: (e) => {
          if (e.type === "batch") {
            watchdog.observeHead(e.headBlock);
            watchdog.observeProgress(e.toBlock);
          } else if (e.type === "caught-up") {
            watchdog.observeProgress(e.blockNumber);
          }
          reporter.onProgress(e);
        },
      });
    } finally {
      clearInterval(headPoll);
      watchdog.stop();
      reporter.close();
      await server?.close();
      await db.close();
    }
    return stalled ? EXIT_STALLED : 0;
  },
};
