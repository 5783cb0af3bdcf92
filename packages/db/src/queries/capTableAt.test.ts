import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress } from "../testing/fakes.ts";
import { applyBalanceChanges } from "./applyBalanceChanges.ts";
import { capTableAt } from "./capTableAt.ts";
import {
  balancesAt,
  blockTimestamp,
  buildHistory,
  historyArbitrary,
  projectHistory,
} from "./historyFixture.ts";
import { insertRows } from "./insertRows.ts";

const TOKENS = [fakeAddress(0x70000001), fakeAddress(0x70000002)];
const WALLETS = Array.from({ length: 7 }, (_, i) => fakeAddress(0xa0 + i * 0x1111));
const BALANCE_CHANGE_COLUMNS = [
  "chain_id",
  "block_number",
  "log_index",
  "token",
  "wallet",
  "delta",
  "balance_after",
  "investor_id",
];
const investorOf = (wallet: Address): bigint | null => {
  const i = WALLETS.indexOf(wallet);
  return i === 6 ? null : BigInt(1 + (i % 3));
};

/** The expected cap table: non-zero balances, largest first, then by wallet (byte order). */
function expectedTable(balances: Map<Address, bigint>) {
  return [...balances]
    .filter(([, b]) => b > 0n)
    .map(([wallet, balance]) => ({ wallet, investorId: investorOf(wallet), balance }))
    .sort((a, b) =>
      a.balance === b.balance ? (a.wallet < b.wallet ? -1 : 1) : a.balance > b.balance ? -1 : 1,
    );
}

describeDatabases("capTableAt", (ctx) => {
  let nextChain = 1000;

  it("equals a brute-force computation over random balance histories, at every block (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary(WALLETS.length, TOKENS.length),
        fc.nat({ max: 3 }),
        fc.option(fc.nat({ max: 5 }), { nil: undefined }),
        async (input, offset, limit) => {
          const chainId = nextChain++;
          const history = buildHistory(input, TOKENS, WALLETS, investorOf);
          await projectHistory(ctx.db, chainId, history);
          const token = TOKENS[0] as Address;
          for (let block = 0n; block <= history.lastBlock + 1n; block++) {
            const expected = expectedTable(balancesAt(history, token, block));
            const table = await capTableAt(ctx.db, { chainId, token, blockNumber: block });
            assert.equal(table.blockNumber, block);
            assert.deepEqual(table.entries, expected, `as of block ${block}`);
            assert.equal(table.totalHolders, expected.length);
            assert.equal(
              table.totalBalance,
              expected.reduce((s, e) => s + e.balance, 0n),
            );
            const page = await capTableAt(ctx.db, { chainId, token, blockNumber: block, offset, limit });
            assert.deepEqual(
              page.entries,
              expected.slice(offset, limit === undefined ? undefined : offset + limit),
            );
            assert.equal(page.totalHolders, expected.length);
          }
          // Now (no block, no time) is the current balances table: the same as of the last block.
          const now = await capTableAt(ctx.db, { chainId, token });
          assert.deepEqual(now.entries, expectedTable(balancesAt(history, token, history.lastBlock)));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("resolves a timestamp to the latest stored block at or before it (property)", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary(WALLETS.length, 1, 12), async (input) => {
        const chainId = nextChain++;
        const history = buildHistory(input, TOKENS, WALLETS, investorOf);
        await projectHistory(ctx.db, chainId, history);
        const token = TOKENS[0] as Address;
        for (let ts = blockTimestamp(0n); ts <= blockTimestamp(history.lastBlock + 1n); ts++) {
          const stored = history.storedBlocks.filter((b) => blockTimestamp(b) <= ts);
          const block = stored.length === 0 ? null : (stored.at(-1) as bigint);
          const table = await capTableAt(ctx.db, { chainId, token, timestamp: ts });
          assert.equal(table.blockNumber, block, `at ${ts}`);
          assert.deepEqual(
            table.entries,
            block === null ? [] : expectedTable(balancesAt(history, token, block)),
          );
        }
      }),
      { numRuns: 10 },
    );
  });

  it("accepts a Date and refuses a block and a time together or a bad page", async () => {
    const chainId = nextChain++;
    const token = TOKENS[0] as Address;
    await ctx.db.query(
      "INSERT INTO blocks (chain_id, block_number, block_hash, parent_hash, block_timestamp) VALUES ($1, 5, $2, $2, 1700000000)",
      [chainId, `0x${"ab".repeat(32)}`],
    );
    await ctx.db.transaction((tx) =>
      applyBalanceChanges(tx, {
        chainId,
        changes: [
          { token, wallet: WALLETS[0] as Address, blockNumber: 5n, logIndex: 0, delta: 10n, investorId: 1n },
        ],
      }),
    );
    const before = await capTableAt(ctx.db, { chainId, token, timestamp: new Date(1_699_999_999_000) });
    assert.equal(before.blockNumber, null);
    assert.equal(before.totalHolders, 0);
    const after = await capTableAt(ctx.db, { chainId, token, timestamp: new Date(1_700_000_000_999) });
    assert.equal(after.blockNumber, 5n);
    assert.deepEqual(after.entries, [{ wallet: WALLETS[0], investorId: 1n, balance: 10n }]);
    await assert.rejects(capTableAt(ctx.db, { chainId, token, blockNumber: 5n, timestamp: 1n }), {
      code: "VALIDATION_FAILED",
    });
    await assert.rejects(capTableAt(ctx.db, { chainId, token, limit: -1 }), { code: "VALIDATION_FAILED" });
  });

  it("stays fast on a long history: 2,000 wallets x 50 changes (timing reported)", async (t) => {
    const chainId = nextChain++;
    const token = TOKENS[1] as Address;
    const wallets = Array.from({ length: 2_000 }, (_, i) => fakeAddress(0xbeef0000 + i));
    // Written with insertRows (the history rows and the final balances) to keep the setup short.
    const history: unknown[][] = [];
    const balances = new Map<Address, bigint>();
    for (let block = 1; block <= 50; block++) {
      wallets.forEach((wallet, i) => {
        const balance = (balances.get(wallet) ?? 0n) + BigInt(1 + ((i * 7 + block) % 13));
        balances.set(wallet, balance);
        history.push([chainId, BigInt(block), i, token, wallet, 1n, balance, BigInt(1 + (i % 700))]);
      });
    }
    await ctx.db.transaction(async (tx) => {
      await insertRows(tx, "balance_changes", BALANCE_CHANGE_COLUMNS, history);
      await insertRows(
        tx,
        "balances",
        ["chain_id", "token", "wallet", "balance", "investor_id", "block_number", "log_index"],
        wallets.map((wallet, i) => [
          chainId,
          token,
          wallet,
          balances.get(wallet),
          BigInt(1 + (i % 700)),
          50n,
          i,
        ]),
      );
    });
    await ctx.db.exec("ANALYZE balance_changes; ANALYZE balances");
    const started = performance.now();
    const table = await capTableAt(ctx.db, { chainId, token, blockNumber: 25n, limit: 50 });
    const ms = performance.now() - started;
    t.diagnostic(
      `${ctx.kind}: cap table as of a block over 100,000 history rows / 2,000 wallets: ${ms.toFixed(1)} ms`,
    );
    assert.equal(table.totalHolders, 2_000);
    assert.equal(table.entries.length, 50);
  });
});
