// Test-only: the frame a migration's property test shares: random histories written under an older schema, then
// the rest of the migrations applied, then the cap tables checked against the brute-force model.
import assert from "node:assert/strict";
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { loadMigrations } from "../migrate/loadMigrations.ts";
import { migrate } from "../migrate/migrate.ts";
import { capTableAt } from "../queries/capTableAt.ts";
import { balancesAt, buildHistory, type History, historyArbitrary } from "../queries/historyFixture.ts";
import type { TestDatabase } from "../testing/createTestDatabase.ts";
import type { DatabaseSuiteContext } from "../testing/describeDatabases.ts";

export type HistoryMigrationOptions = {
  /** The last migration applied before `body` writes the old form; the rest are applied by `migrateRest`. */
  upTo: number;
  tokens: readonly Address[];
  wallets: readonly Address[];
  investorOf: (wallet: Address) => bigint | null;
  maxBlocks: number;
  numRuns: number;
};

/**
 * For each random history: a fresh database of the suite's engine migrated up to `upTo`, handed to `body` with the
 * history and `migrateRest` (every later migration). The database is dropped whatever `body` does.
 */
export async function forEachHistoryAcrossMigration(
  ctx: DatabaseSuiteContext,
  options: HistoryMigrationOptions,
  body: (db: TestDatabase, history: History, migrateRest: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const migrations = await loadMigrations();
  const { upTo, tokens, wallets, investorOf, maxBlocks, numRuns } = options;
  await fc.assert(
    fc.asyncProperty(historyArbitrary(wallets.length, tokens.length, maxBlocks), async (input) => {
      const history = buildHistory(input, tokens, wallets, investorOf);
      const db = await ctx.createTestDatabase({ migrate: false });
      try {
        await migrate(db, { migrations: migrations.filter((m) => m.version <= upTo) });
        await body(db, history, async () => {
          await migrate(db, { migrations });
        });
      } finally {
        await db.drop();
      }
    }),
    { numRuns },
  );
}

/** Every token's cap table as of every block of the history equals the brute-force model's positive balances. */
export async function assertCapTablesMatchHistory(
  db: TestDatabase,
  chainId: number,
  history: History,
  tokens: readonly Address[],
): Promise<void> {
  for (const token of tokens)
    for (let block = 0n; block <= history.lastBlock; block++) {
      const expected = [...balancesAt(history, token, block)].filter(([, b]) => b > 0n);
      const table = await capTableAt(db, { chainId, token, blockNumber: block });
      assert.deepEqual(
        table.entries.map((e) => [e.wallet, e.balance]).sort(),
        expected.sort(),
        `${token} as of block ${block}`,
      );
    }
}
