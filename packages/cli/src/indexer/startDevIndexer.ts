import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ChainPublicClient, DeploymentManifest } from "@coinscious/chain";
import type { Database } from "@coinscious/db";
import { getManifestSources, runIndexer } from "@coinscious/indexer";
import { formatError } from "../errors.ts";
import type { Io } from "../io.ts";
import { createLogger } from "../logger.ts";
import { createProgressReporter } from "./createProgressReporter.ts";
import { openDatabase } from "./openDatabase.ts";

export type DevIndexer = {
  /** Resolves with the block of the first catch-up. */
  caughtUp: Promise<bigint>;
  /** Resolves (never rejects) if the indexer stops on a fatal error, after printing it. */
  failed: Promise<void>;
  stop(): Promise<void>;
};

/**
 * The indexer inside `coinscious dev`: PGlite under `<home>/db`, the devnet's deployment, progress as plain lines
 * on stderr. The database belongs to one chain: when the devnet was recreated (another genesis hash than the one
 * recorded in `<home>/db.json`), the old projection is dropped before starting.
 *
 * @example
 * const indexer = await startDevIndexer({ home, manifest, publicClient, io });
 * await indexer.caughtUp;
 */
export async function startDevIndexer(params: {
  home: string;
  manifest: DeploymentManifest;
  publicClient: ChainPublicClient;
  io: Io;
}): Promise<DevIndexer> {
  const { home, manifest, publicClient, io } = params;
  const marker = join(home, "db.json");
  const recorded = await readFile(marker, "utf8").then(
    (t) => (JSON.parse(t) as { genesisHash?: string }).genesisHash,
    () => undefined,
  );
  if (recorded !== manifest.genesisHash) {
    await rm(join(home, "db"), { recursive: true, force: true });
    await writeFile(marker, `${JSON.stringify({ genesisHash: manifest.genesisHash }, null, 2)}\n`);
  }
  const logger = createLogger({ level: "warn", write: io.err });
  const db: Database = await openDatabase({ home, logger });
  const reporter = createProgressReporter({
    mode: "log",
    write: (t) => io.err(`indexer: ${t.replace(/\n$/, "")}`),
    writeLine: () => {},
  });
  let resolveCaughtUp: (block: bigint) => void = () => {};
  const caughtUp = new Promise<bigint>((resolve) => {
    resolveCaughtUp = resolve;
  });
  const controller = new AbortController();
  const running = runIndexer({
    db,
    publicClient,
    sources: getManifestSources(manifest),
    pollingIntervalMs: 250,
    logger,
    signal: controller.signal,
    onProgress: (e) => {
      if (e.type === "caught-up") resolveCaughtUp(e.blockNumber);
      reporter.onProgress(e);
    },
  });
  const failed = running.then(
    () => new Promise<void>(() => {}),
    (error: unknown) => {
      io.err(`indexer: stopped — ${formatError(error)}`);
    },
  );
  return {
    caughtUp,
    failed,
    async stop() {
      controller.abort();
      await running.catch(() => {});
      reporter.close();
      await db.close();
    },
  };
}
