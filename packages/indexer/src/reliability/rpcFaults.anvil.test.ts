import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { createChainClients } from "@coinscious/chain";
import { describeDatabases } from "@coinscious/db/testing";
import { type Address, numberToHex } from "viem";
import { CHAIN_ID, type Devnet, startDevnet } from "../test/devnet.ts";
import { type FaultProxy, faultKinds, startFaultProxy } from "../test/faultProxy.ts";
import { assertIndexedState } from "./assertIndexedState.ts";
import { generateTransfers } from "./generateTransfers.ts";
import { indexCleanly } from "./indexCleanly.ts";
import { createRandom, type Random } from "./random.ts";
import { type RunningIndexer, runIndexerInBackground } from "./runIndexerInBackground.ts";

const FAULT_RATE = Number(process.env.RELIABILITY_FAULT_RATE ?? 0.2);
/** Realtime blocks made while the indexer follows the head (`RELIABILITY_REALTIME_BLOCKS`). */
const REALTIME_BLOCKS = Number(process.env.RELIABILITY_REALTIME_BLOCKS ?? 20);
const FINALITY = { type: "depth" as const, depth: 12 };
/**
 * Client timeout per request: a `timeout` fault costs this much. Short, yet several times what anvil needs for the
 * largest request here (an `eth_getLogs` over one batch), so real answers are not cut off on a loaded machine.
 */
const RPC_TIMEOUT_MS = 500;

let d: Devnet;
let transfers = 0;

before(async () => {
  d = await startDevnet({ wallets: 40 });
  transfers = await generateTransfers(d, { rounds: 20, emptyBlocksBetween: 3 });
});
after(async () => {
  await d?.stop();
});

describeDatabases("runIndexer through a JSON-RPC proxy that injects faults", (ctx) => {
  let proxy: FaultProxy | undefined;
  const synced = async () => {
    const { rows } = await ctx.db.query<{ block_hash: string }>(
      "SELECT block_hash FROM checkpoints WHERE chain_id = $1",
      [CHAIN_ID],
    );
    return rows[0]?.block_hash === (await d.head()).hash;
  };

  after(async () => {
    await proxy?.close();
  });

  it(`backfills and follows the head through ${FAULT_RATE * 100}% faults, ending equal to a clean index`, async (t) => {
    const random = createRandom();
    proxy = await startFaultProxy({
      target: d.anvil.rpcUrl,
      faultRate: FAULT_RATE,
      seed: random.seed,
      faults: faultKinds,
      // Held requests end with the client's timeout; this only bounds what `close()` has to cut.
      holdMs: 5_000,
    });
    const { publicClient } = createChainClients({
      network: "devnet",
      rpcUrl: proxy.url,
      retryCount: 0,
      timeoutMs: RPC_TIMEOUT_MS,
    });
    const started = performance.now();
    const run = runIndexerInBackground({
      db: ctx.db,
      publicClient,
      sources: d.sources,
      finality: FINALITY,
      batchBlocks: 10,
      pollingIntervalMs: 50,
      retryDelayMs: 50,
      maxRetryDelayMs: 1_000,
      rpc: { retries: 4, retryDelayMs: 25 },
    });
    try {
      await followThroughFaults(run, proxy, random, started, t);
    } finally {
      // Here, not in `after`: the suite's `after` (registered first, so run first) drops the database, and a
      // pool cannot close under a session the indexer still holds.
      await run.stop().catch(() => {});
    }
    const clean = await indexCleanly(await ctx.createTestDatabase(), {
      publicClient: d.publicClient,
      sources: d.sources,
      finality: FINALITY,
    });
    await assertIndexedState(ctx.db, d, clean, `through ${FAULT_RATE * 100}% RPC faults`);
  });

  async function followThroughFaults(
    run: RunningIndexer,
    proxy: FaultProxy,
    random: Random,
    started: number,
    t: { diagnostic(message: string): void },
  ) {
    const events = run.events;
    await run.waitFor(() => events.some((e) => e.type === "caught-up"), 120_000, "the backfill");
    const backfillSeconds = (performance.now() - started) / 1000;

    // Realtime: one transfer per block, sent straight to anvil; every fifth block a shallow reorg.
    const wallet = (i: number) => d.wallets[i % d.wallets.length] as Address;
    for (let i = 0; i < REALTIME_BLOCKS; i++) {
      await d.sendAndWait(wallet(i), d.deployment.token, d.transferData(wallet(i + 7), 1n));
      if (i % 5 === 4) {
        const tx = {
          from: wallet(i + 3),
          to: d.deployment.token,
          data: d.transferData(wallet(i + 11), 2n),
          gas: numberToHex(300_000),
        };
        await d.rpc("anvil_reorg", [random.int(1, 3), [[tx, 0]]]);
      }
      await new Promise((r) => setTimeout(r, random.int(0, 100)));
    }
    await run.waitFor(synced, 120_000, "the realtime blocks");
    await run.stop();
    const seconds = (performance.now() - started) / 1000;

    // The mix is random (a kind may miss a short run: faultProxy.test.ts covers each kind deterministically);
    // what must hold is that a fair share of all requests failed.
    const stats = proxy.stats();
    const faults = faultKinds.reduce((n, k) => n + stats[k], 0);
    assert.ok(faults >= 10 && faults / (faults + stats.ok) > FAULT_RATE / 2, JSON.stringify(stats));
    const retries = events.filter((e) => e.type === "retry").length;
    t.diagnostic(
      `${transfers} Transfers backfilled in ${backfillSeconds.toFixed(1)} s, then ${REALTIME_BLOCKS} realtime blocks; ` +
        `${seconds.toFixed(1)} s in all; proxy ${JSON.stringify(stats)}; ${retries} sync-level retries; seed ${random.seed}`,
    );
  }
});
