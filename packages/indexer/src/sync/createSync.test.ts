import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { securityTokenAbi, tokenFactoryAbi } from "@coinscious/contracts";
import fc from "fast-check";
import {
  type Abi,
  type Address,
  encodeAbiParameters,
  encodeEventTopics,
  type Hex,
  keccak256,
  toHex,
} from "viem";
import { createIndexerMetrics } from "../common/createIndexerMetrics.ts";
import { IndexerStoreError, SourcesChainMismatchError } from "../errors/errors.ts";
import type { RpcLog } from "../fetch/types.ts";
import type { IndexerSources } from "../sources/types.ts";
import { createMemoryStore, type MemoryStore } from "../store/createMemoryStore.ts";
import type { IndexerStore } from "../store/types.ts";
import { createFakeChain, type FakeChain, type FakeTransfer, testAddress } from "../test/fakeChain.ts";
import { runSync } from "../test/runSync.ts";
import { createSync } from "./createSync.ts";

const CHAIN = 31337;
const token = testAddress(1);
const factory = testAddress(2);
const wallets = Array.from({ length: 8 }, (_, i) => testAddress(100 + i));
const sources: IndexerSources = {
  chainId: CHAIN,
  startBlock: 1n,
  contracts: [
    { name: "token", address: token, abi: securityTokenAbi as Abi, startBlock: 1n },
    { name: "factory", address: factory, abi: tokenFactoryAbi as Abi, startBlock: 1n },
  ],
  factories: [
    {
      name: "factory",
      address: factory,
      abi: tokenFactoryAbi as Abi,
      eventName: "TokenClassCreated",
      addressArgument: "token",
      child: { name: "token", abi: securityTokenAbi as Abi },
      startBlock: 1n,
    },
  ],
};

const transfers = (n: number, seed: number, t: Address = token): FakeTransfer[] =>
  Array.from({ length: n }, (_, i) => ({
    token: t,
    from: wallets[(seed + i) % 8] as Address,
    to: wallets[(seed + i + 3) % 8] as Address,
    value: BigInt(1 + ((seed * 7 + i) % 50)),
  }));

/** Indexes `chain` from scratch into a fresh store: the reference a long-running index must equal. */
async function cleanIndex(chain: FakeChain): Promise<MemoryStore> {
  const store = createMemoryStore();
  const run = runSync({ publicClient: chain.client, sources, store, pollingIntervalMs: 1 });
  await run.waitFor(() => run.events.some((e) => e.type === "caught-up"), 10_000, "clean index");
  await run.stop();
  return store;
}

const synced = async (store: MemoryStore, chain: FakeChain) =>
  (await store.getCheckpoint(CHAIN))?.blockHash === chain.head().hash;

/**
 * A pipelined store (`stageBatch`) over a memory store, checking the sync's side of the contract: writes never
 * overlap, and no write staged before a failed one is ever called. Its writes take 0–2 ms and fail at `failureRate`
 * (retryably, like a lost connection).
 */
function pipelinedStore(memory: MemoryStore, failureRate: number) {
  let writing = false;
  let generation = 0;
  let calls = 0;
  const stats = { written: 0, failed: 0 };
  const store: IndexerStore = {
    getCheckpoint: (chainId) => memory.getCheckpoint(chainId),
    applyBatch: (batch) => memory.applyBatch(batch),
    rollbackTo: async (p) => {
      assert.equal(writing, false, "rollbackTo while a write is in flight");
      await memory.rollbackTo(p);
    },
    async stageBatch(batch) {
      const staged = generation;
      return async () => {
        assert.equal(writing, false, "two writes in flight");
        assert.equal(staged, generation, "a write staged before a failed one was called");
        writing = true;
        try {
          await new Promise((r) => setTimeout(r, calls % 3));
          if ((++calls * 2654435761) % 1000 < failureRate * 1000) {
            generation++;
            stats.failed++;
            throw Object.assign(new Error("injected write failure"), { retryable: true });
          }
          await memory.applyBatch(batch);
          stats.written++;
        } finally {
          writing = false;
        }
      };
    },
  };
  return { store, stats };
}

describe("createSync (in-memory chain)", () => {
  for (const pipelined of [false, true])
    test(`any mix of blocks, reorgs above finality and RPC failures ends equal to a clean index${pipelined ? " (pipelined store, failing writes)" : ""}`, async () => {
      let failedWrites = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.record({
                op: fc.constant("mine" as const),
                blocks: fc.integer({ min: 1, max: 5 }),
                logs: fc.nat(4),
              }),
              fc.record({
                op: fc.constant("reorg" as const),
                depth: fc.integer({ min: 1, max: 6 }),
                blocks: fc.integer({ min: 1, max: 8 }),
                logs: fc.nat(4),
              }),
            ),
            { minLength: 1, maxLength: 12 },
          ),
          fc.constantFrom(0, 0.05, 0.2),
          fc.integer({ min: 1, max: 20 }),
          async (ops, failureRate, batchBlocks) => {
            const chain = createFakeChain();
            for (let i = 0; i < 8; i++) chain.mine(transfers(i % 3, i));
            let calls = 0;
            chain.intercept = (r) => {
              calls++;
              if (failureRate === 0 || r.method === "eth_chainId") return undefined;
              // Deterministic "random" failures of every kind the fetcher and tracker must survive.
              const x = (calls * 2654435761) % 1000;
              if (x >= failureRate * 1000) return undefined;
              // "Too many results" for one block would be a real, fatal limit: only for wider ranges.
              const f = r.params[0] as { fromBlock?: Hex; toBlock?: Hex } | undefined;
              const wide =
                r.method === "eth_getLogs" && f?.fromBlock !== undefined && f.fromBlock !== f.toBlock;
              if (x % 4 === 2 && !wide) return { code: -32603, message: "internal error" };
              return [
                { code: -32000, message: "header not found" },
                { code: -32603, message: "internal error" },
                { code: -32005, message: "query returned more than 10000 results" },
                { code: 429, message: "Too Many Requests" },
              ][x % 4];
            };
            const store = createMemoryStore();
            const staging = pipelined ? pipelinedStore(store, failureRate) : undefined;
            const run = runSync({
              publicClient: chain.client,
              sources,
              store: staging?.store ?? store,
              finality: { type: "depth", depth: 6 },
              pollingIntervalMs: 1,
              batchBlocks,
              retryDelayMs: 1,
              maxRetryDelayMs: 5,
              fetch: { retryDelayMs: 0, initialRange: 3 },
              rpc: { retryDelayMs: 1 },
            });
            try {
              let seed = 100;
              let highest = chain.head().number;
              for (const op of ops) {
                await run.waitFor(() => synced(store, chain), 10_000, "sync");
                // Finality is monotonic: a reorg may not reach a block that was once 6 below the head.
                const deepest = Number(chain.head().number - (highest - 6n)) - 1;
                if (op.op === "mine" || deepest < 1)
                  for (let b = 0; b < op.blocks; b++) chain.mine(transfers(op.logs, seed++));
                else
                  chain.reorg(
                    Math.min(op.depth, deepest),
                    Array.from({ length: op.blocks }, () => transfers(op.logs, seed++)),
                  );
                if (chain.head().number > highest) highest = chain.head().number;
              }
              await run.waitFor(() => synced(store, chain), 10_000, "final sync");
            } finally {
              await run.stop();
            }
            chain.intercept = undefined;
            const clean = await cleanIndex(chain);
            assert.equal(store.checksum(CHAIN), clean.checksum(CHAIN));
            // A batch event for every write that committed, none for the others.
            if (staging !== undefined) {
              assert.equal(run.events.filter((e) => e.type === "batch").length, staging.stats.written);
              failedWrites += staging.stats.failed;
            }
            // The rollbacks never went below the finalized floor.
            for (const r of store.rollbacks)
              assert.ok(r.checkpoint.blockNumber >= r.checkpoint.finalizedBlockNumber);
          },
        ),
        { numRuns: 25 },
      );
      // The failure path was exercised.
      if (pipelined) assert.ok(failedWrites > 0);
    });

  test("restarts from the checkpoint, and rolls back a checkpoint replaced while down", async () => {
    const chain = createFakeChain();
    for (let i = 0; i < 30; i++) chain.mine(transfers(2, i));
    const store = createMemoryStore();
    const params = {
      publicClient: chain.client,
      sources,
      store,
      finality: { type: "depth" as const, depth: 4 },
      pollingIntervalMs: 1,
    };
    let run = runSync(params);
    await run.waitFor(() => synced(store, chain));
    await run.stop();
    const batches = store.batches;

    // Down: more blocks arrive — the restart continues where it stopped.
    for (let i = 0; i < 5; i++) chain.mine(transfers(1, 50 + i));
    run = runSync(params);
    await run.waitFor(() => synced(store, chain));
    await run.stop();
    assert.ok(store.batches > batches);
    assert.equal(store.rollbacks.length, 0);

    // Down: the last 3 blocks are replaced — the checkpoint's block is gone; back to its finalized floor.
    const checkpoint = await store.getCheckpoint(CHAIN);
    assert.equal(checkpoint?.finalizedBlockNumber, 31n);
    chain.reorg(3, [transfers(3, 90), transfers(3, 91)]);
    // The chain is now shorter than the checkpoint: the restart waits until it grows past it.
    setTimeout(() => {
      chain.mine(transfers(1, 92));
      chain.mine(transfers(1, 93));
    }, 50);
    run = runSync(params);
    await run.waitFor(() => synced(store, chain));
    await run.stop();
    assert.deepEqual(
      store.rollbacks.map((r) => r.checkpoint.blockNumber),
      [31n],
    );
    assert.equal(store.checksum(CHAIN), (await cleanIndex(chain)).checksum(CHAIN));
  });

  test("logs a lagging node left out of a range are found through the block's bloom", async () => {
    const chain = createFakeChain();
    for (let i = 0; i < 5; i++) chain.mine(transfers(2, i));
    const lastBlock = chain.head();
    // The node answering ranges has not seen the last block's receipts yet.
    chain.transform = (r, result) => {
      const filter = r.params[0] as { blockHash?: Hex } | undefined;
      if (r.method !== "eth_getLogs" || filter?.blockHash !== undefined) return result;
      return (result as RpcLog[]).filter((l) => l.blockHash !== lastBlock.hash);
    };
    const store = createMemoryStore();
    const run = runSync({
      publicClient: chain.client,
      sources,
      store,
      finality: { type: "depth", depth: 3 },
      pollingIntervalMs: 1,
    });
    await run.waitFor(() => synced(store, chain));
    await run.stop();
    assert.equal(store.listLogs(CHAIN).length, 10);
  });

  test("headersOfLogBlocks passes the header of every block with logs to the store", async () => {
    const chain = createFakeChain();
    for (let i = 0; i < 12; i++) chain.mine(i % 3 === 0 ? transfers(1, i) : []);
    const blocks: bigint[][] = [];
    const store = createMemoryStore({ beforeApply: (b) => void blocks.push(b.blocks.map((h) => h.number)) });
    const run = runSync({
      publicClient: chain.client,
      sources,
      store,
      finality: { type: "depth", depth: 2 },
      pollingIntervalMs: 1,
      headersOfLogBlocks: true,
    });
    await run.waitFor(() => synced(store, chain));
    await run.stop();
    // Blocks 1, 4, 7, 10 have logs; 1 and 12 bound the batch; 11 and 12 are above finality.
    assert.deepEqual(blocks[0], [1n, 4n, 7n, 10n, 11n, 12n]);
    assert.equal(store.checksum(CHAIN), (await cleanIndex(chain)).checksum(CHAIN));
  });

  test("dates logs from headers when the node leaves blockTimestamp out", async () => {
    const chain = createFakeChain();
    chain.omitLogTimestamps = true;
    for (let i = 0; i < 5; i++) chain.mine(transfers(1, i));
    const store = createMemoryStore();
    const run = runSync({
      publicClient: chain.client,
      sources,
      store,
      finality: { type: "depth", depth: 0 },
      pollingIntervalMs: 1,
    });
    await run.waitFor(() => synced(store, chain));
    await run.stop();
    assert.deepEqual(
      store.listLogs(CHAIN).map((l) => l.blockTimestamp),
      [1, 2, 3, 4, 5].map((n) => chain.blocks[n]?.timestamp ?? 0n),
    );
  });

  test("a class created in a reorganized block is forgotten with it", async () => {
    const chain = createFakeChain();
    const child = testAddress(60);
    const created = {
      address: factory,
      topics: encodeEventTopics({
        abi: tokenFactoryAbi,
        eventName: "TokenClassCreated",
        args: { token: child, implementation: testAddress(61), salt: keccak256(toHex("b")) },
      }) as Hex[],
      data: encodeAbiParameters([{ type: "string" }], ["ACME-B"]),
    };
    for (let i = 0; i < 3; i++) chain.mine(transfers(1, i));
    chain.mine([], [created]);
    chain.mine(transfers(2, 10, child));
    const store = createMemoryStore();
    const run = runSync({
      publicClient: chain.client,
      sources,
      store,
      finality: { type: "depth", depth: 5 },
      pollingIntervalMs: 1,
    });
    try {
      await run.waitFor(() => synced(store, chain));
      assert.deepEqual(
        run.sync.sources.children().map((c) => c.address),
        [child],
      );
      assert.equal(store.listLogs(CHAIN).filter((l) => l.address === child).length, 2);
      chain.reorg(2, [transfers(1, 20), transfers(2, 30, child)]);
      await run.waitFor(() => synced(store, chain));
      assert.deepEqual(run.sync.sources.children(), []);
      assert.equal(store.listLogs(CHAIN).filter((l) => l.address === child).length, 0);
    } finally {
      await run.stop();
    }
  });

  test("fatal errors stop the sync; a store error marked retryable does not", async () => {
    const chain = createFakeChain({ chainId: 1 });
    chain.mine(transfers(1, 0));
    const wrongChain = runSync({
      publicClient: chain.client,
      sources,
      store: createMemoryStore(),
      pollingIntervalMs: 1,
    });
    await assert.rejects(
      wrongChain.waitFor(() => false),
      SourcesChainMismatchError,
    );
    await assert.rejects(wrongChain.stop(), SourcesChainMismatchError);

    const devnet = createFakeChain();
    for (let i = 0; i < 4; i++) devnet.mine(transfers(1, i));
    let fail: "fatal" | "retryable" | undefined = "retryable";
    const store = createMemoryStore({
      beforeApply: () => {
        const kind = fail;
        fail = undefined;
        if (kind === "retryable")
          throw Object.assign(new Error("could not serialize access"), { retryable: true });
        if (kind === "fatal") throw new Error("relation does not exist");
      },
    });
    const metrics = createIndexerMetrics();
    const run = runSync({
      publicClient: devnet.client,
      sources,
      store,
      pollingIntervalMs: 1,
      retryDelayMs: 1,
      metrics,
    });
    await run.waitFor(() => synced(store, devnet));
    assert.ok(run.events.some((e) => e.type === "retry"));
    fail = "fatal";
    devnet.mine(transfers(1, 9));
    await assert.rejects(
      run.waitFor(() => false),
      IndexerStoreError,
    );
    await assert.rejects(run.stop(), IndexerStoreError);
    const snapshot = metrics.snapshot();
    assert.equal(snapshot.gauges.indexedBlock, 4);
    assert.equal(snapshot.counters.eventsTotal?.[""], 4);
  });
});

/**
 * The store with every `applyBatch` 20 ms slower (no `stageBatch`: one write at a time): `before` runs as the write
 * starts, `after` when the delay is over, `written` once the batch is in the store.
 */
function withSlowWrites(
  store: MemoryStore,
  hooks: {
    before?: () => void;
    after?: () => void;
    written?: (batch: Parameters<MemoryStore["applyBatch"]>[0]) => void;
  },
): IndexerStore {
  return {
    getCheckpoint: store.getCheckpoint,
    rollbackTo: store.rollbackTo,
    async applyBatch(batch) {
      hooks.before?.();
      await new Promise((r) => setTimeout(r, 20));
      hooks.after?.();
      await store.applyBatch(batch);
      hooks.written?.(batch);
    },
  };
}

describe("createSync: backfill batches", () => {
  test("are sized by logs, and the next range is fetched while a batch is written", async () => {
    const chain = createFakeChain({ chainId: CHAIN });
    for (let b = 0; b < 60; b++) chain.mine(transfers(b < 30 ? 20 : 1, b));
    const store = createMemoryStore();
    const writing = { now: false, getLogsDuringWrite: 0 };
    chain.transform = (request, result) => {
      if (request.method === "eth_getLogs" && writing.now) writing.getLogsDuringWrite++;
      return result;
    };
    const slowStore = withSlowWrites(store, {
      before: () => {
        writing.now = true;
      },
      after: () => {
        writing.now = false;
      },
    });
    const run = runSync({
      publicClient: chain.client,
      sources,
      store: slowStore,
      pollingIntervalMs: 1,
      batchBlocks: 10,
      batchLogs: 100,
    });
    await run.waitFor(() => run.events.some((e) => e.type === "caught-up"), 10_000, "caught up");
    await run.stop();
    const batches = run.events.filter((e) => e.type === "batch");
    // At most 10 blocks; 100 logs at 20 per block: 5-block batches on the dense stretch, 10 on the sparse one.
    assert.ok(batches.length >= 8, `${batches.length} batches`);
    assert.ok(
      batches.some((b) => b.type === "batch" && b.toBlock - b.fromBlock === 4n),
      "a 5-block batch",
    );
    for (const b of batches)
      assert.ok(b.type === "batch" && b.logs <= 200, `batch of ${b.type === "batch" ? b.logs : 0} logs`);
    assert.ok(writing.getLogsDuringWrite > 0, "a getLogs ran while a batch was being written");
    assert.equal(store.checksum(CHAIN), (await cleanIndex(chain)).checksum(CHAIN));
  });

  test("prefetchRanges sets how many ranges ahead of the batch being written are requested", async () => {
    const chain = createFakeChain({ chainId: CHAIN });
    for (let b = 0; b < 60; b++) chain.mine(transfers(10, b));
    const aheadAt = async (prefetchRanges: number) => {
      const store = createMemoryStore();
      // Ranges requested whose blocks are not written yet, at most: the one being written, the one being read,
      // and those fetched ahead.
      let written = 0n;
      let ahead = 0;
      const requested = new Set<bigint>();
      chain.transform = (request, result) => {
        if (request.method === "eth_getLogs") {
          const from = BigInt((request.params as [{ fromBlock: Hex }])[0].fromBlock);
          if (from > written) requested.add(from);
          ahead = Math.max(ahead, [...requested].filter((f) => f > written).length);
        }
        return result;
      };
      const slowStore = withSlowWrites(store, {
        written: (batch) => {
          written = batch.toBlock;
        },
      });
      const run = runSync({
        publicClient: chain.client,
        sources,
        store: slowStore,
        pollingIntervalMs: 1,
        batchBlocks: 5,
        batchLogs: 50,
        prefetchRanges,
      });
      await run.waitFor(() => run.events.some((e) => e.type === "caught-up"), 10_000, "caught up");
      await run.stop();
      assert.equal(store.checksum(CHAIN), (await cleanIndex(chain)).checksum(CHAIN));
      return ahead;
    };
    const [none, one, two] = [await aheadAt(0), await aheadAt(1), await aheadAt(2)];
    assert.ok(none < one && one < two, `ranges ahead: ${none}, ${one}, ${two}`);
    assert.throws(
      () =>
        createSync({ publicClient: chain.client, sources, store: createMemoryStore(), prefetchRanges: -1 }),
      { code: "VALIDATION_FAILED" },
    );
  });
});
