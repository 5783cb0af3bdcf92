import { type Hex, hexToNumber } from "viem";
import type { IndexerLogger, IndexerMetrics } from "../common/types.ts";
import { SourcesChainMismatchError } from "../errors/errors.ts";
import type { LogFetcher } from "../fetch/createLogFetcher.ts";
import { type RequestRpcOptions, type RpcClient, requestRpc } from "../rpc/requestRpc.ts";
import { callStore } from "../store/callStore.ts";
import type { IndexerStore } from "../store/types.ts";
import type { BlockTracker } from "./createBlockTracker.ts";
import type { ReorgEvent } from "./types.ts";

export type ResumeSyncParameters = {
  publicClient: RpcClient;
  chainId: number;
  /** First block to index when the store has no checkpoint (≥ 1). */
  startBlock: bigint;
  store: IndexerStore;
  tracker: BlockTracker;
  fetcher: LogFetcher;
  /** Applies a reorg found while checking the checkpoint (store rollback, registry, tracker). */
  rollback: (reorg: ReorgEvent) => Promise<void>;
  rpc?: Pick<RequestRpcOptions, "retries" | "retryDelayMs"> | undefined;
  metrics?: IndexerMetrics | undefined;
  logger?: IndexerLogger | undefined;
  signal?: AbortSignal | undefined;
};

const ZERO_HASH = `0x${"00".repeat(32)}` as Hex;

/**
 * Puts a sync where the store left it. Checks that the RPC serves the sources' chain; without a checkpoint,
 * starts the tracker just before `startBlock`. With one, seeds the tracker with the checkpoint and its
 * finalized floor and, once the chain has reached it, compares its hash with the canonical block: a
 * different block (a reorg while the indexer was down) rolls back to the floor. Then re-registers the
 * token classes the factory created up to the checkpoint.
 *
 * @throws {SourcesChainMismatchError} when the RPC serves another chain.
 *
 * @example
 * await resumeSync({ publicClient, chainId, startBlock, store, tracker, fetcher, rollback });
 */
export async function resumeSync(p: ResumeSyncParameters): Promise<void> {
  const { publicClient, chainId, store, tracker, fetcher, logger, signal } = p;
  const actual = hexToNumber(
    await requestRpc<Hex>(publicClient, "eth_chainId", [], { metrics: p.metrics, signal, ...p.rpc }),
  );
  if (actual !== chainId) throw new SourcesChainMismatchError({ expected: chainId, actual });
  const checkpoint = await callStore("getCheckpoint", () => store.getCheckpoint(chainId));
  if (checkpoint === undefined) {
    const before = await tracker.getHeader({ blockNumber: p.startBlock - 1n });
    tracker.reset({ tip: before, floor: before.number });
    logger?.info({ chainId, startBlock: p.startBlock }, "indexing from the start block");
    return;
  }
  tracker.reset({
    tip: { number: checkpoint.blockNumber, hash: checkpoint.blockHash, parentHash: ZERO_HASH, timestamp: 0n },
    floor: checkpoint.finalizedBlockNumber,
  });
  const head = await tracker.getHeader({ blockTag: "latest" });
  // A chain (or a lagging node) behind the checkpoint cannot confirm it yet: the sync's next step links
  // the block after the checkpoint to it instead.
  if (checkpoint.blockNumber <= head.number) {
    const canonical = await tracker.getHeader({ blockNumber: checkpoint.blockNumber });
    const reorg = await tracker.check(canonical);
    if (reorg === undefined) tracker.reset({ tip: canonical, floor: checkpoint.finalizedBlockNumber });
    else await p.rollback(reorg);
  }
  const found = await fetcher.scanFactories({
    fromBlock: p.startBlock,
    toBlock: tracker.tip().number,
    signal,
  });
  logger?.info(
    { chainId, blockNumber: tracker.tip().number, classesFound: found },
    "resuming from the checkpoint",
  );
}
