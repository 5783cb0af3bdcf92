import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { type Address, numberToHex } from "viem";
import { createMemoryStore, type MemoryStore } from "../store/createMemoryStore.ts";
import { CHAIN_ID, type Devnet, startDevnet } from "../test/devnet.ts";
import { type RunningSync, runSync } from "../test/runSync.ts";

const WALLETS = 20;
/** Finality deeper than the deepest reorg the test makes (10). */
const FINALITY = { type: "depth" as const, depth: 12 };

describe("reorgs during realtime sync (anvil_reorg)", () => {
  let d: Devnet;
  let store: MemoryStore;
  let run: RunningSync;

  const synced = async (s: MemoryStore) =>
    (await s.getCheckpoint(CHAIN_ID))?.blockHash === (await d.head()).hash;

  before(async () => {
    d = await startDevnet({ wallets: WALLETS });
    await d.sendAndWait(
      d.admin,
      d.deployment.token,
      d.mintData(
        d.wallets,
        d.wallets.map(() => 10_000n),
      ),
    );
    store = createMemoryStore();
    run = runSync({
      publicClient: d.publicClient,
      sources: d.sources,
      store,
      finality: FINALITY,
      pollingIntervalMs: 20,
    });
    await run.waitFor(() => synced(store), 20_000, "initial sync");
  });
  after(async () => {
    await run?.stop();
    await d?.stop();
  });

  test("rollbackTo gets the common ancestor and the index equals a clean index of the canonical chain", async () => {
    const sink = d.wallets[WALLETS - 1] as Address;
    const transfer = fc.record({
      from: fc.integer({ min: 0, max: WALLETS - 2 }),
      to: fc.integer({ min: 0, max: WALLETS - 2 }),
      amount: fc.integer({ min: 2, max: 4 }),
      offset: fc.nat(),
    });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(transfer, { maxLength: 8 }),
        async (depth, extra, replacement) => {
          runs++;
          // Blocks the reorg will replace: one transfer each, to a wallet the replacements never touch, so
          // every replaced block differs from its replacement.
          for (let i = 0; i < depth + extra; i++)
            await d.sendAndWait(
              d.wallets[i % (WALLETS - 1)] as Address,
              d.deployment.token,
              d.transferData(sink, 1n),
            );
          await run.waitFor(() => synced(store), 10_000, "synced before the reorg");
          const head = (await d.head()).number;
          const rollbacks = store.rollbacks.length;

          const pairs = replacement.map((t) => [
            {
              from: d.wallets[t.from],
              to: d.deployment.token,
              data: d.transferData(
                d.wallets[t.to === t.from ? (t.to + 1) % (WALLETS - 1) : t.to] as Address,
                BigInt(t.amount),
              ),
              gas: numberToHex(300_000),
            },
            t.offset % depth,
          ]);
          await d.rpc("anvil_reorg", [depth, pairs]);
          assert.equal((await d.head()).number, head);
          await run.waitFor(
            async () => store.rollbacks.length > rollbacks && (await synced(store)),
            10_000,
            `reorg of depth ${depth} handled`,
          );
          assert.equal(store.rollbacks.length, rollbacks + 1);
          assert.equal(store.rollbacks.at(-1)?.checkpoint.blockNumber, head - BigInt(depth));
          const event = [...run.events].reverse().find((e) => e.type === "reorg");
          assert.equal(event?.type === "reorg" ? event.depth : undefined, depth);

          for (const w of d.wallets)
            assert.equal(
              store.getBalance(CHAIN_ID, d.deployment.token, w),
              await d.balanceOf(d.deployment.token, w),
            );
          const clean = createMemoryStore();
          const fresh = runSync({
            publicClient: d.publicClient,
            sources: d.sources,
            store: clean,
            finality: FINALITY,
            pollingIntervalMs: 20,
          });
          await fresh.waitFor(() => synced(clean), 10_000, "clean index");
          await fresh.stop();
          assert.equal(store.checksum(CHAIN_ID), clean.checksum(CHAIN_ID));
        },
      ),
      { numRuns: 20, endOnFailure: true },
    );
    assert.equal(runs, 20);
  });
});
