/** Label values of one metric sample; keep the label sets bounded (method names, error kinds). */
export type MetricLabels = Readonly<Record<string, string>>;

/** A monotonically increasing count (exported as a Prometheus `_total` counter). */
export type CounterMetric = { inc(labels?: MetricLabels, value?: number): void };

/** A value that goes up and down (exported as a Prometheus gauge). */
export type GaugeMetric = { set(value: number): void };

/** A distribution of observations (exported as a Prometheus histogram or summary). */
export type HistogramMetric = { observe(value: number): void };

/**
 * The indexer's metric hooks. The CLI backs them with Prometheus collectors; {@link createIndexerMetrics}
 * gives an in-memory implementation with a snapshot (tests, `coinscious status`). Base units: blocks,
 * seconds or milliseconds as named, counts.
 */
export type IndexerMetrics = {
  /** Latest block number the RPC reported. */
  headBlock: GaugeMetric;
  /** Highest block considered final (finality depth or the `finalized` tag). */
  finalizedBlock: GaugeMetric;
  /** Block of the last written checkpoint. */
  indexedBlock: GaugeMetric;
  /** `headBlock − indexedBlock`. */
  lagBlocks: GaugeMetric;
  /** Wall clock minus the timestamp of the indexed block, in seconds. */
  lagSeconds: GaugeMetric;
  /** Decoded events written per second over the last batch. */
  eventsPerSecond: GaugeMetric;
  /** Current adaptive `eth_getLogs` range in blocks. */
  getLogsRangeBlocks: GaugeMetric;
  /** Decoded events written to the store. */
  eventsTotal: CounterMetric;
  /** Logs skipped because no ABI of their address knows their topic. */
  unknownLogsTotal: CounterMetric;
  /** Batches written. */
  batchesTotal: CounterMetric;
  /** Reorgs handled (one per rollback). */
  reorgsTotal: CounterMetric;
  /** Depth of each reorg in blocks. */
  reorgDepth: HistogramMetric;
  /** RPC requests by `method`. */
  rpcRequestsTotal: CounterMetric;
  /** Failed RPC requests by `method` and `kind` (see `RpcErrorKind`). */
  rpcErrorsTotal: CounterMetric;
  /** Duration of `store.applyBatch` in milliseconds. */
  batchWriteMs: HistogramMetric;
};

/**
 * A pino-compatible logger (the first argument is a bag of fields, the second the message). Optional
 * everywhere: the indexer logs nothing when none is given.
 */
export type IndexerLogger = {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};
