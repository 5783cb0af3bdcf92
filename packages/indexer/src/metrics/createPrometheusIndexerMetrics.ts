import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  IndexerMetrics,
  MetricLabels,
} from "../common/types.ts";

export type CreatePrometheusIndexerMetricsParameters = {
  /** Where the collectors are registered. Default: a new registry (never prom-client's global one). */
  registry?: Registry;
  /** Prefix of every metric name. Default `coinscious_indexer_`. */
  prefix?: string;
  /** Distinct values one label (`method`, `kind`) may take before further ones are exported as `other`. Default 32. */
  maxLabelValues?: number;
};

export type CreatePrometheusIndexerMetricsReturnType = IndexerMetrics & {
  /** 1 while the stall watchdog reports a stall, else 0. */
  stalled: GaugeMetric;
  /** Unix time in seconds of the indexed block's last advance (set by the stall watchdog). */
  lastProgressTimestampSeconds: GaugeMetric;
  /** The registry the collectors live in (serve it with `createMetricsServer`). */
  registry: Registry;
  /** The exposition format's content type (`text/plain; version=0.0.4; charset=utf-8`). */
  contentType: string;
  /** Every metric of the registry in the Prometheus text format. */
  metrics(): Promise<string>;
};

/** Reorgs on Base and devnets are a few blocks deep; anything past 64 is an incident either way. */
const REORG_DEPTH_BUCKETS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
/** One `applyBatch` transaction: from a millisecond (PGlite, a few rows) to tens of seconds (a large backfill batch). */
const BATCH_WRITE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LABEL_VALUE = /^[A-Za-z0-9_]{1,64}$/;

/**
 * {@link IndexerMetrics} backed by prom-client collectors, in base units: gauges `head_block`,
 * `finalized_block`, `indexed_block`, `lag_blocks`, `lag_seconds`, `events_per_second`,
 * `getlogs_range_blocks`, `stalled`, `last_progress_timestamp_seconds`; counters `events_total`,
 * `unknown_logs_total`, `batches_total`, `reorgs_total`, `rpc_requests_total{method}`,
 * `rpc_errors_total{method,kind}`; histograms `reorg_depth_blocks` and `batch_write_seconds` (the hook
 * receives milliseconds). Label sets stay bounded: only `method` and `kind` are kept, values that are not
 * plain identifiers, and values beyond `maxLabelValues` per label, are exported as `other`.
 *
 * The hooks never throw into the sync loop: a counter ignores negative or non-finite increments (counters
 * only go up), a histogram ignores non-finite observations. Registering twice with the same prefix on one
 * registry throws (prom-client refuses duplicate names).
 *
 * @example
 * const metrics = createPrometheusIndexerMetrics();
 * const server = await createMetricsServer({ registry: metrics.registry, port: 9464 });
 * const sync = createSync({ publicClient, sources, store, metrics });
 */
export function createPrometheusIndexerMetrics(
  params: CreatePrometheusIndexerMetricsParameters = {},
): CreatePrometheusIndexerMetricsReturnType {
  const registry = params.registry ?? new Registry();
  const prefix = params.prefix ?? "coinscious_indexer_";
  const maxLabelValues = params.maxLabelValues ?? 32;
  const registers = [registry];
  const seen = new Map<string, Set<string>>();

  /** Keeps `value` as a label value while the label has fewer than `maxLabelValues` distinct ones. */
  const bound = (label: string, value: string | undefined): string => {
    if (value === undefined || !LABEL_VALUE.test(value)) return "other";
    const values = seen.get(label) ?? new Set<string>();
    seen.set(label, values);
    if (values.has(value)) return value;
    if (values.size >= maxLabelValues) return "other";
    values.add(value);
    return value;
  };

  const gauge = (name: string, help: string): GaugeMetric => {
    const g = new Gauge({ name: prefix + name, help, registers });
    return { set: (value) => g.set(value) };
  };
  const counter = (name: string, help: string, labelNames: readonly string[] = []): CounterMetric => {
    const c = new Counter({ name: prefix + name, help, labelNames, registers });
    return {
      inc: (labels?: MetricLabels, value = 1) => {
        if (!Number.isFinite(value) || value < 0) return;
        if (labelNames.length === 0) {
          // prom-client reads `inc(undefined, n)` as `inc(undefined)`: pass the value alone.
          c.inc(value);
          return;
        }
        const kept: Record<string, string> = {};
        for (const l of labelNames) kept[l] = bound(l, labels?.[l]);
        c.inc(kept, value);
      },
    };
  };
  const histogram = (name: string, help: string, buckets: number[], scale = 1): HistogramMetric => {
    const h = new Histogram({ name: prefix + name, help, buckets, registers });
    return {
      observe: (value) => {
        if (Number.isFinite(value)) h.observe(value * scale);
      },
    };
  };

  return {
    headBlock: gauge("head_block", "Latest block number the RPC reported."),
    finalizedBlock: gauge("finalized_block", "Highest block considered final."),
    indexedBlock: gauge("indexed_block", "Block of the last written checkpoint."),
    lagBlocks: gauge("lag_blocks", "Head block minus indexed block."),
    lagSeconds: gauge("lag_seconds", "Wall clock minus the timestamp of the indexed block, in seconds."),
    eventsPerSecond: gauge("events_per_second", "Decoded events written per second over the last batch."),
    getLogsRangeBlocks: gauge("getlogs_range_blocks", "Current adaptive eth_getLogs range in blocks."),
    stalled: gauge("stalled", "1 while the indexer is behind the head and makes no progress, else 0."),
    lastProgressTimestampSeconds: gauge(
      "last_progress_timestamp_seconds",
      "Unix time in seconds of the last advance of the indexed block.",
    ),
    eventsTotal: counter("events_total", "Decoded events written to the store."),
    unknownLogsTotal: counter(
      "unknown_logs_total",
      "Logs skipped because no ABI of their address knows them.",
    ),
    batchesTotal: counter("batches_total", "Batches written to the store."),
    reorgsTotal: counter("reorgs_total", "Reorgs handled (one per rollback)."),
    rpcRequestsTotal: counter("rpc_requests_total", "RPC requests sent, by method.", ["method"]),
    rpcErrorsTotal: counter("rpc_errors_total", "Failed RPC requests, by method and error kind.", [
      "method",
      "kind",
    ]),
    reorgDepth: histogram("reorg_depth_blocks", "Depth of each reorg in blocks.", REORG_DEPTH_BUCKETS),
    batchWriteMs: histogram(
      "batch_write_seconds",
      "Duration of one store.applyBatch in seconds.",
      BATCH_WRITE_BUCKETS,
      1 / 1000,
    ),
    registry,
    contentType: registry.contentType,
    metrics: () => registry.metrics(),
  };
}
