import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import { journalAsText } from "../queries/historyFixture.ts";
import { insertRows } from "../queries/insertRows.ts";
import { TRANSFER_COLUMNS, upsertWalletBalances } from "../queries/insertTransfers.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress } from "../testing/fakes.ts";
import { assertCapTablesMatchHistory, forEachHistoryAcrossMigration } from "./migrationFixture.ts";

const CHAIN = 31337;
const TOKENS = [fakeAddress(0x70000001), fakeAddress(0x70000002)];
const WALLETS = Array.from({ length: 5 }, (_, i) => fakeAddress(0xa0 + i * 0x1111));
const investorOf = (wallet: Address): bigint | null => BigInt(1 + (WALLETS.indexOf(wallet) % 2));
/** The journal's columns up to migration 0011: no as-of flags. */
const COLUMNS_BEFORE = TRANSFER_COLUMNS.filter((c) => c !== "from_as_of" && c !== "to_as_of");

describeDatabases("migration 0012: as-of indexes on each wallet's last leg per block", (ctx) => {
  it("keeps every leg written before it indexed, and the cap table of such a history exact (property)", async () => {
    await forEachHistoryAcrossMigration(
      ctx,
      { upTo: 11, tokens: TOKENS, wallets: WALLETS, investorOf, maxBlocks: 12, numRuns: 8 },
      async (db, history, migrateRest) => {
        // Written as the code before 0012 wrote it: the same rows without the flags.
        const { rows, touched } = journalAsText(CHAIN, history);
        await db.transaction(async (tx) => {
          await insertRows(
            tx,
            "transfers",
            COLUMNS_BEFORE,
            rows.map((row) => row.slice(0, COLUMNS_BEFORE.length)),
          );
          await upsertWalletBalances(tx, CHAIN, touched);
        });
        await migrateRest();
        const legs = await db.query<{ n: bigint }>(
          `SELECT (count(from_key) + count(to_key))::bigint AS n FROM transfers`,
        );
        assert.equal(legs.rows[0]?.n, BigInt(history.legs.length), "every leg written before 0012 has a key");
        await assertCapTablesMatchHistory(db, CHAIN, history, TOKENS.slice(0, 1));
      },
    );
  });
});
