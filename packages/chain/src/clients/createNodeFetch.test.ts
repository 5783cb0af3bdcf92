import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, Agent as HttpsAgent } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPublicClient, http, ResponseBodyTooLargeError } from "viem";
import { createNodeFetch } from "./createNodeFetch.ts";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A loopback server whose answer the current test sets; counts connections. */
async function startServer(server: Server = createServer()) {
  let handler: Handler = (_req, _body, res) => res.end();
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handler(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    set(next: Handler) {
      handler = next;
    },
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const RPC = { method: "POST", headers: { "content-type": "application/json" } };

describe("createNodeFetch", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let url: string;
  before(async () => {
    server = await startServer();
    url = `http://127.0.0.1:${server.port}/rpc?key=1`;
  });
  after(() => server.close());

  test("posts the body and headers, answers status, headers and text, on one kept-alive connection", async () => {
    server.set((req, body, res) => {
      res.setHeader("content-type", "application/json");
      res.setHeader("x-seen", `${req.method} ${req.url} ${req.headers["content-type"]}`);
      res.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "0x2a", echo: body }));
    });
    const fetch = createNodeFetch();
    const before = server.connections;
    for (let i = 0; i < 3; i++) {
      const response = await fetch(url, { ...RPC, body: '{"q":"é"}' });
      assert.equal(response.ok, true);
      assert.equal(response.status, 200);
      assert.equal(response.statusText, "OK");
      assert.equal(response.body, null);
      assert.equal(response.headers.get("Content-Type"), "application/json");
      assert.equal(response.headers.get("x-seen"), "POST /rpc?key=1 application/json");
      assert.deepEqual(await response.json(), { jsonrpc: "2.0", id: 1, result: "0x2a", echo: '{"q":"é"}' });
    }
    assert.equal(server.connections - before, 1);
  });

  test("resolves any status: ok is false outside 2xx, and the body is there", async () => {
    server.set((_req, _body, res) => {
      res.statusCode = 503;
      res.end("overloaded");
    });
    const response = await createNodeFetch()(url, { ...RPC, body: "{}" });
    assert.equal(response.ok, false);
    assert.equal(response.status, 503);
    assert.equal(await response.text(), "overloaded");
  });

  test("follows 307 and 308 with the same body; answers other redirects as they are", async () => {
    server.set((req, body, res) => {
      if (req.url === "/a") {
        res.writeHead(307, { location: "/b" }).end();
      } else if (req.url === "/b") {
        res.writeHead(308, { location: `http://127.0.0.1:${server.port}/c` }).end();
      } else if (req.url === "/c") {
        res.end(`c got ${req.method} ${body}`);
      } else if (req.url === "/loop") {
        res.writeHead(307, { location: "/loop" }).end();
      } else {
        res.writeHead(302, { location: "/c" }).end();
      }
    });
    const fetch = createNodeFetch();
    const base = `http://127.0.0.1:${server.port}`;
    assert.equal(await (await fetch(`${base}/a`, { ...RPC, body: "x" })).text(), "c got POST x");
    assert.equal((await fetch(`${base}/moved`, { ...RPC, body: "x" })).status, 302);
    // At most five in a row: the sixth is answered as it is.
    assert.equal((await fetch(`${base}/loop`, { ...RPC, body: "x" })).status, 307);
  });

  test("a refused connection rejects with Node's error code", async () => {
    const closed = await startServer();
    const port = closed.port;
    await closed.close();
    await assert.rejects(createNodeFetch()(`http://127.0.0.1:${port}/`, { ...RPC, body: "{}" }), {
      code: "ECONNREFUSED",
    });
  });

  test("an abort rejects with the signal's reason and closes the connection", async () => {
    server.set(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const fetch = createNodeFetch();
    const pending = fetch(url, { ...RPC, body: "{}", signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const open = server.open;
    controller.abort(new Error("stop"));
    await assert.rejects(pending, { message: "stop" });
    for (let i = 0; i < 50 && server.open >= open; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(server.open < open, "the connection was closed");
    // Already aborted: rejects before anything is sent.
    await assert.rejects(fetch(url, { ...RPC, body: "{}", signal: controller.signal }), { message: "stop" });
  });

  test("a body over the limit rejects with viem's ResponseBodyTooLargeError, declared or streamed", async () => {
    const fetch = createNodeFetch({ maxResponseBodySize: 1_000 });
    server.set((_req, _body, res) => res.end("x".repeat(1_001)));
    await assert.rejects(fetch(url, { ...RPC, body: "{}" }), ResponseBodyTooLargeError);
    server.set((_req, _body, res) => {
      // Chunked: no length declared.
      res.write("x".repeat(600));
      setTimeout(() => res.end("x".repeat(600)), 20);
    });
    await assert.rejects(fetch(url, { ...RPC, body: "{}" }), ResponseBodyTooLargeError);
    server.set((_req, _body, res) => res.end("x".repeat(1_000)));
    assert.equal((await (await fetch(url, { ...RPC, body: "{}" })).text()).length, 1_000);
  });

  test("a body cut short rejects", async () => {
    server.set((_req, _body, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write('{"jsonrpc":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await assert.rejects(createNodeFetch()(url, { ...RPC, body: "{}" }));
  });

  test("serves viem's http transport: results, and JSON-RPC errors as viem's errors", async () => {
    server.set((_req, body, res) => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify(
          method === "eth_blockNumber"
            ? { jsonrpc: "2.0", id, result: "0x10" }
            : { jsonrpc: "2.0", id, error: { code: -32601, message: "no such method" } },
        ),
      );
    });
    const client = createPublicClient({
      transport: http(url, {
        fetchFn: createNodeFetch() as unknown as typeof fetch,
        maxResponseBodySize: false,
        retryCount: 0,
      }),
    });
    assert.equal(await client.getBlockNumber({ cacheTime: 0 }), 16n);
    await assert.rejects(client.request({ method: "eth_nope" } as never), { name: "MethodNotFoundRpcError" });
  });
});

describe("createNodeFetch over https", () => {
  let dir: string | undefined;
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), "node-fetch-tls-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        .concat(["-addext", "subjectAltName=IP:127.0.0.1"])
        .concat(["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")]),
      { stdio: "ignore" },
    );
    cert = readFileSync(join(dir, "cert.pem"));
    key = readFileSync(join(dir, "key.pem"));
  } catch {
    cert = undefined;
  }
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test("posts over TLS through the https agent", {
    skip: cert === undefined ? "no openssl" : false,
  }, async () => {
    const server = await startServer(createHttpsServer({ cert, key }) as unknown as Server);
    try {
      server.set((_req, body, res) => res.end(`tls ${body}`));
      const fetch = createNodeFetch({ agents: { https: new HttpsAgent({ ca: cert, keepAlive: true }) } });
      const response = await fetch(`https://127.0.0.1:${server.port}/`, { ...RPC, body: "hi" });
      assert.equal(await response.text(), "tls hi");
      // The default agent does not trust a self-signed certificate.
      await assert.rejects(createNodeFetch()(`https://127.0.0.1:${server.port}/`, { ...RPC, body: "hi" }), {
        code: "DEPTH_ZERO_SELF_SIGNED_CERT",
      });
    } finally {
      await server.close();
    }
  });
});
