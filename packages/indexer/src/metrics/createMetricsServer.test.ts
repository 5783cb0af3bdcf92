import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { createMetricsServer, type MetricsServer } from "./createMetricsServer.ts";
import { createPrometheusIndexerMetrics } from "./createPrometheusIndexerMetrics.ts";

/** Whether `port` on 127.0.0.1 can be bound (i.e. nobody listens on it any more). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("createMetricsServer", () => {
  const metrics = createPrometheusIndexerMetrics();
  let server: MetricsServer;

  before(async () => {
    server = await createMetricsServer({ registry: metrics });
  });
  after(async () => {
    await server?.close();
  });

  test("binds 127.0.0.1 on a free port by default", () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
  });

  test("GET /metrics answers the registry's text with its content type", async () => {
    metrics.headBlock.set(1234);
    metrics.rpcRequestsTotal.inc({ method: "eth_getLogs" });
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), metrics.contentType);
    const text = await res.text();
    assert.match(text, /^coinscious_indexer_head_block 1234$/m);
    assert.match(text, /^coinscious_indexer_rpc_requests_total\{method="eth_getLogs"\} 1$/m);
    const head = await fetch(`${server.url}/metrics?x=1`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
  });

  test("GET /livez answers 200", async () => {
    const res = await fetch(`${server.url}/livez`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await res.json(), { status: "ok" });
  });

  test("unknown paths answer 404 NOT_FOUND as JSON", async () => {
    for (const path of ["/", "/metrics/x", "/readyz"]) {
      const res = await fetch(server.url + path, { method: path === "/" ? "POST" : "GET" });
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "NOT_FOUND");
      assert.equal(typeof body.error.message, "string");
    }
  });

  test("other methods on /metrics answer 405 with Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await fetch(`${server.url}/metrics`, { method });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get("allow"), "GET, HEAD");
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, "METHOD_NOT_ALLOWED");
    }
  });

  test("a failing registry answers 500 and the server keeps serving", async () => {
    let fail = true;
    const s = await createMetricsServer({
      registry: {
        contentType: "text/plain",
        metrics: async () => {
          if (fail) throw new Error("collector broke");
          return "up 1\n";
        },
      },
    });
    try {
      const res = await fetch(`${s.url}/metrics`);
      assert.equal(res.status, 500);
      assert.equal(
        ((await res.json()) as { error: { code: string } }).error.code,
        "METRICS_COLLECTION_FAILED",
      );
      fail = false;
      assert.equal(await (await fetch(`${s.url}/metrics`)).text(), "up 1\n");
    } finally {
      await s.close();
    }
  });

  test("close() frees the port, even with a keep-alive connection open", async () => {
    const s = await createMetricsServer({ registry: metrics });
    const res = await fetch(`${s.url}/livez`, { headers: { connection: "keep-alive" } });
    await res.text();
    assert.equal(await isFree(s.port), false);
    await s.close();
    await s.close(); // idempotent
    assert.equal(await isFree(s.port), true);
    await assert.rejects(fetch(`${s.url}/livez`));
  });

  test("a port in use fails with METRICS_SERVER_LISTEN_FAILED", async () => {
    await assert.rejects(createMetricsServer({ registry: metrics, port: server.port }), {
      code: "METRICS_SERVER_LISTEN_FAILED",
    });
  });
});
