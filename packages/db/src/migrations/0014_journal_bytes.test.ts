import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import { blockTimestamp, journalAsText } from "../queries/historyFixture.ts";
import { insertRows } from "../queries/insertRows.ts";
import { TRANSFER_COLUMNS, upsertWalletBalances } from "../queries/insertTransfers.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import type { Queryable } from "../types.ts";
import { assertCapTablesMatchHistory, forEachHistoryAcrossMigration } from "./migrationFixture.ts";

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
    await forEachHistoryAcrossMigration(
      ctx,
      { upTo: 13, tokens: TOKENS, wallets: WALLETS, investorOf, maxBlocks: 10, numRuns: 6 },
      async (db, history, migrateRest) => {
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

        await migrateRest();
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
        await assertCapTablesMatchHistory(db, CHAIN, history, TOKENS);
      },
    );
  });
});
