import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Registry } from "prom-client";
import { createPrometheusIndexerMetrics } from "./createPrometheusIndexerMetrics.ts";

type Sample = { name: string; labels: Record<string, string>; value: number };
type Exposition = { samples: Sample[]; types: Record<string, string>; help: Record<string, string> };

/** Parses the Prometheus text format (the subset prom-client writes: no timestamps, escaped label values). */
function parse(text: string): Exposition {
  const out: Exposition = { samples: [], types: {}, help: {} };
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, what, name, rest] = meta as unknown as [string, string, string, string];
      if (what === "TYPE") out.types[name] = rest;
      else out.help[name] = rest;
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `unparsable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, "$1");
    const raw = m[3] as string;
    out.samples.push({ name: m[1] as string, labels, value: raw === "+Inf" ? Infinity : Number(raw) });
  }
  return out;
}

/** The value of the one sample named `name` whose labels include `labels`. */
function value(e: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = e.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

const P = "coinscious_indexer_";

describe("createPrometheusIndexerMetrics", () => {
  test("declares every metric with its type and help, at zero before any hook runs", async () => {
    const m = createPrometheusIndexerMetrics();
    const e = parse(await m.metrics());
    const expected: Record<string, string> = {
      head_block: "gauge",
      finalized_block: "gauge",
      indexed_block: "gauge",
      lag_blocks: "gauge",
      lag_seconds: "gauge",
      events_per_second: "gauge",
      getlogs_range_blocks: "gauge",
      stalled: "gauge",
      last_progress_timestamp_seconds: "gauge",
      events_total: "counter",
      unknown_logs_total: "counter",
      batches_total: "counter",
      reorgs_total: "counter",
      rpc_requests_total: "counter",
      rpc_errors_total: "counter",
      reorg_depth_blocks: "histogram",
      batch_write_seconds: "histogram",
    };
    assert.deepEqual(e.types, Object.fromEntries(Object.entries(expected).map(([k, v]) => [P + k, v])));
    for (const name of Object.keys(expected)) assert.ok((e.help[P + name] ?? "").length > 0, name);
    assert.equal(value(e, `${P}stalled`), 0);
    assert.equal(value(e, `${P}events_total`), 0);
    assert.equal(value(e, `${P}reorg_depth_blocks_count`), 0);
    assert.match(m.contentType, /^text\/plain; version=0\.0\.4/);
  });

  test("every gauge hook sets its gauge", async () => {
    const m = createPrometheusIndexerMetrics();
    const gauges = {
      head_block: m.headBlock,
      finalized_block: m.finalizedBlock,
      indexed_block: m.indexedBlock,
      lag_blocks: m.lagBlocks,
      lag_seconds: m.lagSeconds,
      events_per_second: m.eventsPerSecond,
      getlogs_range_blocks: m.getLogsRangeBlocks,
      stalled: m.stalled,
      last_progress_timestamp_seconds: m.lastProgressTimestampSeconds,
    };
    let i = 1;
    for (const g of Object.values(gauges)) g.set(1000 * i++ + 0.5);
    const e = parse(await m.metrics());
    i = 1;
    for (const name of Object.keys(gauges)) assert.equal(value(e, P + name), 1000 * i++ + 0.5, name);
    m.lagBlocks.set(0);
    assert.equal(value(parse(await m.metrics()), `${P}lag_blocks`), 0, "gauges go down too");
  });

  test("unlabelled counters add the given value (prom-client's inc(undefined, n) pitfall)", async () => {
    const m = createPrometheusIndexerMetrics();
    m.eventsTotal.inc(undefined, 7);
    m.eventsTotal.inc();
    m.eventsTotal.inc(undefined, 0);
    m.unknownLogsTotal.inc(undefined, 3);
    m.batchesTotal.inc();
    m.batchesTotal.inc();
    m.reorgsTotal.inc();
    const e = parse(await m.metrics());
    assert.equal(value(e, `${P}events_total`), 8);
    assert.equal(value(e, `${P}unknown_logs_total`), 3);
    assert.equal(value(e, `${P}batches_total`), 2);
    assert.equal(value(e, `${P}reorgs_total`), 1);
  });

  test("rpc counters are labelled by method and kind only", async () => {
    const m = createPrometheusIndexerMetrics();
    m.rpcRequestsTotal.inc({ method: "eth_getLogs" });
    m.rpcRequestsTotal.inc({ method: "eth_getLogs" });
    m.rpcRequestsTotal.inc({ method: "eth_getBlockByNumber", url: "https://rpc.example/KEY" });
    m.rpcErrorsTotal.inc({ method: "eth_getLogs", kind: "timeout" });
    m.rpcErrorsTotal.inc({ method: "eth_getLogs", kind: "rate_limit" }, 2);
    const e = parse(await m.metrics());
    assert.equal(value(e, `${P}rpc_requests_total`, { method: "eth_getLogs" }), 2);
    assert.equal(value(e, `${P}rpc_requests_total`, { method: "eth_getBlockByNumber" }), 1);
    assert.equal(value(e, `${P}rpc_errors_total`, { method: "eth_getLogs", kind: "timeout" }), 1);
    assert.equal(value(e, `${P}rpc_errors_total`, { method: "eth_getLogs", kind: "rate_limit" }), 2);
    for (const s of e.samples.filter((s) => s.name.startsWith(`${P}rpc_`)))
      assert.ok(
        Object.keys(s.labels).every((k) => k === "method" || k === "kind"),
        JSON.stringify(s),
      );
    assert.ok(!(await m.metrics()).includes("rpc.example"), "an unknown label is dropped, not exported");
  });

  test("label values stay bounded: odd or too many values become `other`", async () => {
    const m = createPrometheusIndexerMetrics({ maxLabelValues: 3 });
    for (const method of ["a_1", "a_2", "a_3", "a_4", "a_5", "a_1"]) m.rpcRequestsTotal.inc({ method });
    m.rpcRequestsTotal.inc({ method: 'eth_call"} 1\nevil' });
    m.rpcRequestsTotal.inc({});
    const e = parse(await m.metrics());
    const methods = e.samples.filter((s) => s.name === `${P}rpc_requests_total`).map((s) => s.labels.method);
    assert.deepEqual(methods.sort(), ["a_1", "a_2", "a_3", "other"]);
    assert.equal(value(e, `${P}rpc_requests_total`, { method: "a_1" }), 2);
    assert.equal(value(e, `${P}rpc_requests_total`, { method: "other" }), 4);
  });

  test("counters only increase: negative and non-finite increments are ignored, never thrown", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
            fc.integer({ min: -5, max: 5 }),
            fc.constantFrom(Number.NaN, Infinity, -Infinity, -0),
          ),
          { maxLength: 30 },
        ),
        async (increments) => {
          const m = createPrometheusIndexerMetrics();
          let last = 0;
          let expected = 0;
          for (const n of increments) {
            m.eventsTotal.inc(undefined, n);
            m.rpcRequestsTotal.inc({ method: "eth_getLogs" }, n);
            if (Number.isFinite(n) && n >= 0) expected += n;
            const e = parse(await m.metrics());
            const now = value(e, `${P}events_total`) ?? 0;
            assert.ok(now >= last, `${now} < ${last}`);
            last = now;
            assert.equal(value(e, `${P}rpc_requests_total`, { method: "eth_getLogs" }) ?? 0, now);
          }
          assert.ok(
            Math.abs(last - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
            `${last} ≠ ${expected}`,
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  test("reorg depth lands in block buckets 1..64", async () => {
    const m = createPrometheusIndexerMetrics();
    for (const depth of [1, 1, 3, 7, 64, 100]) m.reorgDepth.observe(depth);
    const e = parse(await m.metrics());
    const buckets = e.samples.filter((s) => s.name === `${P}reorg_depth_blocks_bucket`);
    assert.deepEqual(
      buckets.map((b) => b.labels.le),
      ["1", "2", "3", "4", "6", "8", "12", "16", "24", "32", "48", "64", "+Inf"],
    );
    const le = (x: string) => value(e, `${P}reorg_depth_blocks_bucket`, { le: x });
    assert.equal(le("1"), 2);
    assert.equal(le("2"), 2);
    assert.equal(le("3"), 3);
    assert.equal(le("8"), 4);
    assert.equal(le("64"), 5);
    assert.equal(le("+Inf"), 6);
    assert.equal(value(e, `${P}reorg_depth_blocks_count`), 6);
    assert.equal(value(e, `${P}reorg_depth_blocks_sum`), 176);
  });

  test("batch write time is observed in seconds", async () => {
    const m = createPrometheusIndexerMetrics();
    m.batchWriteMs.observe(3); // 0.003 s
    m.batchWriteMs.observe(250); // 0.25 s
    m.batchWriteMs.observe(12_000); // 12 s
    m.batchWriteMs.observe(Number.NaN);
    const e = parse(await m.metrics());
    const le = (x: string) => value(e, `${P}batch_write_seconds_bucket`, { le: x });
    assert.equal(le("0.001"), 0);
    assert.equal(le("0.005"), 1);
    assert.equal(le("0.25"), 2);
    assert.equal(le("10"), 2);
    assert.equal(le("30"), 3);
    assert.equal(le("+Inf"), 3);
    assert.equal(value(e, `${P}batch_write_seconds_count`), 3);
    assert.ok(Math.abs((value(e, `${P}batch_write_seconds_sum`) ?? 0) - 12.253) < 1e-9);
  });

  test("a given registry and prefix are used; the default registry is a fresh one", async () => {
    const registry = new Registry();
    const m = createPrometheusIndexerMetrics({ registry, prefix: "x_" });
    m.headBlock.set(5);
    assert.equal(m.registry, registry);
    const e = parse(await registry.metrics());
    assert.equal(value(e, "x_head_block"), 5);
    assert.ok(e.samples.every((s) => s.name.startsWith("x_")));
    // Two instances with the default registry do not collide.
    createPrometheusIndexerMetrics();
    createPrometheusIndexerMetrics();
    assert.throws(
      () => createPrometheusIndexerMetrics({ registry, prefix: "x_" }),
      /already been registered/,
    );
  });
});
