/**
 * A JSON-RPC proxy for tests that injects the failures real RPC providers produce, between a client and
 * anvil, so the indexer's retry and classification paths run against real sockets instead of mocks.
 */
import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ValidationError } from "@coinscious/core";

/**
 * - `timeout`: the request is held unanswered (until the client gives up, `holdMs` passes, or `close()`);
 * - `http429`: 429 with `Retry-After`, as text or as a JSON-RPC error body;
 * - `http5xx`: 500, 502 or 503 with the status text as body;
 * - `truncated`: forwarded to anvil (side effects happen), then part of the answer is sent under the full
 *   `Content-Length` and the socket destroyed;
 * - `jsonRpcError`: 200 with a JSON-RPC error (`-32603 internal error` or Infura's `-32005` rate limit);
 * - `reset`: the socket is destroyed without an answer.
 */
export type FaultKind = "timeout" | "http429" | "http5xx" | "truncated" | "jsonRpcError" | "reset";

export const faultKinds: readonly FaultKind[] = [
  "timeout",
  "http429",
  "http5xx",
  "truncated",
  "jsonRpcError",
  "reset",
];

export type StartFaultProxyParameters = {
  /** anvil's http URL. */
  target: string;
  /** Probability (0..1) that one faultable HTTP request (a batch counts once) gets a fault. */
  faultRate: number;
  /** PRNG seed: the same seed gives the same sequence of outcomes for the same faultable requests. Default 1. */
  seed?: number;
  /** Faults to draw from, uniformly. Default: all of {@link faultKinds}. */
  faults?: readonly FaultKind[];
  /**
   * Methods never faulted (a request or batch containing one passes unharmed and draws nothing): exact names
   * or prefixes ending in `*`. Default `["anvil_*", "evm_*"]`: tests drive the chain with them. `[]`: none.
   */
  passthroughMethods?: readonly string[];
  /** How long a `timeout` fault holds a request before destroying its socket. Default 30 000 ms. */
  holdMs?: number;
  host?: string;
  /** Default 0: a free port. */
  port?: number;
};

export type FaultProxy = {
  url: string;
  port: number;
  /** Requests answered so far by outcome (`ok` includes passthrough requests). */
  stats(): Record<FaultKind | "ok", number>;
  setFaultRate(faultRate: number): void;
  /** Stops the server, destroys held and open sockets and the connections to anvil. Idempotent. */
  close(): Promise<void>;
};

/** mulberry32: small, fast, good enough to pick faults, and the same on every platform. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertRate(faultRate: number) {
  if (!(faultRate >= 0 && faultRate <= 1))
    throw new ValidationError("faultRate must be between 0 and 1", { faultRate });
}

type Upstream = { status: number; contentType: string; body: Buffer };
type Call = { id: unknown; method: unknown };

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Starts the proxy on a free loopback port. Deterministic for a seed as long as the faultable requests
 * arrive in the same order (send them one after another when a test compares sequences).
 *
 * @example
 * const anvil = await startAnvil();
 * const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 0.2, seed: 7 });
 * const sync = createSync({ publicClient: createPublicClient({ transport: http(proxy.url) }), … });
 * // …
 * console.log(proxy.stats()); // { ok: 412, timeout: 17, http429: 19, … }
 * await proxy.close();
 * await anvil.stop();
 */
export async function startFaultProxy(params: StartFaultProxyParameters): Promise<FaultProxy> {
  const { target, seed = 1, faults = faultKinds, holdMs = 30_000, host = "127.0.0.1", port = 0 } = params;
  const passthrough = params.passthroughMethods ?? ["anvil_*", "evm_*"];
  if (!/^http:\/\//i.test(target) || !URL.canParse(target))
    throw new ValidationError("target must be an http:// URL", { target });
  let faultRate = params.faultRate;
  assertRate(faultRate);
  const random = createRandom(seed);
  const counts = Object.fromEntries(["ok", ...faultKinds].map((k) => [k, 0])) as Record<
    FaultKind | "ok",
    number
  >;
  const agent = new Agent({ keepAlive: true });
  const held = new Map<Socket, ReturnType<typeof setTimeout>>();

  const isPassthrough = (method: unknown) =>
    typeof method === "string" &&
    passthrough.some((p) => (p.endsWith("*") ? method.startsWith(p.slice(0, -1)) : method === p));

  function forward(body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const req = request(target, {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": body.length },
      });
      req.on("error", reject);
      req.on("response", (res) => {
        readBody(res).then(
          (b) =>
            resolve({
              status: res.statusCode ?? 502,
              contentType: res.headers["content-type"] ?? "application/json",
              body: b,
            }),
          reject,
        );
      });
      req.end(body);
    });
  }

  function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer, extra = {}) {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, {
      "content-type": contentType,
      "content-length": Buffer.byteLength(body),
      ...extra,
    });
    res.end(body);
  }

  /** One JSON-RPC error answer per call, in the shape of the request (a batch gets an array). */
  const rpcError = (calls: Call[] | Call, error: { code: number; message: string }) =>
    JSON.stringify(
      Array.isArray(calls)
        ? calls.map((c) => ({ jsonrpc: "2.0", id: c.id ?? null, error }))
        : { jsonrpc: "2.0", id: calls.id ?? null, error },
    );

  async function inject(
    kind: FaultKind,
    variant: number,
    calls: Call[] | Call,
    body: Buffer,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const socket = req.socket;
    switch (kind) {
      case "timeout": {
        const timer = setTimeout(() => socket.destroy(), holdMs);
        held.set(socket, timer);
        socket.once("close", () => {
          clearTimeout(timer);
          held.delete(socket);
        });
        return;
      }
      case "http429":
        if (variant < 0.5) send(res, 429, "text/plain", "Too Many Requests", { "retry-after": "1" });
        // Alchemy answers its rate limit as a JSON-RPC error under HTTP 429.
        else
          send(
            res,
            429,
            "application/json",
            rpcError(calls, { code: 429, message: "Too many requests, please retry" }),
            {
              "retry-after": "1",
            },
          );
        return;
      case "http5xx": {
        const status = [500, 502, 503][Math.floor(variant * 3)] ?? 503;
        send(res, status, "text/plain", STATUS_CODES[status] ?? "Server Error");
        return;
      }
      case "truncated": {
        const upstream = await forward(body);
        const cut = Math.max(
          0,
          Math.min(upstream.body.length - 1, Math.floor(upstream.body.length * (0.1 + 0.8 * variant))),
        );
        res.writeHead(upstream.status, {
          "content-type": upstream.contentType,
          "content-length": upstream.body.length,
        });
        res.write(upstream.body.subarray(0, cut), () => socket.destroy());
        return;
      }
      case "jsonRpcError":
        send(
          res,
          200,
          "application/json",
          rpcError(
            calls,
            variant < 0.5
              ? { code: -32603, message: "internal error" }
              : { code: -32005, message: "daily request count exceeded, request rate limited" },
          ),
        );
        return;
      case "reset":
        socket.destroy();
        return;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    let calls: Call[] | Call | undefined;
    try {
      calls = JSON.parse(body.toString("utf8")) as Call[] | Call;
    } catch {
      calls = undefined; // anvil answers the parse error
    }
    const methods = calls === undefined ? [] : (Array.isArray(calls) ? calls : [calls]).map((c) => c?.method);
    const faultable = calls !== undefined && methods.length > 0 && !methods.some(isPassthrough);
    let kind: FaultKind | undefined;
    let variant = 0;
    if (faultable && faults.length > 0) {
      // Three draws per faultable request, whatever the outcome: the sequence depends on the seed only.
      const [hit, pick, v] = [random(), random(), random()];
      if (hit < faultRate) kind = faults[Math.floor(pick * faults.length)];
      variant = v;
    }
    counts[kind ?? "ok"]++;
    if (kind !== undefined && calls !== undefined) {
      await inject(kind, variant, calls, body, req, res);
      return;
    }
    const upstream = await forward(body);
    send(res, upstream.status, upstream.contentType, upstream.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, 502, "text/plain", `fault proxy: upstream failed: ${message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${bound}`,
    port: bound,
    stats: () => ({ ...counts }),
    setFaultRate(rate) {
      assertRate(rate);
      faultRate = rate;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const [socket, timer] of held) {
          clearTimeout(timer);
          socket.destroy();
        }
        held.clear();
        server.close(() => {
          agent.destroy();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
