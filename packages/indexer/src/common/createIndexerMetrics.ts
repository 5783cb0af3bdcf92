import type { CounterMetric, GaugeMetric, HistogramMetric, IndexerMetrics, MetricLabels } from "./types.ts";

/** Count, sum and extremes of a histogram's observations. */
export type HistogramSnapshot = { count: number; sum: number; min: number; max: number };

/** Every metric's current value; counters are keyed by their labels (`kind=timeout,method=eth_getLogs`). */
export type IndexerMetricsSnapshot = {
  gauges: Record<string, number>;
  counters: Record<string, Record<string, number>>;
  histograms: Record<string, HistogramSnapshot>;
};

export type CreateIndexerMetricsReturnType = IndexerMetrics & { snapshot(): IndexerMetricsSnapshot };

function labelKey(labels: MetricLabels | undefined): string {
  if (labels === undefined) return "";
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

/**
 * In-memory {@link IndexerMetrics}: every hook records its value, `snapshot()` reads them all. The CLI can
 * export a snapshot to Prometheus or pass its own collectors instead.
 *
 * @example
 * const metrics = createIndexerMetrics();
 * const sync = createSync({ publicClient, sources, store, metrics });
 * // …
 * metrics.snapshot().gauges.lagBlocks; // 0 when caught up
 */
export function createIndexerMetrics(): CreateIndexerMetricsReturnType {
  const gauges: Record<string, number> = {};
  const counters: Record<string, Record<string, number>> = {};
  const histograms: Record<string, HistogramSnapshot> = {};
  const gauge = (name: string): GaugeMetric => ({
    set: (value) => {
      gauges[name] = value;
    },
  });
  const counter = (name: string): CounterMetric => {
    const values: Record<string, number> = {};
    counters[name] = values;
    return {
      inc: (labels, value = 1) => {
        const key = labelKey(labels);
        values[key] = (values[key] ?? 0) + value;
      },
    };
  };
  const histogram = (name: string): HistogramMetric => ({
    observe: (value) => {
      const h = histograms[name];
      if (h === undefined) histograms[name] = { count: 1, sum: value, min: value, max: value };
      else {
        h.count++;
        h.sum += value;
        h.min = Math.min(h.min, value);
        h.max = Math.max(h.max, value);
      }
    },
  });
  return {
    headBlock: gauge("headBlock"),
    finalizedBlock: gauge("finalizedBlock"),
    indexedBlock: gauge("indexedBlock"),
    lagBlocks: gauge("lagBlocks"),
    lagSeconds: gauge("lagSeconds"),
    eventsPerSecond: gauge("eventsPerSecond"),
    getLogsRangeBlocks: gauge("getLogsRangeBlocks"),
    eventsTotal: counter("eventsTotal"),
    unknownLogsTotal: counter("unknownLogsTotal"),
    batchesTotal: counter("batchesTotal"),
    reorgsTotal: counter("reorgsTotal"),
    reorgDepth: histogram("reorgDepth"),
    rpcRequestsTotal: counter("rpcRequestsTotal"),
    rpcErrorsTotal: counter("rpcErrorsTotal"),
    batchWriteMs: histogram("batchWriteMs"),
    snapshot: () => ({
      gauges: { ...gauges },
      counters: Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, { ...v }])),
      histograms: Object.fromEntries(Object.entries(histograms).map(([k, v]) => [k, { ...v }])),
    }),
  };
}
