import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Address, createPublicClient, custom, type Hex, numberToHex } from "viem";
import { createIndexerMetrics } from "../common/createIndexerMetrics.ts";
import { createLogFetcher } from "../fetch/createLogFetcher.ts";
import type { RpcLog } from "../fetch/types.ts";
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
 * stretches of empty blocks in between. A balance model picks senders that can pay, so every transfer
 * succeeds. Returns the number of Transfer events.
 */
async function generate(d: Devnet): Promise<number> {
  const balances = new Map<Address, bigint>(d.wallets.map((w) => [w, 10_000n]));
  await d.sendAndWait(
    d.admin,
    d.deployment.token,
    d.mintData(
      d.wallets,
      d.wallets.map(() => 10_000n),
    ),
    25_000_000n,
  );
  let transfers = WALLETS;
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = (): Address => d.wallets[rand(WALLETS)] as Address;
  const move = (from: Address, to: Address, amount: bigint) => {
    balances.set(from, (balances.get(from) ?? 0n) - amount);
    balances.set(to, (balances.get(to) ?? 0n) + amount);
  };
  await d.rpc("evm_setAutomine", [false]);
  for (let round = 0; round < ROUNDS; round++) {
    const sent: Promise<Hex>[] = [];
    for (let b = 0; b < BATCHES_PER_ROUND; b++) {
      let from = pick();
      while ((balances.get(from) ?? 0n) < 5n * BigInt(BATCH_SIZE)) from = pick();
      const to: Address[] = [];
      const amounts: bigint[] = [];
      for (let i = 0; i < BATCH_SIZE; i++) {
        let w = pick();
        while (w === from) w = pick();
        const amount = BigInt(1 + rand(5));
        to.push(w);
        amounts.push(amount);
        move(from, w, amount);
      }
      // Sequential sends keep the FIFO order the model assumes; receipts are not awaited.
      sent.push(d.send(from, d.deployment.token, d.batchTransferData(to, amounts), 6_000_000n));
      await sent[sent.length - 1];
      transfers += BATCH_SIZE;
    }
    for (let i = 0; i < SINGLES_PER_ROUND; i++) {
      let from = pick();
      while ((balances.get(from) ?? 0n) < 10n) from = pick();
      let to = pick();
      while (to === from) to = pick();
      const amount = BigInt(1 + rand(10));
      move(from, to, amount);
      await d.send(from, d.deployment.token, d.transferData(to, amount), 200_000n);
      transfers++;
    }
    await d.rpc("evm_mine");
    if (round % 10 === 9) await d.rpc("anvil_mine", [numberToHex(300)]);
  }
  await d.rpc("evm_setAutomine", [true]);
  const pool = await d.rpc<{ pending: Hex; queued: Hex }>("txpool_status");
  assert.equal(BigInt(pool.pending), 0n, "every transfer was mined");
  return transfers;
}

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
