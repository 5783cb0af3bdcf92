import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { createChainClients } from "@coinscious/chain";
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import {
  type Address,
  createPublicClient,
  type Hex,
  HttpRequestError,
  http,
  RpcRequestError,
  TimeoutError,
} from "viem";
import { classifyRpcError, type RpcErrorClassification } from "../errors/classifyRpcError.ts";
import { IndexerRpcError } from "../errors/errors.ts";
import { requestRpc } from "../rpc/requestRpc.ts";
import { type FaultKind, type FaultProxy, faultKinds, startFaultProxy } from "./faultProxy.ts";

/**
 * Client timeout of the `timeout` fault's test (the proxy holds those requests 30 s). The other tests wait
 * longer: a loaded machine must not turn an answer into a timeout.
 */
const SHORT_TIMEOUT_MS = 250;
const TIMEOUT_MS = 10_000;

const viemClient = (url: string, timeout = TIMEOUT_MS) =>
  createPublicClient({ transport: http(url, { timeout, retryCount: 0 }) });
/** The client the CLI hands the indexer: the chain package's fallback transport. */
const chainClient = (url: string, timeoutMs = TIMEOUT_MS) =>
  createChainClients({ network: "devnet", rpcUrl: url, retryCount: 0, timeoutMs }).publicClient;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("the request did not fail");
}

/** The error and its causes, outermost first. */
function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && out.length < 10; e = (e as { cause?: unknown }).cause)
    out.push(e);
  return out;
}

const statusOf = (error: unknown) =>
  causes(error)
    .map((e) => (e as { status?: unknown }).status)
    .find((s) => typeof s === "number");
const textOf = (error: unknown) =>
  causes(error)
    .map((e) => `${(e as Error).message} ${(e as { code?: unknown }).code ?? ""}`)
    .join(" | ");

/** What a viem client must see for each fault (on the error or its causes). */
const expectations: Record<FaultKind, (error: unknown) => void> = {
  timeout: (e) => assert.ok(e instanceof TimeoutError, textOf(e)),
  http429: (e) => {
    assert.ok(e instanceof HttpRequestError || e instanceof RpcRequestError, textOf(e));
    assert.equal(statusOf(e), 429);
  },
  http5xx: (e) => {
    assert.ok(e instanceof HttpRequestError, textOf(e));
    assert.ok([500, 502, 503].includes(e.status ?? 0), String(e.status));
  },
  truncated: (e) => {
    assert.ok(e instanceof HttpRequestError && e.status === undefined, textOf(e));
    assert.match(textOf(e), /terminated|other side closed|UND_ERR_SOCKET/);
  },
  jsonRpcError: (e) => {
    const code = (e as { code?: unknown }).code;
    assert.ok(code === -32603 || code === -32005, textOf(e));
  },
  reset: (e) => {
    assert.ok(e instanceof HttpRequestError && e.status === undefined, textOf(e));
    assert.match(textOf(e), /fetch failed|other side closed|ECONNRESET|UND_ERR_SOCKET/);
  },
};

/** Every outcome of one request, by the stats delta it caused. */
async function outcomes(proxy: FaultProxy, n: number): Promise<string[]> {
  const client = viemClient(proxy.url);
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const before = proxy.stats();
    await client.request({ method: "eth_chainId" }).catch(() => undefined);
    const after = proxy.stats();
    const changed = Object.keys(after).filter((k) => after[k as FaultKind] !== before[k as FaultKind]);
    assert.equal(changed.length, 1);
    seen.push(changed[0] as string);
  }
  return seen;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("startFaultProxy against anvil", () => {
  let anvil: TestAnvil;
  let accounts: Address[];
  /** Classifications seen per fault kind, printed for the report. */
  const seen: Record<string, Set<string>> = {};

  before(async () => {
    anvil = await startAnvil();
    accounts = (await viemClient(anvil.rpcUrl).request({ method: "eth_accounts" } as never)) as Address[];
  });
  after(async () => {
    await anvil?.stop();
    const lines = Object.entries(seen).map(([k, v]) => `  ${k.padEnd(12)} → ${[...v].join(", ")}`);
    if (lines.length > 0) console.log(`classifyRpcError of injected faults:\n${lines.join("\n")}`);
  });

  test("at faultRate 0 every request passes, single and batch, and counts as ok", async () => {
    const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 0 });
    try {
      const client = viemClient(proxy.url);
      for (let i = 0; i < 10; i++) assert.equal(await client.getChainId(), 31337);
      const batch = (await (
        await post(proxy.url, [
          { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] },
          { jsonrpc: "2.0", id: 2, method: "eth_blockNumber", params: [] },
        ])
      ).json()) as { id: number; result: Hex }[];
      assert.deepEqual(
        batch.map((r) => [r.id, typeof r.result]),
        [
          [1, "string"],
          [2, "string"],
        ],
      );
      assert.deepEqual(proxy.stats(), {
        ok: 11,
        timeout: 0,
        http429: 0,
        http5xx: 0,
        truncated: 0,
        jsonRpcError: 0,
        reset: 0,
      });
    } finally {
      await proxy.close();
    }
  });

  for (const kind of faultKinds) {
    test(`${kind}: seen by viem as the expected error, classified retryable`, async () => {
      const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 1, faults: [kind], seed: 11 });
      const kinds = new Set<string>();
      seen[kind] = kinds;
      const check = (error: unknown, through: string): RpcErrorClassification => {
        const c = classifyRpcError(error);
        kinds.add(c.kind);
        assert.equal(c.retryable, true, `${kind} through ${through}: ${textOf(error)} → ${c.kind}`);
        return c;
      };
      const timeout = kind === "timeout" ? SHORT_TIMEOUT_MS : TIMEOUT_MS;
      try {
        const viem = viemClient(proxy.url, timeout);
        for (let i = 0; i < 6; i++) {
          const error = await failure(viem.request({ method: "eth_blockNumber" }));
          expectations[kind](error);
          check(error, "viem http");
        }
        const chain = chainClient(proxy.url, timeout);
        for (let i = 0; i < 2; i++) check(await failure(chain.getBlockNumber()), "createChainClients");
        const wrapped = await failure(
          requestRpc(viem, "eth_getLogs", [{ fromBlock: "0x0" }], { retries: 0 }),
        );
        assert.ok(wrapped instanceof IndexerRpcError);
        assert.equal(wrapped.retryable, true, wrapped.message);
        assert.equal(proxy.stats()[kind], 9);
        assert.equal(proxy.stats().ok, 0);
      } finally {
        const started = performance.now();
        await proxy.close();
        assert.ok(performance.now() - started < 1_000, "close() does not wait for held requests");
      }
    });
  }

  test("truncated answers were forwarded: the transaction happened", async () => {
    const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 1, faults: ["truncated"] });
    try {
      const direct = viemClient(anvil.rpcUrl);
      const from = accounts[1] as Address;
      const nonce = await direct.getTransactionCount({ address: from });
      const error = await failure(
        viemClient(proxy.url).request({
          method: "eth_sendTransaction",
          params: [{ from, to: accounts[2] as Address, value: "0x1" }],
        } as never),
      );
      expectations.truncated(error);
      // anvil mines asynchronously (toolchain.md): the count may lag the answer by a few milliseconds.
      let count = await direct.getTransactionCount({ address: from });
      for (const deadline = performance.now() + 5_000; count === nonce && performance.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        count = await direct.getTransactionCount({ address: from });
      }
      assert.equal(count, nonce + 1);
    } finally {
      await proxy.close();
    }
  });

  test("a JSON-RPC error answers every call of a batch with its id", async () => {
    const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 1, faults: ["jsonRpcError"] });
    try {
      const res = await post(proxy.url, [
        { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: 8, method: "eth_blockNumber", params: [] },
      ]);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { id: number; error: { code: number } }[];
      assert.deepEqual(
        body.map((r) => r.id),
        [7, 8],
      );
      assert.ok(body.every((r) => r.error.code === -32603 || r.error.code === -32005));
      assert.equal(proxy.stats().jsonRpcError, 1, "a batch draws once");
    } finally {
      await proxy.close();
    }
  });

  test("anvil_* and evm_* pass by default, alone or in a batch; passthroughMethods [] faults them too", async () => {
    const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 1, faults: ["http5xx"] });
    try {
      const client = viemClient(proxy.url);
      await client.request({ method: "evm_mine" } as never);
      await client.request({ method: "anvil_setBalance", params: [accounts[3], "0x1"] } as never);
      const res = await post(proxy.url, [
        { jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] },
        { jsonrpc: "2.0", id: 2, method: "evm_mine", params: [] },
      ]);
      assert.equal(res.status, 200);
      await res.json();
      await failure(client.request({ method: "eth_blockNumber" }));
      assert.equal(proxy.stats().ok, 3);
      assert.equal(proxy.stats().http5xx, 1);
    } finally {
      await proxy.close();
    }
    const strict = await startFaultProxy({
      target: anvil.rpcUrl,
      faultRate: 1,
      faults: ["http5xx"],
      passthroughMethods: [],
    });
    try {
      expectations.http5xx(await failure(viemClient(strict.url).request({ method: "evm_mine" } as never)));
    } finally {
      await strict.close();
    }
  });

  test("the seeded sequence is deterministic; setFaultRate applies at once", async () => {
    const faults = faultKinds.filter((k) => k !== "timeout");
    const run = async (seed: number) => {
      const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 0.5, seed, faults });
      try {
        return await outcomes(proxy, 40);
      } finally {
        await proxy.close();
      }
    };
    const a = await run(42);
    assert.deepEqual(await run(42), a);
    assert.notDeepEqual(await run(43), a);
    const faulted = a.filter((o) => o !== "ok").length;
    assert.ok(faulted >= 10 && faulted <= 30, `${faulted} of 40 faulted at rate 0.5`);
    assert.ok(new Set(a).size >= 4, `several kinds drawn: ${[...new Set(a)]}`);

    const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 1, faults: ["reset"] });
    try {
      assert.deepEqual(await outcomes(proxy, 3), ["reset", "reset", "reset"]);
      proxy.setFaultRate(0);
      assert.deepEqual(await outcomes(proxy, 3), ["ok", "ok", "ok"]);
      assert.throws(() => proxy.setFaultRate(1.5), { code: "VALIDATION_FAILED" });
    } finally {
      await proxy.close();
    }
    await assert.rejects(startFaultProxy({ target: anvil.rpcUrl, faultRate: -1 }), {
      code: "VALIDATION_FAILED",
    });
  });

  test("close() destroys held requests, frees the port and leaves no timer or server behind", async () => {
    const count = (name: string) => process.getActiveResourcesInfo().filter((r) => r === name).length;
    await new Promise((r) => setTimeout(r, 50)); // let the previous tests' handles close
    const timers = count("Timeout");
    const servers = count("TCPServerWrap");
    const proxy = await startFaultProxy({ target: anvil.rpcUrl, faultRate: 1, faults: ["timeout"] });
    // No client timeout: only close() can end these.
    const held = [1, 2, 3].map(() =>
      post(proxy.url, { jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }).then(
        () => "answered",
        () => "failed",
      ),
    );
    while (proxy.stats().timeout < 3) await new Promise((r) => setTimeout(r, 10));
    assert.equal(count("Timeout") > timers, true, "each held request has its hold timer");
    const started = performance.now();
    await proxy.close();
    await proxy.close();
    assert.deepEqual(await Promise.all(held), ["failed", "failed", "failed"]);
    assert.ok(performance.now() - started < 1_000);
    assert.equal(await isFree(proxy.port), true);
    // libuv releases a closed handle on a later turn of the loop, and undici's own timers come and go with
    // the client's connections: give them a moment — far less than the 30 s hold timers would need.
    const settled = async () => count("Timeout") <= timers && count("TCPServerWrap") <= servers;
    for (let i = 0; i < 50 && !(await settled()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(count("Timeout") <= timers, `timers: ${process.getActiveResourcesInfo()}`);
    assert.ok(count("TCPServerWrap") <= servers, `servers: ${process.getActiveResourcesInfo()}`);
  });
});
