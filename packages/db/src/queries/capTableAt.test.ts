import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import { capTableAt } from "./capTableAt.ts";
import {
  balancesAt,
  blockTimestamp,
  buildHistory,
  historyArbitrary,
  projectHistory,
} from "./historyFixture.ts";
import { insertTransfers, type JournalEntry } from "./insertTransfers.ts";

const TOKENS = [fakeAddress(0x70000001), fakeAddress(0x70000002)];
const WALLETS = Array.from({ length: 7 }, (_, i) => fakeAddress(0xa0 + i * 0x1111));
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
      insertTransfers(tx, {
        chainId,
        transfers: [
          {
            blockNumber: 5n,
            logIndex: 0,
            txHash: fakeHash(5),
            token,
            kind: "issuance",
            from: null,
            to: WALLETS[0] as Address,
            fromInvestorId: null,
            toInvestorId: 1n,
            amount: 10n,
            reasonCode: null,
          },
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

  it("looks each wallet's leg up with a Merge Append of two backward index scans, one row each", async () => {
    // The planner may only build this when the view's UNION ALL branches are flattened (no WHERE of their own, see
    // migration 0007); otherwise the lookup reads every leg at or below the block and sorts. Sequential scans and
    // sorts are disabled so the test asks whether the ordered plan exists, whatever the (tiny) table's statistics.
    const plan = await ctx.db.transaction(async (tx) => {
      await tx.exec(
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off",
      );
      const { rows } = await tx.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (COSTS OFF) SELECT balance_after, investor_id FROM balance_changes
         WHERE wallet_key = hashtextextended($3::text || $2::text, $1)
           AND chain_id = $1 AND token = $2 AND wallet = $3 AND block_number <= $4
         ORDER BY block_number DESC, log_index DESC LIMIT 1`,
        [1, TOKENS[0], WALLETS[0], 10n],
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    assert.match(plan, /Merge Append/, plan);
    assert.match(plan, /Index (Only )?Scan Backward using transfers_from_as_of/, plan);
    assert.match(plan, /Index (Only )?Scan Backward using transfers_to_as_of/, plan);
    assert.doesNotMatch(plan, /-> {2}Sort|^Sort/m, plan);
  });

  it("stays fast on a long history: 2,000 wallets x 50 changes (timing reported)", async (t) => {
    const chainId = nextChain++;
    const token = TOKENS[1] as Address;
    const wallets = Array.from({ length: 2_000 }, (_, i) => fakeAddress(0xbeef0000 + i));
    const investor = (i: number) => BigInt(1 + (i % 700));
    // Block 1 issues to every wallet; blocks 2..50 move tokens within pairs (2k, 2k+1), back and forth, so every
    // wallet has one leg per block: 51,000 journal rows, 100,000 legs.
    const transfers: JournalEntry[] = wallets.map((to, i) => ({
      blockNumber: 1n,
      logIndex: i,
      txHash: fakeHash(1),
      token,
      kind: "issuance",
      from: null,
      to,
      fromInvestorId: null,
      toInvestorId: investor(i),
      amount: 1_000n + BigInt(i),
      reasonCode: null,
    }));
    for (let block = 2; block <= 50; block++) {
      for (let k = 0; k < wallets.length / 2; k++) {
        const [a, b] = block % 2 === 0 ? [2 * k, 2 * k + 1] : [2 * k + 1, 2 * k];
        transfers.push({
          blockNumber: BigInt(block),
          logIndex: k,
          txHash: fakeHash(block),
          token,
          kind: "transfer",
          from: wallets[a] as Address,
          to: wallets[b] as Address,
          fromInvestorId: investor(a),
          toInvestorId: investor(b),
          amount: BigInt(1 + ((k + block) % 13)),
          reasonCode: null,
        });
      }
    }
    await ctx.db.transaction((tx) => insertTransfers(tx, { chainId, transfers }));
    await ctx.db.exec("ANALYZE transfers; ANALYZE balances");
    const started = performance.now();
    const table = await capTableAt(ctx.db, { chainId, token, blockNumber: 25n, limit: 50 });
    const ms = performance.now() - started;
    t.diagnostic(
      `${ctx.kind}: cap table as of a block over 100,000 legs (51,000 journal rows) / 2,000 wallets: ${ms.toFixed(1)} ms`,
    );
    assert.equal(table.totalHolders, 2_000);
    assert.equal(table.entries.length, 50);
  });
});
