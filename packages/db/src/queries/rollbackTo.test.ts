import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import type { Queryable } from "../types.ts";
import { capTableAt } from "./capTableAt.ts";
import { findCheckpoint } from "./findCheckpoint.ts";
import { buildHistory, historyArbitrary, projectHistory } from "./historyFixture.ts";
import { insertRows } from "./insertRows.ts";
import { PER_BLOCK_TABLES, rollbackTo } from "./rollbackTo.ts";
import { setCheckpoint } from "./setCheckpoint.ts";

const TOKENS = [fakeAddress(0x7001), fakeAddress(0x7002)];
const WALLETS = Array.from({ length: 6 }, (_, i) => fakeAddress(0xd0 + i));
const investorOf = (wallet: Address): bigint | null => {
  const i = WALLETS.indexOf(wallet);
  return i === 5 ? null : BigInt(1 + (i % 2));
};

/**
 * One synthetic row per block in every other per-block table, so the rollback has something to remove there too.
 * (`transfers` is the balance history: its rows come from projecting the history.)
 */
async function fillOtherTables(db: Queryable, chainId: number, blocks: readonly bigint[]): Promise<void> {
  const tx = fakeHash(0xfeed);
  const a = fakeAddress(0xaa);
  const rows = <T>(f: (b: bigint) => T[]) => blocks.map(f);
  // Log indexes from 1000 up, clear of the balance legs' (which use the op index).
  await insertRows(
    db,
    "events",
    ["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "contract", "event_name", "args"],
    rows((b) => [chainId, b, 1000, fakeHash(b), tx, a, "Transfer", { value: b }]),
  );
  await insertRows(
    db,
    "holder_count_changes",
    ["chain_id", "block_number", "log_index", "tx_hash", "token", "holders", "non_accredited_holders"],
    rows((b) => [chainId, b, 1002, tx, TOKENS[0], b, 0n]),
  );
  await insertRows(
    db,
    "token_classes",
    [
      "chain_id",
      "token",
      "factory",
      "implementation",
      "salt",
      "symbol",
      "block_number",
      "log_index",
      "tx_hash",
    ],
    rows((b) => [chainId, fakeAddress(0x100000n + b), a, a, fakeHash(b), `C${b}`, b, 1003, tx]),
  );
  await insertRows(
    db,
    "token_bindings",
    ["chain_id", "block_number", "log_index", "tx_hash", "registry", "token"],
    rows((b) => [chainId, b, 1004, tx, a, fakeAddress(0x100000n + b)]),
  );
  await insertRows(
    db,
    "investor_changes",
    [
      "chain_id",
      "block_number",
      "log_index",
      "tx_hash",
      "registry",
      "investor_id",
      "kind",
      "country",
      "kyc_expiry",
      "accreditation_expiry",
      "lockup_until",
      "us_person",
      "frozen",
    ],
    rows((b) => [chainId, b, 1005, tx, a, 1n + (b % 3n), "updated", 840, b, b, 0n, false, false]),
  );
  await insertRows(
    db,
    "wallet_links",
    ["chain_id", "block_number", "log_index", "tx_hash", "registry", "wallet", "investor_id", "linked"],
    rows((b) => [chainId, b, 1006, tx, a, WALLETS[Number(b % 5n)], 1n + (b % 3n), b % 2n === 0n]),
  );
  await insertRows(
    db,
    "compliance_actions",
    ["chain_id", "block_number", "log_index", "tx_hash", "token", "kind", "wallet", "amount"],
    rows((b) => [chainId, b, 1007, tx, TOKENS[0], "tokens_frozen", WALLETS[0], b]),
  );
  await insertRows(
    db,
    "safe_executions",
    ["chain_id", "block_number", "log_index", "tx_hash", "safe", "safe_tx_hash", "success"],
    rows((b) => [chainId, b, 1008, tx, a, fakeHash(b), true]),
  );
  await insertRows(
    db,
    "safe_owner_changes",
    ["chain_id", "block_number", "log_index", "sub_index", "tx_hash", "safe", "kind", "owner", "threshold"],
    rows((b) => [chainId, b, 1009, 0, tx, a, "threshold_changed", null, Number(1n + (b % 3n))]),
  );
  await insertRows(
    db,
    "anchored_roots",
    ["chain_id", "block_number", "log_index", "tx_hash", "anchor", "day", "root", "leaf_count"],
    rows((b) => [chainId, b, 1010, tx, a, b, fakeHash(b), b]),
  );
}

async function countRows(
  db: Queryable,
  chainId: number,
  above: bigint,
): Promise<Record<string, [bigint, bigint]>> {
  const counts: Record<string, [bigint, bigint]> = {};
  for (const table of PER_BLOCK_TABLES) {
    const { rows } = await db.query<{ below: bigint; above: bigint }>(
      `SELECT count(*) FILTER (WHERE block_number <= $2) AS below, count(*) FILTER (WHERE block_number > $2) AS above
       FROM ${table} WHERE chain_id = $1`,
      [chainId, above],
    );
    counts[table] = [rows[0]?.below ?? 0n, rows[0]?.above ?? 0n];
  }
  return counts;
}

async function balancesOf(db: Queryable, chainId: number): Promise<unknown[]> {
  const { rows } = await db.query(
    "SELECT token, wallet, balance, investor_id, block_number, log_index FROM balances WHERE chain_id = $1 ORDER BY token, wallet",
    [chainId],
  );
  return rows;
}

describeDatabases("rollbackTo", (ctx) => {
  let nextChain = 3000;

  it("knows every per-block table of the schema", async () => {
    const { rows } = await ctx.db.query<{ table_name: string }>(
      `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND c.column_name = 'block_number' AND t.table_type = 'BASE TABLE'
         AND c.table_name NOT IN ('balances', 'checkpoints')
       ORDER BY 1`,
    );
    assert.deepEqual(
      rows.map((r) => r.table_name),
      [...PER_BLOCK_TABLES].sort(),
    );
  });

  it("removes every row above the block, restores current state, and re-projects a new branch (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary(WALLETS.length, TOKENS.length, 20),
        historyArbitrary(WALLETS.length, TOKENS.length, 8),
        fc.nat({ max: 22 }),
        async (input, branch, rawTarget) => {
          const chainId = nextChain++;
          const untouched = nextChain++;
          const history = buildHistory(input, TOKENS, WALLETS, investorOf);
          const target = BigInt(rawTarget) > history.lastBlock ? history.lastBlock : BigInt(rawTarget);
          const allBlocks = [...history.transfersByBlock.keys()];
          for (const chain of [chainId, untouched]) {
            await projectHistory(ctx.db, chain, history);
            await fillOtherTables(ctx.db, chain, allBlocks);
            await ctx.db.transaction((tx) =>
              setCheckpoint(tx, {
                chainId: chain,
                blockNumber: history.lastBlock,
                blockHash: fakeHash(history.lastBlock + 1n),
              }),
            );
          }
          const before = await countRows(ctx.db, chainId, target);
          const untouchedBefore = await countRows(ctx.db, untouched, target);
          const untouchedBalances = await balancesOf(ctx.db, untouched);

          const result = await ctx.db.transaction((tx) => rollbackTo(tx, chainId, target));

          // 1. Nothing above the block remains; everything at or below it does; other chains are untouched.
          const after = await countRows(ctx.db, chainId, target);
          for (const table of PER_BLOCK_TABLES) {
            assert.deepEqual(after[table], [before[table]?.[0], 0n], table);
            assert.equal(BigInt(result.deleted[table]), before[table]?.[1], `${table} deleted`);
          }
          assert.deepEqual(await countRows(ctx.db, untouched, target), untouchedBefore);
          assert.deepEqual(await balancesOf(ctx.db, untouched), untouchedBalances);

          // 2. Current balances equal a projection of only the blocks up to the target.
          const truncated = buildHistory(
            { ...input, blocks: input.blocks.slice(0, Number(target)) },
            TOKENS,
            WALLETS,
            investorOf,
          );
          const reference = nextChain++;
          await projectHistory(ctx.db, reference, truncated);
          assert.deepEqual(await balancesOf(ctx.db, chainId), await balancesOf(ctx.db, reference));

          // 3. The checkpoint moved down to the target (with its hash when that block was stored), if it was above.
          const checkpoint = await findCheckpoint(ctx.db, chainId);
          assert.equal(checkpoint?.blockNumber, target);
          const expectedHash =
            target === history.lastBlock
              ? fakeHash(history.lastBlock + 1n)
              : history.storedBlocks.includes(target)
                ? fakeHash(target + 1n)
                : null;
          assert.equal(checkpoint?.blockHash, expectedHash);

          // 4. Projecting a new branch on top gives what projecting prefix + branch from scratch gives.
          const combinedInput = {
            ...input,
            blocks: [...input.blocks.slice(0, Number(target)), ...branch.blocks],
          };
          const combined = buildHistory(combinedInput, TOKENS, WALLETS, investorOf);
          await projectHistory(ctx.db, chainId, combined, { after: target });
          const fresh = nextChain++;
          await projectHistory(ctx.db, fresh, combined);
          assert.deepEqual(await balancesOf(ctx.db, chainId), await balancesOf(ctx.db, fresh));
          for (const token of TOKENS) {
            for (let block = 0n; block <= combined.lastBlock; block += 3n) {
              assert.deepEqual(
                await capTableAt(ctx.db, { chainId, token, blockNumber: block }),
                await capTableAt(ctx.db, { chainId: fresh, token, blockNumber: block }),
              );
            }
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("leaves a checkpoint at or below the block alone", async () => {
    const chainId = nextChain++;
    await ctx.db.transaction(async (tx) => {
      await setCheckpoint(tx, { chainId, blockNumber: 5n, blockHash: fakeHash(5) });
      await rollbackTo(tx, chainId, 7n);
    });
    const checkpoint = await findCheckpoint(ctx.db, chainId);
    assert.equal(checkpoint?.blockNumber, 5n);
    assert.equal(checkpoint?.blockHash, fakeHash(5));
  });
});
