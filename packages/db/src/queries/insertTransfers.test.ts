import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import type { Queryable } from "../types.ts";
import { HexBytes } from "../values/hexBytes.ts";
import { buildHistory, historyArbitrary, projectHistory } from "./historyFixture.ts";
import { insertRows } from "./insertRows.ts";
import { insertTransfers, type JournalEntry, TRANSFER_COLUMNS } from "./insertTransfers.ts";

const TOKENS = [fakeAddress(0x7101), fakeAddress(0x7102)];
const WALLETS = Array.from({ length: 5 }, (_, i) => fakeAddress(0xe0 + i));
const [A, B, C] = WALLETS as [Address, Address, Address];
const TOKEN = TOKENS[0] as Address;
const investorOf = (wallet: Address): bigint | null => {
  const i = WALLETS.indexOf(wallet);
  return i === 4 ? null : BigInt(1 + i);
};

/** A journal entry of TOKEN; `from`/`to` null for an issuance/redemption. */
function entry(block: bigint, logIndex: number, from: Address | null, to: Address | null, amount: bigint) {
  return {
    blockNumber: block,
    logIndex,
    txHash: fakeHash(block),
    token: TOKEN,
    kind: from === null ? "issuance" : to === null ? "redemption" : "transfer",
    from,
    to,
    fromInvestorId: from === null ? null : investorOf(from),
    toInvestorId: to === null ? null : investorOf(to),
    amount,
    reasonCode: null,
  } satisfies JournalEntry;
}

async function journal(db: Queryable, chainId: number) {
  const { rows } = await db.query<{
    block_number: bigint;
    log_index: number;
    from_wallet: string | null;
    to_wallet: string | null;
    from_balance_after: string | null;
    to_balance_after: string | null;
  }>(
    `SELECT block_number, log_index, from_wallet, to_wallet, from_balance_after, to_balance_after
     FROM transfer_journal WHERE chain_id = $1 ORDER BY block_number, log_index`,
    [chainId],
  );
  return rows.map((r) => [
    r.block_number,
    r.log_index,
    r.from_wallet,
    r.to_wallet,
    r.from_balance_after === null ? null : BigInt(r.from_balance_after),
    r.to_balance_after === null ? null : BigInt(r.to_balance_after),
  ]);
}

async function balances(db: Queryable, chainId: number) {
  const { rows } = await db.query<{
    token: string;
    wallet: string;
    balance: string;
    investor_id: bigint | null;
    block_number: bigint;
    log_index: number;
  }>(
    `SELECT token, wallet, balance, investor_id, block_number, log_index FROM balances WHERE chain_id = $1
     ORDER BY token, wallet`,
    [chainId],
  );
  return rows.map((r) => [r.token, r.wallet, BigInt(r.balance), r.investor_id, r.block_number, r.log_index]);
}

describeDatabases(
  "insertTransfers",
  (ctx) => {
    let nextChain = 4000;

    it("writes each journal row with the balances after it, and balances as each wallet's last leg", async () => {
      const chainId = nextChain++;
      // Given out of order: applied in (block, log) order.
      const result = await ctx.db.transaction((tx) =>
        insertTransfers(tx, {
          chainId,
          transfers: [
            entry(2n, 0, A, A, 30n), // self-transfer: two legs, both with the balance after the log
            entry(1n, 1, A, B, 40n),
            entry(1n, 0, null, A, 100n),
            entry(2n, 1, B, null, 15n),
            entry(3n, 0, B, C, 25n),
          ],
        }),
      );
      assert.deepEqual(await journal(ctx.db, chainId), [
        [1n, 0, null, A, null, 100n],
        [1n, 1, A, B, 60n, 40n],
        [2n, 0, A, A, 60n, 60n],
        [2n, 1, B, null, 25n, null],
        [3n, 0, B, C, 0n, 25n],
      ]);
      const expectedBalances = [
        [TOKEN, A, 60n, 1n, 2n, 0],
        [TOKEN, B, 0n, 2n, 3n, 0],
        [TOKEN, C, 25n, 3n, 3n, 0],
      ];
      assert.deepEqual(await balances(ctx.db, chainId), expectedBalances);
      assert.deepEqual(result.balances.map((b) => [b.wallet, b.balance]).sort(), [
        [A, 60n],
        [B, 0n],
        [C, 25n],
      ]);
      // The view gives the legs back: a debit and a credit per transfer, one leg for issuance and redemption.
      const { rows: legs } = await ctx.db.query<{
        block_number: bigint;
        log_index: number;
        wallet: string;
        delta: string;
        balance_after: string;
        investor_id: bigint | null;
      }>(
        `SELECT block_number, log_index, wallet, delta, balance_after, investor_id FROM balance_changes
       WHERE chain_id = $1 ORDER BY block_number, log_index, delta`,
        [chainId],
      );
      assert.deepEqual(
        legs.map((l) => [
          l.block_number,
          l.log_index,
          l.wallet,
          BigInt(l.delta),
          BigInt(l.balance_after),
          l.investor_id,
        ]),
        [
          [1n, 0, A, 100n, 100n, 1n],
          [1n, 1, A, -40n, 60n, 1n],
          [1n, 1, B, 40n, 40n, 2n],
          [2n, 0, A, -30n, 60n, 1n],
          [2n, 0, A, 30n, 60n, 1n],
          [2n, 1, B, -15n, 25n, 2n],
          [3n, 0, B, -25n, 0n, 2n],
          [3n, 0, C, 25n, 25n, 3n],
        ],
      );
      // A later batch continues from the stored balances.
      await insertTransfers(ctx.db, { chainId, transfers: [entry(4n, 0, C, A, 5n)] });
      assert.deepEqual((await journal(ctx.db, chainId)).at(-1), [4n, 0, C, A, 20n, 65n]);
    });

    it("refuses a balance going negative (BALANCE_UNDERFLOW), a self-transfer included, and writes nothing", async () => {
      const chainId = nextChain++;
      await insertTransfers(ctx.db, { chainId, transfers: [entry(1n, 0, null, A, 10n)] });
      for (const bad of [entry(2n, 0, A, B, 11n), entry(2n, 0, A, A, 11n), entry(2n, 0, B, null, 1n)]) {
        await assert.rejects(
          ctx.db.transaction((tx) =>
            insertTransfers(tx, { chainId, transfers: [entry(1n, 5, null, C, 1n), bad] }),
          ),
          { code: "BALANCE_UNDERFLOW" },
        );
      }
      assert.deepEqual(await journal(ctx.db, chainId), [[1n, 0, null, A, null, 10n]]);
      assert.deepEqual(await balances(ctx.db, chainId), [[TOKEN, A, 10n, 1n, 1n, 0]]);
    });

    it("refuses an entry not after a wallet's last one, or two entries at one log (BALANCE_CHANGE_OUT_OF_ORDER)", async () => {
      const chainId = nextChain++;
      const batch = [entry(1n, 0, null, A, 10n), entry(1n, 1, A, B, 4n)];
      await insertTransfers(ctx.db, { chainId, transfers: batch });
      const outOfOrder = { code: "BALANCE_CHANGE_OUT_OF_ORDER" };
      // The same batch again (a replay), an older log of a known wallet, a wallet's own last log again.
      await assert.rejects(insertTransfers(ctx.db, { chainId, transfers: batch }), outOfOrder);
      await assert.rejects(
        insertTransfers(ctx.db, { chainId, transfers: [entry(0n, 7, null, B, 1n)] }),
        outOfOrder,
      );
      await assert.rejects(
        insertTransfers(ctx.db, { chainId, transfers: [entry(1n, 1, null, A, 1n)] }),
        outOfOrder,
      );
      await assert.rejects(
        insertTransfers(ctx.db, {
          chainId,
          transfers: [entry(2n, 0, null, C, 1n), entry(2n, 0, B, null, 1n)],
        }),
        outOfOrder,
      );
      // A new wallet may start at any log after the checkpoint; a self-transfer's two legs share one log.
      await insertTransfers(ctx.db, {
        chainId,
        transfers: [entry(1n, 2, null, C, 1n), entry(1n, 3, B, B, 4n)],
      });
      assert.equal((await journal(ctx.db, chainId)).length, 4);
      await assert.rejects(insertTransfers(ctx.db, { chainId, transfers: [entry(5n, 0, A, B, -1n)] }), {
        code: "VALIDATION_FAILED",
      });
    });

    it("keeps the journal's balance columns consistent (CHECK constraints)", async () => {
      const chainId = nextChain++;
      const row = (
        from: Address | null,
        to: Address | null,
        fromAfter: bigint | null,
        toAfter: bigint | null,
      ) => [
        chainId,
        1n,
        0,
        new HexBytes(fakeHash(1)),
        new HexBytes(TOKEN),
        from === null ? "issuance" : "transfer",
        from === null ? null : new HexBytes(from),
        to === null ? null : new HexBytes(to),
        1n,
        1n,
        5n,
        null,
        fromAfter,
        toAfter,
        from !== null,
        to !== null,
      ];
      for (const bad of [
        row(null, A, null, null), // a credit without its balance after
        row(null, A, 5n, 5n), // a balance after on the missing side
        row(A, B, null, 5n),
        row(A, A, 0n, 5n), // a self-transfer's legs disagree
        row(A, `${B}00` as Address, 0n, 5n), // 21 bytes
        row(A.slice(0, 40) as Address, B, 0n, 5n), // 19 bytes
      ]) {
        await assert.rejects(insertRows(ctx.db, "transfers", TRANSFER_COLUMNS, [bad]), { sqlState: "23514" });
      }
      // Anything but `0x` and whole bytes of hex digits is refused before the database.
      for (const bad of [`${A}0`, `0x${"g".repeat(40)}`, `0X${A.slice(2)}`, A.slice(2), `0x${A.slice(3)}\t`])
        assert.throws(() => row(A, bad as Address, 0n, 5n), { code: "VALIDATION_FAILED" }, bad);
      // Bytes have one form: upper-case digits read back as the canonical lower-case text.
      const upper = `0x${A.slice(2).toUpperCase()}` as Address;
      assert.equal(await insertRows(ctx.db, "transfers", TRANSFER_COLUMNS, [row(upper, upper, 5n, 5n)]), 1);
      assert.deepEqual(await journal(ctx.db, chainId), [[1n, 0, A, A, 5n, 5n]]);
    });

    it("gives the same journal and balances however the blocks are split into batches (property)", async () => {
      await fc.assert(
        fc.asyncProperty(
          historyArbitrary(WALLETS.length, TOKENS.length, 15),
          fc.array(fc.boolean(), { maxLength: 15 }),
          async (input, cuts) => {
            const history = buildHistory(input, TOKENS, WALLETS, investorOf);
            const [oneByOne, batched] = [nextChain++, nextChain++];
            await projectHistory(ctx.db, oneByOne, history);
            // Batches: consecutive blocks, cut where `cuts` says.
            let batch: JournalEntry[] = [];
            const flush = async () => {
              const transfers = batch;
              batch = [];
              await ctx.db.transaction((tx) => insertTransfers(tx, { chainId: batched, transfers }));
            };
            let i = 0;
            for (const transfers of history.transfersByBlock.values()) {
              batch.push(...transfers);
              if (cuts[i++] === true) await flush();
            }
            await flush();
            assert.deepEqual(await journal(ctx.db, batched), await journal(ctx.db, oneByOne));
            assert.deepEqual(await balances(ctx.db, batched), await balances(ctx.db, oneByOne));
            // Every balance after equals the sum of the wallet's legs up to and including its log.
            const running = new Map<string, bigint>();
            const expected: unknown[][] = [];
            for (const [block, transfers] of history.transfersByBlock) {
              for (const t of transfers) {
                const key = (w: Address) => `${t.token}|${w}`;
                if (t.from !== null) running.set(key(t.from), (running.get(key(t.from)) ?? 0n) - t.amount);
                if (t.to !== null) running.set(key(t.to), (running.get(key(t.to)) ?? 0n) + t.amount);
                expected.push([
                  block,
                  t.logIndex,
                  t.from,
                  t.to,
                  t.from === null ? null : running.get(key(t.from)),
                  t.to === null ? null : running.get(key(t.to)),
                ]);
              }
            }
            assert.deepEqual(await journal(ctx.db, oneByOne), expected);
            // The as-of indexes hold exactly each (class, wallet)'s last leg in each block: the legs with a key.
            const last = new Map<string, string>();
            for (const [block, transfers] of history.transfersByBlock)
              for (const t of transfers)
                for (const [side, wallet] of [
                  ["from", t.from],
                  ["to", t.to],
                ] as const)
                  if (wallet !== null)
                    last.set(`${block}|${t.token}|${wallet}`, `${block}|${t.logIndex}|${side}`);
            const keyed = await ctx.db.query<{ leg: string }>(
              `SELECT block_number || '|' || log_index || '|from' AS leg FROM transfers
               WHERE chain_id = $1 AND from_key IS NOT NULL
               UNION ALL
               SELECT block_number || '|' || log_index || '|to' FROM transfers WHERE chain_id = $1 AND to_key IS NOT NULL`,
              [batched],
            );
            assert.deepEqual(keyed.rows.map((r) => r.leg).sort(), [...last.values()].sort());
          },
        ),
        { numRuns: 30 },
      );
    });
  },
  { pgliteWorker: true },
);
