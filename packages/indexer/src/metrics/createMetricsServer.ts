import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { IndexerError } from "../errors/errors.ts";

/** What the server exposes: a prom-client `Registry`, or the return value of `createPrometheusIndexerMetrics`. */
export type MetricsSource = {
  metrics(): Promise<string> | string;
  readonly contentType: string;
};

export type CreateMetricsServerParameters = {
  registry: MetricsSource;
  /** Default `127.0.0.1`: metrics stay on the machine unless the operator opens them deliberately. */
  host?: string;
  /** Default 0: a free port (read it from the return value). */
  port?: number;
};

export type MetricsServer = {
  /** `http://host:port` (without a path). */
  url: string;
  port: number;
  /** Stops listening and closes open connections, keep-alive ones included. */
  close(): Promise<void>;
};

const ALLOW = "GET, HEAD";

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * A small `node:http` server for scrapers: `GET /metrics` answers the registry in the Prometheus text format,
 * `GET /livez` answers 200 while the process runs; other methods on those paths get 405 (with `Allow`),
 * other paths 404, both as `{ error: { code, message } }` JSON. `HEAD` is answered like `GET`, without body.
 *
 * Binds 127.0.0.1 by default. Readiness (`/readyz`: database, RPC, lag) belongs to the API, which knows them.
 *
 * @throws {IndexerError} `METRICS_SERVER_LISTEN_FAILED` when the port cannot be bound.
 *
 * @example
 * const metrics = createPrometheusIndexerMetrics();
 * const server = await createMetricsServer({ registry: metrics, port: 9464 });
 * logger.info({ url: `${server.url}/metrics` }, "metrics");
 * process.once("SIGTERM", () => server.close());
 */
export async function createMetricsServer(params: CreateMetricsServerParameters): Promise<MetricsServer> {
  const { registry, host = "127.0.0.1", port = 0 } = params;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const readOnly = req.method === "GET" || req.method === "HEAD";
    if (path !== "/metrics" && path !== "/livez") {
      sendJson(res, 404, errorBody("NOT_FOUND", `No route ${req.method} ${path}`));
      return;
    }
    if (!readOnly) {
      sendJson(res, 405, errorBody("METHOD_NOT_ALLOWED", `${path} answers ${ALLOW} only`), { allow: ALLOW });
      return;
    }
    if (path === "/livez") {
      sendJson(res, 200, { status: "ok" });
      return;
    }
    try {
      const text = await registry.metrics();
      res.writeHead(200, { "content-type": registry.contentType, "content-length": Buffer.byteLength(text) });
      res.end(text);
    } catch (error) {
      // A failing collector must not take the server down; the scrape shows up as failed instead.
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, errorBody("METRICS_COLLECTION_FAILED", message));
    }
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) =>
      reject(
        new IndexerError(
          "METRICS_SERVER_LISTEN_FAILED",
          `Cannot listen on ${host}:${port}: ${error.message}`,
          {
            details: { host, port },
            cause: error,
          },
        ),
      );
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${bound}`,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
