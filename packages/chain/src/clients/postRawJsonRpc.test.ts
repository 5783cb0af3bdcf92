import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { BaseError, createPublicClient, http } from "viem";
import { createRpcTransport, supportsRawRequests } from "./createRpcTransport.ts";
import { RpcUnavailableError } from "./errors.ts";
import { RAW_REQUEST_METHOD, type RawRequestResult } from "./postRawJsonRpc.ts";

/** What a scripted node answers: a status, a content type (or none) and a body. */
type Answer = { status: number; type: string | undefined; body: string };

/** A loopback JSON-RPC "node" that answers what `script` says, and records the requests it got. */
async function startScriptedNode(): Promise<{
  url: string;
  script: (answer: Answer | ((request: { method: string; id: unknown }) => Answer) | "hang") => void;
  requests: { method: string; params: unknown }[];
  close(): Promise<void>;
}> {
  let next: Answer | ((request: { method: string; id: unknown }) => Answer) | "hang" = {
    status: 200,
    type: "application/json",
    body: "{}",
  };
  const requests: { method: string; params: unknown }[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.on("data", (c: Buffer) => {
      text += c.toString();
    });
    req.on("end", () => {
      const request = JSON.parse(text) as { method: string; id: unknown; params: unknown };
      requests.push({ method: request.method, params: request.params });
      if (next === "hang") {
        hanging.add(res);
        return;
      }
      const answer = typeof next === "function" ? next(request) : next;
      res.writeHead(answer.status, answer.type === undefined ? {} : { "content-type": answer.type });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return {
    url: `http://127.0.0.1:${address.port}`,
    script: (answer) => {
      next = answer;
    },
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Everything a caller can tell about an outcome: the value, or the error's class, code, status and chain of causes. */
function outcome(result: PromiseSettledResult<unknown>): unknown {
  if (result.status === "fulfilled") return { value: result.value };
  const describe = (e: unknown): unknown => {
    if (!(e instanceof Error)) return { thrown: e };
    const err = e as Error & { code?: unknown; status?: unknown; details?: unknown; shortMessage?: unknown };
    return {
      name: err.name,
      class: err.constructor.name,
      code: err.code,
      status: err.status,
      // viem's messages name the request body, whose id differs between the two paths.
      shortMessage: err.shortMessage,
      details: typeof err.details === "string" ? err.details : undefined,
      cause: err.cause === undefined ? undefined : describe(err.cause),
    };
  };
  return { error: describe(result.reason) };
}

const LOG_FILTER = { fromBlock: "0x1", toBlock: "0x2" };

describe("raw requests (createRpcTransport, postRawJsonRpc)", () => {
  let node: Awaited<ReturnType<typeof startScriptedNode>>;
  let backup: Awaited<ReturnType<typeof startScriptedNode>>;
  before(async () => {
    [node, backup] = await Promise.all([startScriptedNode(), startScriptedNode()]);
  });
  after(async () => {
    await Promise.all([node?.close(), backup?.close()]);
  });

  const clientOf = (urls: string[], timeoutMs = 2_000) =>
    createPublicClient({ transport: createRpcTransport({ urls, retryCount: 0, timeoutMs }) });
  const raw = <T>(
    client: ReturnType<typeof clientOf>,
    parse: (body: Buffer) => T | undefined,
    signal?: AbortSignal,
  ): Promise<RawRequestResult<T>> =>
    client.request(
      {
        method: RAW_REQUEST_METHOD,
        params: [{ method: "eth_getLogs", params: [LOG_FILTER] }, parse],
      } as never,
      { retryCount: 0, ...(signal ? { signal } : {}) },
    ) as Promise<RawRequestResult<T>>;

  test("the reader's value comes back as { parsed }, from the answer's very bytes", async () => {
    const client = clientOf([node.url]);
    const body = '{"jsonrpc":"2.0","id":1,"result":["0xabc"]}';
    node.script({ status: 200, type: "application/json", body });
    let seen: Buffer | undefined;
    const answer = await raw(client, (bytes) => {
      seen = bytes;
      return "read";
    });
    assert.deepEqual(answer, { parsed: "read" });
    assert.equal(seen?.toString("latin1"), body);
    // The node got the inner request, not the pseudo-method.
    assert.deepEqual(node.requests.at(-1), { method: "eth_getLogs", params: [LOG_FILTER] });
  });

  test("an answer the reader does not take, or a reader that throws: the result as viem's http transport reads it", async () => {
    const client = clientOf([node.url]);
    node.script({
      status: 200,
      type: "application/json",
      body: '{"jsonrpc":"2.0","id":1,"result":[{"a":"ü"}]}',
    });
    assert.deepEqual(await raw(client, () => undefined), { result: [{ a: "ü" }] });
    assert.deepEqual(
      await raw(client, () => {
        throw new Error("reader bug");
      }),
      { result: [{ a: "ü" }] },
    );
  });

  test("any answer fails or succeeds exactly as a normal request through viem's http transport does (property)", async () => {
    const client = clientOf([node.url]);
    const rpcError = fc.record({
      code: fc.constantFrom(-32000, -32005, -32602, -32603, -32601, 3, 4001, 5000, 429, -39001),
      message: fc.constantFrom(
        "query returned more than 10000 results",
        "execution reverted",
        "rate limited",
        "header not found",
        "block range too large",
      ),
    });
    const bodies = fc.oneof(
      fc.jsonValue().map((result) => JSON.stringify({ jsonrpc: "2.0", id: 1, result })),
      rpcError.map((error) => JSON.stringify({ jsonrpc: "2.0", id: 1, error })),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.constant(""),
      fc.jsonValue().map((result) => JSON.stringify({ jsonrpc: "2.0", id: 1, result }).slice(0, -3)),
    );
    const answers = fc.record({
      status: fc.constantFrom(200, 200, 200, 201, 400, 404, 408, 413, 429, 500, 502, 503),
      type: fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", undefined),
      body: bodies,
    });
    await fc.assert(
      fc.asyncProperty(answers, async (answer) => {
        node.script(answer);
        const [normal, viaRaw] = await Promise.allSettled([
          client.request({ method: "eth_getLogs", params: [LOG_FILTER] } as never, { retryCount: 0 }),
          raw(client, () => undefined).then((r) => ("result" in r ? r.result : assert.fail("parsed"))),
        ]);
        // One difference: the client's own error level names the method it was asked for, the raw one.
        const rename = (v: unknown): unknown =>
          typeof v === "string"
            ? v.replaceAll(RAW_REQUEST_METHOD, "eth_getLogs")
            : v !== null && typeof v === "object" && !Array.isArray(v)
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x)]))
              : v;
        assert.deepEqual(rename(outcome(viaRaw)), outcome(normal), JSON.stringify(answer));
      }),
      { numRuns: 150 },
    );
  });

  test("a malformed or failing primary falls back to the backup, whose answer the reader gets", async () => {
    const client = clientOf([node.url, backup.url]);
    const good = '{"jsonrpc":"2.0","id":1,"result":[]}';
    backup.script({ status: 200, type: "application/json", body: good });
    for (const bad of [
      { status: 200, type: "application/json", body: good.slice(0, -5) }, // truncated
      { status: 503, type: "text/plain", body: "overloaded" },
      {
        status: 200,
        type: "application/json",
        body: '{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"x"}}',
      },
    ]) {
      node.script(bad);
      const bodies: string[] = [];
      const answer = await raw(client, (bytes) => {
        const text = bytes.toString("latin1");
        bodies.push(text);
        return text === good ? "backup" : undefined;
      });
      assert.deepEqual(answer, { parsed: "backup" }, JSON.stringify(bad));
      assert.equal(bodies.at(-1), good);
    }
  });

  test("a silent node: RPC_UNAVAILABLE after the timeout; an abort ends the request with its reason", async () => {
    node.script("hang");
    const started = Date.now();
    await assert.rejects(
      raw(clientOf([node.url], 300), () => "never"),
      (e: unknown) => {
        assert.ok(e instanceof RpcUnavailableError, String(e));
        assert.match(e.message, /timeout after 300 ms/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 2_000);
    const controller = new AbortController();
    const reason = new Error("stop");
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(
      raw(clientOf([node.url], 5_000), () => "never", controller.signal),
      (e: unknown) => e === reason || (e instanceof BaseError && e.walk((c) => c === reason) === reason),
    );
  });

  test("supportsRawRequests: true for createRpcTransport's clients only", () => {
    assert.equal(supportsRawRequests(clientOf([node.url])), true);
    assert.equal(supportsRawRequests(createPublicClient({ transport: http(node.url) })), false);
    assert.equal(supportsRawRequests({ request: async () => null }), false);
    assert.equal(supportsRawRequests(undefined), false);
  });
});
