import assert from "node:assert/strict";
import { it } from "node:test";
import { loadMigrations } from "../migrate/loadMigrations.ts";
import { migrate } from "../migrate/migrate.ts";
import { capTableAt } from "../queries/capTableAt.ts";
import { insertRows } from "../queries/insertRows.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import type { Database } from "../types.ts";

const CHAIN = 31337;
const TOKEN = fakeAddress(0x70c);
const [A, B] = [fakeAddress(0xa), fakeAddress(0xb)];

/** A database at migration 0006 holding a small history written the way the code before 0007 wrote it. */
async function indexedBefore0007(db: Database, withLegs = true): Promise<void> {
  const migrations = await loadMigrations();
  await migrate(db, { migrations: migrations.filter((m) => m.version <= 6) });
  const t = (log: [bigint, number], kind: string, from: string | null, to: string | null, amount: bigint) => [
    CHAIN,
    log[0],
    log[1],
    fakeHash(log[0]),
    TOKEN,
    kind,
    from,
    to,
    from === null ? null : 1n,
    to === null ? null : 1n,
    amount,
  ];
  await insertRows(
    db,
    "transfers",
    [
      "chain_id",
      "block_number",
      "log_index",
      "tx_hash",
      "token",
      "kind",
      "from_wallet",
      "to_wallet",
      "from_investor_id",
      "to_investor_id",
      "amount",
    ],
    [
      t([1n, 0], "issuance", null, A, 100n),
      t([1n, 1], "transfer", A, B, 40n),
      t([2n, 0], "transfer", A, A, 30n), // a self-transfer: one merged row with delta 0 before 0007
      t([2n, 1], "redemption", B, null, 15n),
    ],
  );
  if (!withLegs) return;
  await insertRows(
    db,
    "balance_changes",
    ["chain_id", "block_number", "log_index", "token", "wallet", "delta", "balance_after", "investor_id"],
    [
      [CHAIN, 1n, 0, TOKEN, A, 100n, 100n, 1n],
      [CHAIN, 1n, 1, TOKEN, A, -40n, 60n, 1n],
      [CHAIN, 1n, 1, TOKEN, B, 40n, 40n, 1n],
      [CHAIN, 2n, 0, TOKEN, A, 0n, 60n, 1n],
      [CHAIN, 2n, 1, TOKEN, B, -15n, 25n, 1n],
    ],
  );
  await insertRows(
    db,
    "balances",
    ["chain_id", "token", "wallet", "balance", "investor_id", "block_number", "log_index"],
    [
      [CHAIN, TOKEN, A, 60n, 1n, 2n, 0],
      [CHAIN, TOKEN, B, 25n, 1n, 2n, 1],
    ],
  );
}

describeDatabases(
  "migration 0007 (balance history in the journal)",
  (ctx) => {
    it("moves the history of a database indexed before it into the journal", async () => {
      await indexedBefore0007(ctx.db);
      // 0007 is the next one applied (later migrations follow it; this test is about 0007's upgrade).
      assert.equal((await migrate(ctx.db)).applied[0]?.version, 7);
      const { rows } = await ctx.db.query<{
        from_balance_after: string | null;
        to_balance_after: string | null;
      }>("SELECT from_balance_after, to_balance_after FROM transfers ORDER BY block_number, log_index");
      assert.deepEqual(
        rows.map((r) => [r.from_balance_after, r.to_balance_after]),
        [
          [null, "100"],
          ["60", "40"],
          ["60", "60"],
          ["25", null],
        ],
      );
      const legs = await ctx.db.query<{ wallet: string; delta: string; balance_after: string }>(
        "SELECT wallet, delta, balance_after FROM balance_changes ORDER BY block_number, log_index, delta",
      );
      assert.deepEqual(
        legs.rows.map((l) => [l.wallet, l.delta, l.balance_after]),
        [
          [A, "100", "100"],
          [A, "-40", "60"],
          [B, "40", "40"],
          [A, "-30", "60"],
          [A, "30", "60"],
          [B, "-15", "25"],
        ],
      );
      const asOf1 = await capTableAt(ctx.db, { chainId: CHAIN, token: TOKEN, blockNumber: 1n });
      assert.deepEqual(
        asOf1.entries.map((e) => [e.wallet, e.balance]),
        [
          [A, 60n],
          [B, 40n],
        ],
      );
    });

    it("refuses to run on a journal row without its balance legs, and changes nothing", async () => {
      const db = await ctx.createTestDatabase({ migrate: false });
      await indexedBefore0007(db, false);
      await assert.rejects(migrate(db), { sqlState: "23514" });
      const { rows } = await db.query<{ version: number }>(
        "SELECT max(version) AS version FROM schema_migrations",
      );
      assert.equal(rows[0]?.version, 6);
    });
  },
  { migrate: false },
);
