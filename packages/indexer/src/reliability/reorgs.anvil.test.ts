import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { Queryable } from "@coinscious/db";
import { describeDatabases, type TestDatabase } from "@coinscious/db/testing";
import fc from "fast-check";
import { type Address, numberToHex } from "viem";
import { CHAIN_ID, type Devnet, startDevnet } from "../test/devnet.ts";
import { assertIndexedState } from "./assertIndexedState.ts";
import { indexCleanly } from "./indexCleanly.ts";
import { type RunningIndexer, runIndexerInBackground } from "./runIndexerInBackground.ts";

/** Property runs per engine (`RELIABILITY_RUNS=100` for a long local run). */
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 6);
const WALLETS = 10;
/** Deeper than the deepest reorg made (10): every reorg stays above the finalized floor. */
const FINALITY = { type: "depth" as const, depth: 12 };

let d: Devnet;

before(async () => {
  d = await startDevnet({ wallets: WALLETS });
  await d.sendAndWait(
    d.admin,
    d.deployment.token,
    d.mintData(
      d.wallets,
      d.wallets.map(() => 1_000_000n),
    ),
  );
});
after(async () => {
  await d?.stop();
});

type Transfer = { from: number; to: number; amount: number };
type Mutation =
  /** `anvil_reorg`: the last `depth` blocks replaced by as many new ones holding `txs`. */
  | { kind: "reorg"; depth: number; txs: Transfer[] }
  /**
   * `anvil_rollback`: the chain shortened by `depth`; after `pauseMs` (the indexer may see the short chain, whose
   * head is below its tip) one block per transfer and `empty` empty blocks are mined on top — fewer or more blocks
   * than were removed.
   */
  | { kind: "rollback"; depth: number; txs: Transfer[]; empty: number; pauseMs: number };

const transfer = fc.record({
  from: fc.integer({ min: 0, max: WALLETS - 1 }),
  to: fc.integer({ min: 0, max: WALLETS - 1 }),
  amount: fc.integer({ min: 1, max: 9 }),
});
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("reorg" as const),
    depth: fc.integer({ min: 1, max: 10 }),
    txs: fc.array(transfer, { maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant("rollback" as const),
    depth: fc.integer({ min: 1, max: 10 }),
    txs: fc.array(transfer, { maxLength: 6 }),
    empty: fc.integer({ min: 0, max: 12 }),
    pauseMs: fc.constantFrom(0, 80),
  }),
);

const wallet = (i: number) => d.wallets[i] as Address;
const transferTx = (t: Transfer) => ({
  from: wallet(t.from),
  to: d.deployment.token,
  data: d.transferData(wallet(t.to), BigInt(t.amount)),
  gas: numberToHex(300_000),
});

describeDatabases("runIndexer through anvil_reorg and anvil_rollback in realtime", (ctx) => {
  let run: RunningIndexer;
  /** The highest head the chain has had: the indexer's finalized floor is at most this minus the depth. */
  let highest = 0n;
  const synced = async (db: Queryable) => {
    const { rows } = await db.query<{ block_hash: string }>(
      "SELECT block_hash FROM checkpoints WHERE chain_id = $1",
      [CHAIN_ID],
    );
    return rows[0]?.block_hash === (await d.head()).hash;
  };

  /**
   * Mines `blocks` blocks with one transfer each (so a reorg below them replaces indexed rows), then empty blocks
   * up to the highest head so far: a later mutation of depth ≤ 10 never reaches the floor the indexer derived
   * from a higher head it saw (that would be a finality violation, which is another test).
   */
  async function grow(blocks: number, seed: number) {
    for (let i = 0; i < blocks; i++)
      await d.sendAndWait(wallet((seed + i) % WALLETS), d.deployment.token, d.transferData(wallet(0), 1n));
    const head = (await d.head()).number;
    if (head < highest) await d.rpc("anvil_mine", [numberToHex(highest - head)]);
    highest = (await d.head()).number;
  }

  async function mutate(m: Mutation) {
    if (m.kind === "reorg") {
      await d.rpc("anvil_reorg", [m.depth, m.txs.map((t, i) => [transferTx(t), i % m.depth])]);
      return;
    }
    await d.rpc("anvil_rollback", [m.depth]);
    if (m.pauseMs > 0) await new Promise((r) => setTimeout(r, m.pauseMs));
    for (const t of m.txs)
      await d.sendAndWait(wallet(t.from), d.deployment.token, d.transferData(wallet(t.to), BigInt(t.amount)));
    const empty = m.txs.length === 0 ? Math.max(1, m.empty) : m.empty;
    if (empty > 0) await d.rpc("anvil_mine", [numberToHex(empty)]);
  }

  it("ends equal to a clean index after mixed reorgs and rollbacks of depth 1–10 (property)", async (t) => {
    const cleanDb = await ctx.createTestDatabase();
    // Started and stopped inside the test: the suite's `after` (registered first, so run first) drops the
    // database, and a pool cannot close under a session the indexer still holds.
    run = runIndexerInBackground({
      db: ctx.db,
      publicClient: d.publicClient,
      sources: d.sources,
      finality: FINALITY,
      pollingIntervalMs: 20,
      batchBlocks: 5,
      lockPollIntervalMs: 100,
      retryDelayMs: 50,
    });
    try {
      await run.waitFor(() => synced(ctx.db), 60_000, "the initial sync");
      await property(cleanDb, t);
      await run.stop();
    } finally {
      await run.stop().catch(() => {});
    }
  });

  async function property(cleanDb: TestDatabase, t: { diagnostic(message: string): void }) {
    highest = (await d.head()).number;
    const seen = { reorg: 0, rollback: 0 };
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (mutations, settle) => {
          runs++;
          for (const m of mutations) {
            await grow(m.depth, runs);
            // Either on a settled index, or while it is still following the previous mutation.
            if (settle) await run.waitFor(() => synced(ctx.db), 30_000, "synced before the mutation");
            await mutate(m);
            seen[m.kind]++;
          }
          await run.waitFor(() => synced(ctx.db), 30_000, `synced after ${JSON.stringify(mutations)}`);
          const clean = await indexCleanly(cleanDb, {
            publicClient: d.publicClient,
            sources: d.sources,
            finality: FINALITY,
          });
          await assertIndexedState(ctx.db, d, clean, `after ${mutations.map((m) => m.kind).join(", ")}`);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    const reorgs = run.events.filter((e) => e.type === "reorg");
    assert.ok(reorgs.length > 0, "the indexer rolled back");
    assert.deepEqual(run.roles, ["writer"], "one writer role, never lost");
    t.diagnostic(
      `${runs} runs: ${seen.reorg} anvil_reorg, ${seen.rollback} anvil_rollback; the indexer handled ` +
        `${reorgs.length} reorgs (depths ${reorgs.map((e) => (e.type === "reorg" ? e.depth : 0)).join(",")})`,
    );
  }
});
