import assert from "node:assert/strict";
import { it } from "node:test";
import { upsertWalletBalances, type WalletBalance } from "../queries/insertTransfers.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress } from "../testing/fakes.ts";
import type { Queryable } from "../types.ts";

const CHAIN = 31337;
const TOKEN = fakeAddress(0x70c);

describeDatabases("migration 0011: balances updated in place (HOT)", (ctx) => {
  it("indexes balances by its primary key only", async () => {
    const db = await ctx.createTestDatabase();
    const { rows } = await db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'balances' ORDER BY 1",
    );
    assert.deepEqual(
      rows.map((r) => r.indexname),
      ["balances_pkey"],
    );
  });

  it("rewrites every balance of a batch as a heap-only tuple, batch after batch", async () => {
    const db = await ctx.createTestDatabase();
    const wallets = Array.from({ length: 500 }, (_, i) => fakeAddress(0xa000 + i));
    const states = (block: bigint): WalletBalance[] =>
      wallets.map((wallet, i) => ({
        token: TOKEN,
        wallet,
        balance: 1_000n * block + BigInt(i),
        blockNumber: block,
        logIndex: i,
        investorId: BigInt(1 + (i % 7)) * block,
      }));
    await db.transaction((tx) => upsertWalletBalances(tx, CHAIN, states(1n)));
    const counters = async (tx: Queryable) =>
      (
        await tx.query<{ updated: bigint; hot: bigint }>(
          `SELECT pg_stat_get_xact_tuples_updated('balances'::regclass) AS updated,
                  pg_stat_get_xact_tuples_hot_updated('balances'::regclass) AS hot`,
        )
      ).rows[0] as { updated: bigint; hot: bigint };
    for (let block = 2n; block <= 6n; block++) {
      const { updated, hot } = await db.transaction(async (tx) => {
        // Differences within this transaction (PGlite may still hold earlier transactions' counts in them).
        const before = await counters(tx);
        await upsertWalletBalances(tx, CHAIN, states(block));
        const after = await counters(tx);
        return { updated: after.updated - before.updated, hot: after.hot - before.hot };
      });
      // Balance, investor and position all change: with an index on any of them, none would be HOT. A page now
      // and then fills before its dead versions are pruned, so not quite all of them are.
      assert.equal(updated, 500n, `batch of block ${block}`);
      assert.ok(hot >= 450n, `batch of block ${block}: ${hot} of 500 updates HOT`);
    }
  });
});
