// Chain-facing half of the indexer: sources, adaptive log fetching, block tracking and reorgs, the sync loop,
// and the store interface the database implements.
export { decodeCheckpoint } from "./checkpoint/decodeCheckpoint.ts";
export { CHECKPOINT_WIDTHS, type Checkpoint, encodeCheckpoint } from "./checkpoint/encodeCheckpoint.ts";
export { type BackoffOptions, backoffDelay } from "./common/backoffDelay.ts";
export {
  type CreateIndexerMetricsReturnType,
  createIndexerMetrics,
  type HistogramSnapshot,
  type IndexerMetricsSnapshot,
} from "./common/createIndexerMetrics.ts";
export { mapConcurrent } from "./common/mapConcurrent.ts";
export { maxBigInt } from "./common/maxBigInt.ts";
export { minBigInt } from "./common/minBigInt.ts";
export { sleep } from "./common/sleep.ts";
export type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  IndexerLogger,
  IndexerMetrics,
  MetricLabels,
} from "./common/types.ts";
export {
  type AcquireIndexerLockParameters,
  acquireIndexerLock,
  type IndexerLock,
} from "./db/acquireIndexerLock.ts";
export {
  type CreateDatabaseStoreParameters,
  createDatabaseStore,
  type DatabaseStore,
} from "./db/createDatabaseStore.ts";
export {
  PROJECTION_COLUMNS,
  type Projection,
  type ProjectionState,
  projectLogs,
  toEventArgs,
} from "./db/projectLogs.ts";
export {
  classifyRpcError,
  type RpcErrorClassification,
  type RpcErrorKind,
} from "./errors/classifyRpcError.ts";
export {
  ChainDataInconsistentError,
  IndexerError,
  IndexerRpcError,
  IndexerStoreConflictError,
  IndexerStoreError,
  InvalidSourcesError,
  LogDecodeError,
  LogRangeUnsplittableError,
  ReorgBelowFinalityError,
  SourcesChainMismatchError,
} from "./errors/errors.ts";
export { type RpcErrorPattern, rpcErrorPatterns } from "./errors/rpcErrorPatterns.ts";
export { toIndexerError } from "./errors/toIndexerError.ts";
export { bloomMayContain } from "./fetch/bloomMayContain.ts";
export {
  type CreateLogDecoderParameters,
  createLogDecoder,
  type LogDecoder,
} from "./fetch/createLogDecoder.ts";
export {
  type CreateLogFetcherParameters,
  createLogFetcher,
  type FetchLogsParameters,
  type LogFetcher,
} from "./fetch/createLogFetcher.ts";
export type { DecodedLog, RpcLog } from "./fetch/types.ts";
export {
  type CreateMetricsServerParameters,
  createMetricsServer,
  type MetricsServer,
  type MetricsSource,
} from "./metrics/createMetricsServer.ts";
export {
  type CreatePrometheusIndexerMetricsParameters,
  type CreatePrometheusIndexerMetricsReturnType,
  createPrometheusIndexerMetrics,
} from "./metrics/createPrometheusIndexerMetrics.ts";
export { type GetBlockHeaderParameters, getBlockHeader } from "./rpc/getBlockHeader.ts";
export { type RequestRpcOptions, type RpcClient, requestRpc } from "./rpc/requestRpc.ts";
export { type RunIndexerParameters, runIndexer } from "./run/runIndexer.ts";
export { createSourceRegistry, type SourceRegistry } from "./sources/createSourceRegistry.ts";
export { getManifestSources, type ManifestSourcesInput } from "./sources/getManifestSources.ts";
export type { IndexerContract, IndexerFactory, IndexerSources, SourceEntry } from "./sources/types.ts";
export { callStore } from "./store/callStore.ts";
export {
  type CreateMemoryStoreParameters,
  createMemoryStore,
  type MemoryStore,
} from "./store/createMemoryStore.ts";
export type { ApplyBatchParameters, IndexedLog, IndexerCheckpoint, IndexerStore } from "./store/types.ts";
export {
  type BlockTracker,
  type CreateBlockTrackerParameters,
  createBlockTracker,
} from "./sync/createBlockTracker.ts";
export { type CreateSyncParameters, createSync, type Sync, type SyncEvent } from "./sync/createSync.ts";
export { defaultFinality } from "./sync/defaultFinality.ts";
export { type FetchBatchParameters, type FetchBatchReturnType, fetchBatch } from "./sync/fetchBatch.ts";
export { type ResumeSyncParameters, resumeSync } from "./sync/resumeSync.ts";
export type { BlockHeader, Finality, ReorgEvent } from "./sync/types.ts";
export {
  type CreateStallWatchdogParameters,
  createStallWatchdog,
  type RecoverInfo,
  type StallInfo,
  type StallWatchdog,
  type StallWatchdogMetrics,
} from "./watchdog/createStallWatchdog.ts";
