/**
 * What the parent of an indexer child process ({@link ./indexerProcess.ts}) hands it, and the NDJSON lines the
 * child prints. Kept apart from the child's entry script so both sides share one definition.
 */
import type { Address } from "viem";
import type { ManifestSourcesInput } from "../sources/getManifestSources.ts";
import type { Devnet } from "../test/devnet.ts";

/** The manifest fields `getManifestSources` reads, with only what JSON carries (addresses, blocks). */
export type ProcessManifest = {
  chainId: number;
  startBlock: number;
  contracts: Record<string, { address: Address; blockNumber: number | null }>;
};

/** The child's whole configuration: one JSON argument. */
export type IndexerProcessConfig = {
  rpcUrl: string;
  /** Timeout of one HTTP request to the RPC. Default 2 000 ms. */
  rpcTimeoutMs?: number;
  manifest: ProcessManifest;
  /** PostgreSQL (a URL whose `options` may set `search_path`), or … */
  databaseUrl?: string;
  /** … a PGlite data directory. */
  dataDir?: string;
  finalityDepth: number;
  batchBlocks: number;
  pollingIntervalMs?: number;
  lockPollIntervalMs?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * Load the code, print `loaded`, and open nothing until the parent sends `"go"` over IPC: lets a test keep a
   * spare process warm, so a restart costs what a restart of the database costs, not module loading.
   */
  waitForGo?: boolean;
};

/** One progress line of the child (bigints as decimal strings). */
export type ProcessLine =
  /** Code loaded; waiting for `"go"` (`waitForGo` only). */
  | { type: "loaded"; pid: number }
  /** The database is open and migrated; the checkpoint as stored before `runIndexer` started. */
  | {
      type: "ready";
      pid: number;
      openMs: number;
      checkpoint: { blockNumber: string; blockHash: string | null; finalizedBlockNumber: string } | null;
    }
  | { type: "role"; role: "standby" | "writer" | "reconnecting" }
  | {
      type: "batch";
      phase: "backfill" | "realtime";
      fromBlock: string;
      toBlock: string;
      logs: number;
      headBlock: string;
      finalizedBlock: string;
    }
  | { type: "caught-up"; blockNumber: string; blockHash: string }
  | { type: "reorg"; depth: number; commonAncestor: string }
  | { type: "retry"; attempt: number; code: string; message: string }
  | { type: "error"; code: string | undefined; message: string }
  | { type: "exit" };

/** The manifest a devnet's sources were made from (`startDevnet` builds them the same way). */
export function manifestOf(d: Devnet): ProcessManifest {
  const { token, registry, factory, logAnchor } = d.deployment;
  const entry = (address: Address) => ({ address, blockNumber: null });
  return {
    chainId: d.sources.chainId,
    startBlock: Number(d.sources.startBlock),
    contracts: {
      token: entry(token),
      registry: entry(registry),
      factory: entry(factory),
      logAnchor: entry(logAnchor),
    },
  };
}

/** The same manifest typed for `getManifestSources` (the fields it does not read stay empty). */
export function toManifestSourcesInput(manifest: ProcessManifest): ManifestSourcesInput {
  const contracts = Object.fromEntries(
    Object.entries(manifest.contracts).map(([name, c]) => [
      name,
      {
        address: c.address,
        contractName: "",
        txHash: null,
        blockNumber: c.blockNumber,
        artifactHash: "0x",
        codeHash: "0x",
        salt: "0x",
      },
    ]),
  ) as ManifestSourcesInput["contracts"];
  return { chainId: manifest.chainId, startBlock: manifest.startBlock, contracts };
}
