import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Address, Hex } from "viem";
import { createIndexerMetrics } from "../common/createIndexerMetrics.ts";
import { createMemoryStore, type MemoryStore } from "../store/createMemoryStore.ts";
import { CHAIN_ID, type Devnet, startDevnet } from "../test/devnet.ts";
import { type RunningSync, runSync } from "../test/runSync.ts";

const POLLING_MS = 100;

describe("realtime sync against anvil", () => {
  let d: Devnet;
  let store: MemoryStore;
  let run: RunningSync;
  const metrics = createIndexerMetrics();

  const indexed = async (block: bigint) =>
    ((await store.getCheckpoint(CHAIN_ID))?.blockNumber ?? 0n) >= block;
  const assertBalances = async (token: Address) => {
    for (const w of d.wallets)
      assert.equal(
        store.getBalance(CHAIN_ID, token, w),
        await d.balanceOf(token, w),
        `${token} balance of ${w}`,
      );
  };

  before(async () => {
    d = await startDevnet({ wallets: 10 });
    await d.sendAndWait(
      d.admin,
      d.deployment.token,
      d.mintData(
        d.wallets,
        d.wallets.map(() => 1_000n),
      ),
    );
    store = createMemoryStore();
    run = runSync({
      publicClient: d.publicClient,
      sources: d.sources,
      store,
      finality: { type: "depth", depth: 5 },
      pollingIntervalMs: POLLING_MS,
      metrics,
    });
    await run.waitFor(() => run.events.some((e) => e.type === "caught-up"), 20_000, "catch-up");
  });
  after(async () => {
    await run?.stop();
    await d?.stop();
  });

  test("new transfers are indexed within the polling interval", async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [from, to] = [d.wallets[i] as Address, d.wallets[(i + 1) % 10] as Address];
      const receipt = await d.sendAndWait(from, d.deployment.token, d.transferData(to, BigInt(i + 1)));
      const mined = performance.now();
      await run.waitFor(() => indexed(receipt.blockNumber), 5_000, `block ${receipt.blockNumber}`);
      latencies.push(performance.now() - mined);
      const log = store.listLogs(CHAIN_ID).find((l) => l.transactionHash === receipt.transactionHash);
      assert.deepEqual(log?.args, { from, to, value: BigInt(i + 1) });
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `realtime: block-to-indexed p50 ${latencies[5]?.toFixed(0)} ms, max ${latencies[9]?.toFixed(0)} ms (polling ${POLLING_MS} ms)`,
    );
    // One polling interval plus a few round trips on a loaded machine.
    assert.ok((latencies[9] ?? Infinity) < POLLING_MS + 400, `max latency ${latencies[9]} ms`);
    await assertBalances(d.deployment.token);
    const snap = metrics.snapshot();
    assert.equal(snap.gauges.lagBlocks, 0);
    assert.equal(snap.gauges.indexedBlock, Number((await d.head()).number));
  });

  test("a class created by the factory after catch-up is followed from its creation", async () => {
    const token = await d.createClass("ACME-B");
    const receipt = await d.sendAndWait(d.admin, token, d.mintData(d.wallets.slice(0, 3), [5n, 6n, 7n]));
    await d.sendAndWait(d.wallets[0] as Address, token, d.transferData(d.wallets[4] as Address, 2n));
    await run.waitFor(async () => indexed((await d.head()).number), 5_000, "class indexed");
    assert.ok(run.sync.sources.find(token) !== undefined);
    const created = store.listLogs(CHAIN_ID).filter((l) => l.eventName === "TokenClassCreated");
    assert.deepEqual(
      created.map((l) => l.args.token),
      [d.deployment.token, token],
    );
    assert.ok(
      store.listLogs(CHAIN_ID).some((l) => l.address === token && l.blockNumber === receipt.blockNumber),
    );
    await assertBalances(token);
  });

  test("evm_revert to a snapshot, then a different block: rolled back to the snapshot and re-indexed", async () => {
    const snapshot = await d.rpc<Hex>("evm_snapshot");
    const base = (await d.head()).number;
    for (let i = 0; i < 3; i++)
      await d.sendAndWait(
        d.wallets[i] as Address,
        d.deployment.token,
        d.transferData(d.wallets[9] as Address, 100n),
      );
    await run.waitFor(() => indexed(base + 3n), 5_000, "three blocks");
    assert.equal(
      store.getBalance(CHAIN_ID, d.deployment.token, d.wallets[9] as Address),
      await d.balanceOf(d.deployment.token, d.wallets[9] as Address),
    );

    await d.rpc("evm_revert", [snapshot]);
    const replacement = await d.sendAndWait(
      d.wallets[5] as Address,
      d.deployment.token,
      d.transferData(d.wallets[6] as Address, 9n),
    );
    assert.equal(replacement.blockNumber, base + 1n);
    await run.waitFor(
      async () => (await store.getCheckpoint(CHAIN_ID))?.blockHash === (await d.head()).hash,
      5_000,
      "re-indexed",
    );
    assert.equal(store.rollbacks.at(-1)?.checkpoint.blockNumber, base);
    const reorg = [...run.events].reverse().find((e) => e.type === "reorg");
    assert.equal(reorg?.type === "reorg" ? reorg.depth : 0, 3);
    await assertBalances(d.deployment.token);
    assert.equal(
      store
        .listLogs(CHAIN_ID)
        .filter((l) => l.blockNumber > base)
        .map((l) => l.transactionHash)
        .join(),
      replacement.transactionHash,
    );
  });
});
