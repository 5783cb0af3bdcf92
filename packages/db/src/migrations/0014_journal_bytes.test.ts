import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { loadMigrations } from "../migrate/loadMigrations.ts";
import { migrate } from "../migrate/migrate.ts";
import { capTableAt } from "../queries/capTableAt.ts";
import {
  balancesAt,
  blockTimestamp,
  buildHistory,
  historyArbitrary,
  journalAsText,
} from "../queries/historyFixture.ts";
import { insertRows } from "../queries/insertRows.ts";
import { TRANSFER_COLUMNS, upsertWalletBalances } from "../queries/insertTransfers.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import type { Queryable } from "../types.ts";

const CHAIN = 31337;
const TOKENS = [fakeAddress(0x7e000001), fakeAddress(0x7e000002)];
const WALLETS = Array.from({ length: 5 }, (_, i) => fakeAddress(0xb0 + i * 0x1111));
const investorOf = (wallet: Address): bigint | null => BigInt(1 + (WALLETS.indexOf(wallet) % 2));

/** The journal as text, every column (the keys included), in chain order: `transfers` before 0014, the view after. */
const journalText = async (db: Queryable, relation: "transfers" | "transfer_journal") =>
  (
    await db.query<{ r: string }>(
      `SELECT (chain_id, block_number, log_index, tx_hash, token, kind, from_wallet, to_wallet, from_investor_id,
               to_investor_id, amount, reason_code, from_balance_after, to_balance_after, from_as_of, to_as_of,
               from_key, to_key)::text AS r
       FROM ${relation} ORDER BY block_number, log_index`,
    )
  ).rows.map((row) => row.r);

const transferEvents = async (db: Queryable) =>
  (
    await db.query<{ r: string }>(
      `SELECT (block_number, log_index, block_hash, tx_hash, contract, args)::text AS r
       FROM all_events WHERE event_name = 'Transfer' ORDER BY block_number, log_index`,
    )
  ).rows.map((row) => row.r);

describeDatabases("migration 0014: the journal's hashes and addresses as bytes", (ctx) => {
  it("keeps every journal row, its as-of keys, the Transfer events and the cap tables (property)", async () => {
    const migrations = await loadMigrations();
    await fc.assert(
      fc.asyncProperty(historyArbitrary(WALLETS.length, TOKENS.length, 10), async (input) => {
        const history = buildHistory(input, TOKENS, WALLETS, investorOf);
        const db = await ctx.createTestDatabase({ migrate: false });
        try {
          await migrate(db, { migrations: migrations.filter((m) => m.version <= 13) });
          // Written as the code before 0014 wrote it: hashes and addresses as text.
          const { rows, touched } = journalAsText(CHAIN, history);
          await db.transaction(async (tx) => {
            await insertRows(
              tx,
              "blocks",
              ["chain_id", "block_number", "block_hash", "parent_hash", "block_timestamp"],
              [...history.transfersByBlock.keys()].map((b) => [
                CHAIN,
                b,
                fakeHash(b + 1n),
                fakeHash(b),
                blockTimestamp(b),
              ]),
            );
            await insertRows(tx, "transfers", TRANSFER_COLUMNS, rows);
            await upsertWalletBalances(tx, CHAIN, touched);
          });
          const before = await journalText(db, "transfers");
          const eventsBefore = await transferEvents(db);
          assert.equal(before.length, rows.length);

          await migrate(db, { migrations });
          assert.deepEqual(await journalText(db, "transfer_journal"), before);
          assert.deepEqual(await transferEvents(db), eventsBefore);
          const types = await db.query<{ t: string }>(
            `SELECT DISTINCT pg_typeof(x)::text AS t
             FROM transfers, LATERAL (VALUES (tx_hash), (token), (from_wallet), (to_wallet)) v(x)`,
          );
          assert.deepEqual(
            types.rows.map((r) => r.t),
            rows.length === 0 ? [] : ["bytea"],
          );
          for (const token of TOKENS)
            for (let block = 0n; block <= history.lastBlock; block++) {
              const expected = [...balancesAt(history, token, block)].filter(([, b]) => b > 0n);
              const table = await capTableAt(db, { chainId: CHAIN, token, blockNumber: block });
              assert.deepEqual(
                table.entries.map((e) => [e.wallet, e.balance]).sort(),
                expected.sort(),
                `${token} as of block ${block}`,
              );
            }
        } finally {
          await db.drop();
        }
      }),
      { numRuns: 6 },
    );
  });
});
