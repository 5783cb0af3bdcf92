import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { supportsRawRequests } from "@coinscious/chain";
import { createPublicClient, custom, type Hex, http, numberToHex } from "viem";
import { createIndexerMetrics } from "../common/createIndexerMetrics.ts";
import { createLogFetcher } from "../fetch/createLogFetcher.ts";
import type { RpcLog } from "../fetch/types.ts";
import { generateTransfers } from "../reliability/generateTransfers.ts";
import type { RpcClient } from "../rpc/requestRpc.ts";
import { createMemoryStore, type MemoryStore } from "../store/createMemoryStore.ts";
import { CHAIN_ID, type Devnet, startDevnet } from "../test/devnet.ts";
import { runSync } from "../test/runSync.ts";

const WALLETS = 100;
const ROUNDS = 40;
const BATCHES_PER_ROUND = 2;
const BATCH_SIZE = 50;
const SINGLES_PER_ROUND = 30;

/**
 * Fills the chain with ~5,000 Transfer events: a batch mint to every wallet, then rounds of one block each
 * (two 50-recipient batchTransfers and 30 single transfers, sent without waiting and mined together), with
 * stretches of 300 empty blocks after every 10th round. Returns the number of Transfer events.
 */
const generate = (d: Devnet): Promise<number> =>
  generateTransfers(d, {
    rounds: ROUNDS,
    batchesPerRound: BATCHES_PER_ROUND,
    recipients: BATCH_SIZE,
    singlesPerRound: SINGLES_PER_ROUND,
    emptyBlocksBetween: 300,
    emptyStretchEvery: 10,
  });

async function assertBalancesMatchChain(d: Devnet, store: MemoryStore): Promise<void> {
  const chain = await Promise.all(d.wallets.map((w) => d.balanceOf(d.deployment.token, w)));
  d.wallets.forEach((w, i) => {
    assert.equal(store.getBalance(CHAIN_ID, d.deployment.token, w), chain[i], `balance of ${w}`);
  });
}

describe("backfill against anvil", () => {
  let devnet: Devnet;
  let expectedTransfers = 0;
  let reference: MemoryStore;

  before(async () => {
    devnet = await startDevnet({ wallets: WALLETS });
    expectedTransfers = await generate(devnet);
  });
  after(async () => {
    await devnet?.stop();
  });

  test("indexes every Transfer; balances equal balanceOf for every wallet", async () => {
    const store = createMemoryStore();
    const metrics = createIndexerMetrics();
    const started = performance.now();
    const run = runSync({
      publicClient: devnet.publicClient,
      sources: devnet.sources,
      store,
      pollingIntervalMs: 50,
      metrics,
    });
    try {
      await run.waitFor(() => run.events.some((e) => e.type === "caught-up"), 50_000, "caught up");
    } finally {
      await run.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const logs = store.listLogs(CHAIN_ID);
    const transfers = logs.filter((l) => l.eventName === "Transfer" && l.address === devnet.deployment.token);
    assert.equal(transfers.length, expectedTransfers);
    await assertBalancesMatchChain(devnet, store);
    const head = await devnet.head();
    assert.equal((await store.getCheckpoint(CHAIN_ID))?.blockHash, head.hash);
    const snap = metrics.snapshot();
    console.log(
      `backfill: ${logs.length} events (${transfers.length} Transfers) over ${head.number - devnet.sources.startBlock} blocks in ${seconds.toFixed(2)} s → ${Math.round(logs.length / seconds)} events/s; ` +
        `${snap.counters.rpcRequestsTotal?.["method=eth_getLogs"] ?? 0} eth_getLogs, ${snap.counters.rpcRequestsTotal?.["method=eth_getBlockByNumber"] ?? 0} headers, ${snap.counters.batchesTotal?.[""]} batches`,
    );
    reference = store;
  });

  test("answers read from their bytes (createRpcTransport) decode to exactly the logs JSON.parse gives", async () => {
    const d = devnet;
    const head = (await d.head()).number;
    assert.equal(supportsRawRequests(d.publicClient), true);
    const plain = createPublicClient({ transport: http(d.anvil.rpcUrl) });
    assert.equal(supportsRawRequests(plain), false);
    const fetchAll = (publicClient: RpcClient, metrics: ReturnType<typeof createIndexerMetrics>) =>
      createLogFetcher({ publicClient, sources: d.sources, initialRange: 40, metrics }).fetchLogs({
        fromBlock: d.sources.startBlock,
        toBlock: head,
      });
    const [rawMetrics, plainMetrics] = [createIndexerMetrics(), createIndexerMetrics()];
    const [fromBytes, fromJson] = await Promise.all([
      fetchAll(d.publicClient, rawMetrics),
      fetchAll(plain, plainMetrics),
    ]);
    assert.ok(fromBytes.length > expectedTransfers, `${fromBytes.length} logs`);
    assert.deepEqual(fromBytes, fromJson);
    // Several answers each (the ranges adapt the same way), every event known.
    const requests = (m: typeof rawMetrics) =>
      m.snapshot().counters.rpcRequestsTotal?.["method=eth_getLogs"] ?? 0;
    assert.ok(requests(rawMetrics) > 5);
    assert.equal(requests(rawMetrics), requests(plainMetrics));
    assert.equal(rawMetrics.snapshot().counters.unknownLogsTotal?.[""] ?? 0, 0);
  });

  test("adaptive ranges: a provider that rejects ranges over 50 blocks still yields every log exactly once", async () => {
    const d = devnet;
    const head = (await d.head()).number;
    let [answered, rejected] = [0, 0];
    const limited = createPublicClient({
      transport: custom({
        request: async ({ method, params }) => {
          if (method === "eth_getLogs") {
            const f = (params as [{ fromBlock: Hex; toBlock: Hex }])[0];
            if (BigInt(f.toBlock) - BigInt(f.fromBlock) + 1n > 50n) {
              rejected++;
              throw { code: -32005, message: "query returned more than 10000 results" };
            }
            answered++;
          }
          return d.publicClient.request({ method, params } as never, { retryCount: 0 });
        },
      }),
    });
    const metrics = createIndexerMetrics();
    const fetcher = createLogFetcher({
      publicClient: limited,
      sources: d.sources,
      initialRange: 5_000,
      metrics,
    });
    const logs = await fetcher.fetchLogs({ fromBlock: d.sources.startBlock, toBlock: head });
    const direct = (await d.publicClient.request({
      method: "eth_getLogs",
      params: [
        {
          address: fetcher.sources.addresses(),
          fromBlock: numberToHex(d.sources.startBlock),
          toBlock: numberToHex(head),
        },
      ],
    } as never)) as RpcLog[];
    const keys = logs.map((l) => `${l.blockNumber}:${l.logIndex}`);
    assert.equal(new Set(keys).size, keys.length, "no duplicates");
    assert.deepEqual(
      keys,
      direct.map((l) => `${BigInt(l.blockNumber)}:${BigInt(l.logIndex)}`),
    );
    const errors = metrics.snapshot().counters.rpcErrorsTotal ?? {};
    assert.ok((errors["kind=too_many_results,method=eth_getLogs"] ?? 0) > 0);
    // The range settles near the limit instead of doubling into it again and again.
    assert.ok(answered >= Number(head - d.sources.startBlock) / 50);
    assert.ok(rejected <= 20, `${rejected} rejected requests`);
    console.log(
      `adaptive: ${answered} answered, ${rejected} rejected eth_getLogs, final range ${fetcher.range()}`,
    );
  });

  test("a restart mid-backfill resumes from the checkpoint and ends identical", async () => {
    const store = createMemoryStore();
    const params = {
      publicClient: devnet.publicClient,
      sources: devnet.sources,
      store,
      pollingIntervalMs: 50,
      batchBlocks: 150,
    };
    let run = runSync(params);
    await run.waitFor(
      () => run.events.filter((e) => e.type === "batch").length >= 3,
      20_000,
      "three batches",
    );
    await run.stop();
    const checkpoint = await store.getCheckpoint(CHAIN_ID);
    assert.ok(checkpoint !== undefined && checkpoint.blockNumber < (await devnet.head()).number);
    run = runSync(params);
    await run.waitFor(() => run.events.some((e) => e.type === "caught-up"), 30_000, "caught up");
    await run.stop();
    assert.equal(store.rollbacks.length, 0);
    assert.equal(store.checksum(CHAIN_ID), reference.checksum(CHAIN_ID));
  });
});
