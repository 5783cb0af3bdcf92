/**
 * The bench's head gate (bench/headGate.ts) against a real anvil: pass-through is byte-for-byte anvil, and
 * gated at V the chain looks as if V were the latest block — with anvil's own answers for what lies above it
 * (checked here against anvil's answers for what lies above its real head).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import { type HeadGate, startHeadGate, statsBetween } from "../../bench/headGate.ts";

type Hex = `0x${string}`;
type RpcReply = { jsonrpc: string; id: unknown; result?: unknown; error?: { code: number; message: string } };
type Block = { number: Hex; hash: Hex; transactions: Hex[] };
type Log = { blockNumber: Hex; blockHash: Hex; transactionHash: Hex; address: Hex };

/**
 * Init code of a contract whose runtime emits one LOG0 per call: runtime `PUSH1 0 PUSH1 0 LOG0 STOP`
 * (60006000a000), stored with PUSH6 + MSTORE and returned from memory [26, 32).
 */
const EMITTER_INIT = "0x6560006000a0006000526006601af3";

let nextId = 1;
async function raw(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}
async function rpc(url: string, method: string, params: unknown[] = []): Promise<RpcReply> {
  const { text } = await raw(url, { jsonrpc: "2.0", id: nextId++, method, params });
  return JSON.parse(text) as RpcReply;
}
async function result<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const r = await rpc(url, method, params);
  if (r.error) assert.fail(`${method}: ${r.error.message}`);
  return r.result as T;
}
const hex = (n: bigint) => `0x${n.toString(16)}` as Hex;
const num = (h: Hex) => BigInt(h);

describe("head gate (bench/headGate.ts) against anvil", () => {
  let anvil: TestAnvil;
  let gate: HeadGate;
  let sender: Hex;
  let emitter: Hex;
  /** The blocks holding one emitter call each (one log each), in order. */
  const logBlocks: { number: bigint; hash: Hex; tx: Hex }[] = [];
  let head: bigint;

  before(async () => {
    anvil = await startAnvil();
    const url = anvil.rpcUrl;
    sender = (await result<Hex[]>(url, "eth_accounts"))[0] as Hex;
    // Blocks mined explicitly (automine answers eth_sendTransaction before the block exists).
    await result(url, "evm_setAutomine", [false]);
    /** Sends, mines one block, returns the receipt (which must have succeeded). */
    const mineTx = async (tx: Record<string, unknown>) => {
      const hash = await result<Hex>(url, "eth_sendTransaction", [{ from: sender, ...tx }]);
      await result(url, "evm_mine");
      const r = await result<{
        status: Hex;
        blockNumber: Hex;
        blockHash: Hex;
        logs: unknown[];
        contractAddress: Hex;
      }>(url, "eth_getTransactionReceipt", [hash]);
      assert.equal(r?.status, "0x1");
      return { ...r, hash };
    };
    emitter = (await mineTx({ data: EMITTER_INIT })).contractAddress;
    // 100 empty blocks (so that safe/finalized are above 0), then 6 blocks of one log each.
    await result(url, "anvil_mine", [hex(100n)]);
    for (let i = 0; i < 6; i++) {
      const r = await mineTx({ to: emitter, data: "0x" });
      assert.equal(r.logs.length, 1);
      logBlocks.push({ number: num(r.blockNumber), hash: r.blockHash, tx: r.hash });
    }
    head = num(await result<Hex>(url, "eth_blockNumber"));
    assert.equal(head, logBlocks[5]?.number);
    gate = await startHeadGate({ target: url });
  });
  after(async () => {
    await gate?.close();
    await anvil?.stop();
  });

  test("pass-through: the very same bytes as anvil, singles and batches; calls counted by method", async () => {
    const before = gate.stats();
    const first = logBlocks[0] as { number: bigint; hash: Hex; tx: Hex };
    const requests: unknown[] = [
      { jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] },
      { jsonrpc: "2.0", id: 2, method: "eth_getBlockByNumber", params: ["latest", true] },
      { jsonrpc: "2.0", id: 3, method: "eth_getLogs", params: [{ fromBlock: "0x0", toBlock: "latest" }] },
      { jsonrpc: "2.0", id: 4, method: "eth_getBlockByHash", params: [first.hash, false] },
      { jsonrpc: "2.0", id: 5, method: "eth_getTransactionReceipt", params: [first.tx] },
      { jsonrpc: "2.0", id: 6, method: "eth_getBlockByNumber", params: [hex(head + 5n), false] },
      [
        { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: "x", method: "eth_getLogs", params: [{ fromBlock: hex(head + 1n) }] },
        { jsonrpc: "2.0", id: 9, method: "eth_getBlockReceipts", params: ["latest"] },
      ],
      { jsonrpc: "2.0", id: 10, method: "no_suchMethod", params: [] },
    ];
    for (const body of requests) {
      const direct = await raw(anvil.rpcUrl, body);
      const through = await raw(gate.url, body);
      assert.equal(through.status, direct.status);
      assert.equal(through.text, direct.text, JSON.stringify(body));
    }
    const logs = JSON.parse((await raw(gate.url, requests[2])).text).result as Log[];
    assert.equal(logs.length, 6);
    const d = statsBetween(before, gate.stats());
    assert.equal(d.httpRequests, requests.length + 1);
    assert.deepEqual(d.calls, {
      eth_blockNumber: 1,
      eth_getBlockByNumber: 2,
      eth_getLogs: 3,
      eth_getBlockByHash: 1,
      eth_getTransactionReceipt: 1,
      eth_chainId: 1,
      eth_getBlockReceipts: 1,
      no_suchMethod: 1,
    });
    assert.equal(d.gatedCalls, 0);
    assert.equal(gate.head(), undefined);
  });

  test("anvil's own answers above its head, which the gate emulates", async () => {
    // safe / finalized: latest − 32 / latest − 64
    const safe = await result<Block>(anvil.rpcUrl, "eth_getBlockByNumber", ["safe", false]);
    const finalized = await result<Block>(anvil.rpcUrl, "eth_getBlockByNumber", ["finalized", false]);
    assert.equal(num(safe.number), head - 32n);
    assert.equal(num(finalized.number), head - 64n);
    // a future block: null; logs from beyond the head: BlockOutOfRangeError; logs up to beyond: clamped
    assert.equal(await result(anvil.rpcUrl, "eth_getBlockByNumber", [hex(head + 1n), false]), null);
    const beyond = await rpc(anvil.rpcUrl, "eth_getLogs", [
      { fromBlock: hex(head + 1n), toBlock: hex(head + 9n) },
    ]);
    assert.deepEqual(beyond.error, {
      code: -32602,
      message: `BlockOutOfRangeError: block height is ${head} but requested was ${head + 1n}`,
    });
    const clamped = await result<Log[]>(anvil.rpcUrl, "eth_getLogs", [
      { fromBlock: hex(head), toBlock: hex(head + 9n) },
    ]);
    assert.equal(clamped.length, 1);
    // unknown hashes
    const unknown = `0x${"ab".repeat(32)}`;
    assert.deepEqual((await rpc(anvil.rpcUrl, "eth_getLogs", [{ blockHash: unknown }])).error, {
      code: -32000,
      message: "unknown block",
    });
    for (const method of ["eth_getBlockByHash", "eth_getTransactionReceipt", "eth_getBlockReceipts"]) {
      const params = method === "eth_getBlockByHash" ? [unknown, false] : [unknown];
      assert.equal(await result(anvil.rpcUrl, method, params), null, method);
    }
    // state at a future block
    const balance = await rpc(anvil.rpcUrl, "eth_getBalance", [sender, hex(head + 1n)]);
    assert.equal(balance.error?.code, -32602);
  });

  test("gated at V: the head, tags, future blocks, clamped logs, hidden hashes", async () => {
    const v = head - 3n; // the last 3 log blocks are hidden
    const visible = logBlocks.filter((b) => b.number <= v);
    const hidden = logBlocks.filter((b) => b.number > v);
    assert.equal(visible.length, 3);
    const firstHidden = hidden[0] as { number: bigint; hash: Hex; tx: Hex };
    const lastVisible = visible[visible.length - 1] as { number: bigint; hash: Hex; tx: Hex };
    assert.equal(lastVisible.number, v);
    gate.gate(v);
    try {
      const before = gate.stats();
      const g = gate.url;
      assert.equal(gate.head(), v);
      assert.equal(await result<Hex>(g, "eth_blockNumber"), hex(v));
      assert.equal(await result<Hex>(anvil.rpcUrl, "eth_blockNumber"), hex(head)); // anvil unchanged

      // latest / pending / safe / finalized
      const blockV = await result<Block>(anvil.rpcUrl, "eth_getBlockByNumber", [hex(v), false]);
      for (const tag of ["latest", "pending"]) {
        const b = await result<Block>(g, "eth_getBlockByNumber", [tag, false]);
        assert.equal(b.hash, blockV.hash, tag);
      }
      assert.equal(num((await result<Block>(g, "eth_getBlockByNumber", ["safe", false])).number), v - 32n);
      assert.equal(
        num((await result<Block>(g, "eth_getBlockByNumber", ["finalized", false])).number),
        v - 64n,
      );

      // explicit numbers
      assert.equal(await result(g, "eth_getBlockByNumber", [hex(v + 1n), false]), null);
      assert.equal(await result(g, "eth_getBlockByNumber", [hex(head), true]), null);
      assert.equal((await result<Block>(g, "eth_getBlockByNumber", [hex(v), false])).hash, blockV.hash);
      assert.equal(await result(g, "eth_getBlockReceipts", [hex(v + 1n)]), null);

      // eth_getLogs: clamped to V, fromBlock above V is anvil's error, missing bounds are V
      const all = await result<Log[]>(g, "eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest" }]);
      assert.deepEqual(
        all.map((l) => l.transactionHash),
        visible.map((b) => b.tx),
      );
      const upToFuture = await result<Log[]>(g, "eth_getLogs", [
        { fromBlock: hex(lastVisible.number), toBlock: hex(head + 10n), address: emitter },
      ]);
      assert.deepEqual(
        upToFuture.map((l) => l.blockHash),
        [lastVisible.hash],
      );
      assert.deepEqual(
        (await rpc(g, "eth_getLogs", [{ fromBlock: hex(v + 1n), toBlock: hex(head) }])).error,
        {
          code: -32602,
          message: `BlockOutOfRangeError: block height is ${v} but requested was ${v + 1n}`,
        },
      );
      // no bounds: block V (which holds a log) only
      assert.deepEqual(
        (await result<Log[]>(g, "eth_getLogs", [{}])).map((l) => l.blockHash),
        [lastVisible.hash],
      );
      assert.deepEqual(
        (await result<Log[]>(g, "eth_getLogs", [{ fromBlock: hex(lastVisible.number) }])).map(
          (l) => l.blockHash,
        ),
        [lastVisible.hash],
      );

      // by hash: a hidden block / transaction is unknown, a visible one is not
      assert.equal(await result(g, "eth_getBlockByHash", [firstHidden.hash, false]), null);
      assert.equal(await result(g, "eth_getBlockReceipts", [firstHidden.hash]), null);
      assert.equal(await result(g, "eth_getBlockTransactionCountByHash", [firstHidden.hash]), null);
      assert.equal(await result(g, "eth_getTransactionByHash", [firstHidden.tx]), null);
      assert.equal(await result(g, "eth_getTransactionReceipt", [firstHidden.tx]), null);
      assert.deepEqual((await rpc(g, "eth_getLogs", [{ blockHash: firstHidden.hash }])).error, {
        code: -32000,
        message: "unknown block",
      });
      assert.equal(
        (await result<Block>(g, "eth_getBlockByHash", [lastVisible.hash, false])).hash,
        lastVisible.hash,
      );
      const r = await result<{ blockHash: Hex } | null>(g, "eth_getTransactionReceipt", [lastVisible.tx]);
      assert.equal(r?.blockHash, lastVisible.hash);
      assert.equal((await result<Log[]>(g, "eth_getLogs", [{ blockHash: lastVisible.hash }])).length, 1);

      // state reads at latest are at V; above V, anvil's BlockOutOfRangeError
      const nonceAtV = await result<Hex>(anvil.rpcUrl, "eth_getTransactionCount", [sender, hex(v)]);
      const nonceNow = await result<Hex>(anvil.rpcUrl, "eth_getTransactionCount", [sender, "latest"]);
      assert.equal(num(nonceNow) - num(nonceAtV), 3n);
      assert.equal(await result<Hex>(g, "eth_getTransactionCount", [sender, "latest"]), nonceAtV);
      assert.equal(
        await result<Hex>(g, "eth_getBalance", [sender, "latest"]),
        await result<Hex>(anvil.rpcUrl, "eth_getBalance", [sender, hex(v)]),
      );
      assert.deepEqual((await rpc(g, "eth_getBalance", [sender, hex(v + 1n)])).error, {
        code: -32602,
        message: `BlockOutOfRangeError: block height is ${v} but requested was ${v + 1n}`,
      });
      assert.deepEqual((await rpc(g, "eth_getBalance", [sender, { blockHash: firstHidden.hash }])).error, {
        code: -32001,
        message: "Resource not found",
      });

      const d = statsBetween(before, gate.stats());
      assert.ok(d.answered >= 12, `answered ${d.answered}`);
      assert.ok(d.rewritten >= 8, `rewritten ${d.rewritten}`);
      assert.ok(d.lookups >= 1, `lookups ${d.lookups}`);
      assert.equal(d.calls.eth_blockNumber, 1);
    } finally {
      gate.ungate();
    }
  });

  test("gated batches: answered and forwarded calls merged in request order, ids kept", async () => {
    const v = head - 3n;
    gate.gate(v);
    try {
      const { status, text } = await raw(gate.url, [
        { jsonrpc: "2.0", id: "a", method: "eth_blockNumber", params: [] },
        { jsonrpc: "2.0", id: 2, method: "eth_getLogs", params: [{ fromBlock: "0x0" }] },
        { jsonrpc: "2.0", id: 3, method: "eth_getBlockByNumber", params: [hex(v + 1n), false] },
        { jsonrpc: "2.0", id: 4, method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: 5, method: "eth_getBlockByNumber", params: ["latest", false] },
      ]);
      assert.equal(status, 200);
      const replies = JSON.parse(text) as RpcReply[];
      assert.deepEqual(
        replies.map((r) => r.id),
        ["a", 2, 3, 4, 5],
      );
      assert.equal(replies[0]?.result, hex(v));
      assert.equal((replies[1]?.result as Log[] | undefined)?.length, 3);
      assert.equal(replies[2]?.result, null);
      assert.equal(replies[3]?.result, "0x7a69");
      assert.equal((replies[4]?.result as Block | undefined)?.number, hex(v));
      // A batch with nothing answered by the gate is rewritten and forwarded as one
      const forwarded = JSON.parse(
        (
          await raw(gate.url, [
            { jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] },
            { jsonrpc: "2.0", id: 2, method: "eth_getLogs", params: [{ toBlock: hex(head) }] },
          ])
        ).text,
      ) as RpcReply[];
      assert.equal((forwarded[0]?.result as Block | undefined)?.number, hex(v));
      // no fromBlock: V; toBlock above V: clamped — block V's log only
      assert.deepEqual(
        (forwarded[1]?.result as Log[] | undefined)?.map((l) => l.blockNumber),
        [hex(v)],
      );
    } finally {
      gate.ungate();
    }
  });

  test("reveal / setHead move the head forward; ungate is pass-through again", async () => {
    const v = head - 3n;
    const [a, b, c] = logBlocks.slice(3) as { number: bigint; hash: Hex; tx: Hex }[];
    assert.ok(a && b && c);
    gate.gate(v);
    try {
      assert.equal(await result(gate.url, "eth_getTransactionReceipt", [a.tx]), null);
      assert.equal(gate.reveal(), v + 1n);
      assert.equal(await result<Hex>(gate.url, "eth_blockNumber"), hex(v + 1n));
      assert.equal(
        (await result<{ blockHash: Hex }>(gate.url, "eth_getTransactionReceipt", [a.tx])).blockHash,
        a.hash,
      );
      assert.equal((await result<Block>(gate.url, "eth_getBlockByHash", [a.hash, false])).hash, a.hash);
      assert.equal(await result(gate.url, "eth_getBlockByHash", [b.hash, false]), null);
      gate.setHead(head);
      assert.equal((await result<Block>(gate.url, "eth_getBlockByHash", [c.hash, false])).hash, c.hash);
      const logs = await result<Log[]>(gate.url, "eth_getLogs", [{ fromBlock: "0x0" }]);
      assert.equal(logs.length, 6);
      assert.throws(() => gate.setHead(head - 1n), /below the virtual head/);
    } finally {
      gate.ungate();
    }
    assert.equal(gate.head(), undefined);
    assert.throws(() => gate.reveal(), /not gated/);
    assert.equal(await result<Hex>(gate.url, "eth_blockNumber"), hex(head));
    // a block mined now is seen at once in pass-through
    await result(anvil.rpcUrl, "evm_mine");
    assert.equal(await result<Hex>(gate.url, "eth_blockNumber"), hex(head + 1n));
  });

  test("low heads: safe and finalized saturate at 0, as anvil's do", async () => {
    gate.gate(40n);
    try {
      assert.equal(num((await result<Block>(gate.url, "eth_getBlockByNumber", ["safe", false])).number), 8n);
      assert.equal(
        num((await result<Block>(gate.url, "eth_getBlockByNumber", ["finalized", false])).number),
        0n,
      );
    } finally {
      gate.ungate();
    }
  });
});
