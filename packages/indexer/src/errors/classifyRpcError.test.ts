import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RpcUnavailableError } from "@coinscious/chain";
import { createPublicClient, custom, HttpRequestError, ResponseBodyTooLargeError, TimeoutError } from "viem";
import { classifyRpcError, type RpcErrorKind } from "./classifyRpcError.ts";

/** Throws `failure` through a real viem client, so the error has the shape production code sees. */
async function throughViem(failure: unknown): Promise<unknown> {
  const client = createPublicClient({
    transport: custom({
      request: async () => {
        throw failure;
      },
    }),
  });
  try {
    await client.request({ method: "eth_getLogs", params: [{}] } as never, { retryCount: 0 });
  } catch (error) {
    return error;
  }
  throw new Error("did not fail");
}

type Case = {
  provider: string;
  code: number;
  message: string;
  kind: RpcErrorKind;
  suggested?: bigint;
  limit?: bigint;
};

// Wordings providers answer eth_getLogs with (from their docs and answers seen in the wild).
const cases: Case[] = [
  {
    provider: "Infura",
    code: -32005,
    message: "query returned more than 10000 results. Try with this block range [0x1DBFA1B, 0x1DBFB73].",
    kind: "too_many_results",
    suggested: 0x1dbfb73n - 0x1dbfa1bn + 1n,
  },
  {
    provider: "Infura (no hint)",
    code: -32005,
    message: "query returned more than 10000 results",
    kind: "too_many_results",
  },
  { provider: "Infura rate", code: -32005, message: "project ID request rate exceeded", kind: "rate_limit" },
  {
    provider: "Alchemy",
    code: -32602,
    message:
      "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters and the response size limit, this block range should work: [0x0, 0x4e1f]",
    kind: "too_many_results",
    suggested: 0x4e20n,
  },
  {
    provider: "Alchemy free tier",
    code: -32600,
    message: "Under the Free tier plan, you can make eth_getLogs requests with up to a 10 block range.",
    kind: "range_limit",
    limit: 10n,
  },
  {
    provider: "Alchemy CU",
    code: 429,
    message: "Your app has exceeded its compute units per second capacity.",
    kind: "rate_limit",
  },
  {
    provider: "QuickNode",
    code: -32614,
    message: "eth_getLogs is limited to a 10,000 range",
    kind: "range_limit",
    limit: 10_000n,
  },
  {
    provider: "QuickNode (filter)",
    code: -32602,
    message: "eth_getLogs and eth_newFilter are limited to a 10,000 blocks range",
    kind: "range_limit",
    limit: 10_000n,
  },
  {
    provider: "QuickNode rate",
    code: -32007,
    message:
      "15/second request limit reached - reduce calls per second or upgrade your account at quicknode.com",
    kind: "rate_limit",
  },
  { provider: "Base public node", code: -32000, message: "block range too large", kind: "range_limit" },
  {
    provider: "Base (Coinbase CDP)",
    code: -32000,
    message: "please limit the query to at most 1000 blocks",
    kind: "range_limit",
    limit: 1000n,
  },
  {
    provider: "Base backend",
    code: -32011,
    message: "no backend is currently healthy to serve traffic",
    kind: "server",
  },
  { provider: "Optimism proxyd", code: -32000, message: "backend response too large", kind: "response_size" },
  { provider: "Optimism", code: -32000, message: "Block range is too large", kind: "range_limit" },
  {
    provider: "reth",
    code: -32602,
    message: "query exceeds max results 20000, retry with the range 100-149",
    kind: "too_many_results",
    suggested: 50n,
  },
  {
    provider: "reth range",
    code: -32602,
    message: "query exceeds max block range 100000",
    kind: "range_limit",
    limit: 100_000n,
  },
  {
    provider: "geth rangelimit",
    code: -32000,
    message: "exceed maximum block range: 5000",
    kind: "range_limit",
    limit: 5000n,
  },
  {
    provider: "Arbitrum",
    code: -32000,
    message: "logs matched by query exceeds limit of 10000",
    kind: "too_many_results",
  },
  { provider: "Chainstack", code: -32000, message: "Block range limit exceeded.", kind: "range_limit" },
  { provider: "Ankr", code: -32600, message: "block range is too wide", kind: "range_limit" },
  {
    provider: "Cloudflare",
    code: -32047,
    message: "Invalid eth_getLogs request. Max range: 800",
    kind: "range_limit",
    limit: 800n,
  },
  {
    provider: "1RPC",
    code: -32000,
    message: "response size should not greater than 10000000 bytes",
    kind: "response_size",
  },
  { provider: "geth lagging", code: -32000, message: "header not found", kind: "block_not_found" },
  { provider: "geth unknown block", code: -32000, message: "unknown block", kind: "block_not_found" },
  { provider: "Infura timeout", code: -32002, message: "request timed out", kind: "timeout" },
  {
    provider: "Nethermind",
    code: -32016,
    message: "eth_getLogs request was canceled due to enabled timeout.",
    kind: "timeout",
  },
  { provider: "internal", code: -32603, message: "internal error", kind: "server" },
  {
    provider: "anything",
    code: -32602,
    message: "invalid argument 0: hex string has odd length",
    kind: "unknown",
  },
];

describe("classifyRpcError", () => {
  for (const c of cases) {
    test(`${c.provider}: ${c.message.slice(0, 60)}`, async () => {
      const result = classifyRpcError(await throughViem({ code: c.code, message: c.message }));
      assert.equal(result.kind, c.kind);
      assert.equal(result.suggestedRange, c.suggested);
      assert.equal(result.rangeLimit, c.limit);
      assert.equal(result.retryable, c.kind !== "unknown");
    });
  }

  test("HTTP statuses and transport failures", () => {
    const http = (status: number | undefined, body = "") =>
      classifyRpcError(new HttpRequestError({ url: "https://rpc.example/KEY", status, details: body }));
    assert.equal(http(429).kind, "rate_limit");
    assert.equal(http(413).kind, "response_size");
    // viem's own limit on a body (createNodeFetch's too): a size error, so the range is halved.
    assert.equal(
      classifyRpcError(new ResponseBodyTooLargeError({ maxSize: 10, size: 11 })).kind,
      "response_size",
    );
    assert.equal(http(503).kind, "server");
    assert.equal(http(502).kind, "server");
    assert.equal(http(504).kind, "timeout");
    assert.equal(http(undefined, "fetch failed").kind, "network");
    assert.equal(http(undefined).kind, "network");
    assert.equal(
      classifyRpcError(new TimeoutError({ url: "https://rpc.example", body: {} })).kind,
      "timeout",
    );
    assert.equal(
      classifyRpcError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"))).kind,
      "network",
    );
  });

  test("JSON-RPC -32005 (limit exceeded) is a rate limit whatever its wording, unless the text says result size", () => {
    for (const message of ["limit exceeded", "Request exceeds defined limit", "Limit Exceeded"])
      assert.equal(classifyRpcError({ code: -32005, message }).kind, "rate_limit", message);
    assert.equal(
      classifyRpcError({ code: -32005, message: "query returned more than 10000 results" }).kind,
      "too_many_results",
    );
  });

  test("anvil's answer for a block above its (shortened) head is block_not_found, retryable", () => {
    const c = classifyRpcError({
      code: -32602,
      message: "BlockOutOfRangeError: block height is 48 but requested was 51",
    });
    assert.equal(c.kind, "block_not_found");
    assert.equal(c.retryable, true);
  });

  test("the chain package's RpcUnavailableError keeps the reason of its attempts", () => {
    const unavailable = (reason: string) =>
      new RpcUnavailableError({ method: "eth_getLogs", urls: ["a"], attempts: [{ url: "a", reason }] });
    assert.equal(classifyRpcError(unavailable("timeout after 10000 ms")).kind, "timeout");
    assert.equal(classifyRpcError(unavailable("HTTP 503")).kind, "server");
    assert.equal(classifyRpcError(unavailable("HTTP 429")).kind, "rate_limit");
    assert.equal(classifyRpcError(unavailable("ECONNREFUSED")).kind, "network");
  });

  test("size and server failures shrink the range; rate limits and lagging nodes do not", () => {
    const kinds: [RpcErrorKind, boolean][] = [
      ["too_many_results", true],
      ["response_size", true],
      ["range_limit", true],
      ["timeout", true],
      ["server", true],
      ["rate_limit", false],
      ["block_not_found", false],
      ["network", false],
    ];
    for (const [kind, shrink] of kinds) {
      const c = cases.find((x) => x.kind === kind);
      if (c === undefined) continue;
      assert.equal(classifyRpcError({ code: c.code, message: c.message }).shrinkRange, shrink, kind);
    }
  });
});
