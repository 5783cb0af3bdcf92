import assert from "node:assert/strict";
import { it } from "node:test";
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import type { Queryable } from "../types.ts";
import {
  balancesAt,
  blockTimestamp,
  buildHistory,
  historyArbitrary,
  projectHistory,
} from "./historyFixture.ts";
import { holdersOfRecordAt } from "./holdersOfRecordAt.ts";
import { insertRows } from "./insertRows.ts";
import { insertTransfers, type JournalEntry } from "./insertTransfers.ts";

const REGISTRY = fakeAddress(0x5e9);
const TOKEN = fakeAddress(0x70c);
const INVESTOR_COLUMNS = [
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
];

type Record = {
  block: bigint;
  logIndex: number;
  investorId: bigint;
  removed: boolean;
  accreditationExpiry: bigint;
};

function investorRow(chainId: number, r: Record): unknown[] {
  return r.removed
    ? [
        chainId,
        r.block,
        r.logIndex,
        fakeHash(9),
        REGISTRY,
        r.investorId,
        "removed",
        null,
        null,
        null,
        null,
        null,
        null,
      ]
    : [
        chainId,
        r.block,
        r.logIndex,
        fakeHash(9),
        REGISTRY,
        r.investorId,
        "updated",
        840,
        4_000_000_000n,
        r.accreditationExpiry,
        0n,
        true,
        false,
      ];
}

async function bind(db: Queryable, chainId: number, block: bigint): Promise<void> {
  await insertRows(
    db,
    "token_bindings",
    ["chain_id", "block_number", "log_index", "tx_hash", "registry", "token"],
    [[chainId, block, 0, fakeHash(1), REGISTRY, TOKEN]],
  );
}

describeDatabases("holdersOfRecordAt", (ctx) => {
  let nextChain = 2000;

  it("counts investors (not wallets), unlinked wallets, and non-accredited holders as of a block or a time", async () => {
    const chainId = nextChain++;
    const w = (n: number) => fakeAddress(0xf00 + n);
    // Blocks 1..10, all stored; timestamps 1000 + 2b.
    await insertRows(
      ctx.db,
      "blocks",
      ["chain_id", "block_number", "block_hash", "parent_hash", "block_timestamp"],
      Array.from({ length: 10 }, (_, i) => [
        chainId,
        BigInt(i + 1),
        fakeHash(i + 2),
        fakeHash(i + 1),
        blockTimestamp(BigInt(i + 1)),
      ]),
    );
    await bind(ctx.db, chainId, 1n);
    const records: Record[] = [
      // Investor 1 accredited until just after block 9's timestamp.
      {
        block: 1n,
        logIndex: 1,
        investorId: 1n,
        removed: false,
        accreditationExpiry: blockTimestamp(9n) + 1n,
      },
      { block: 1n, logIndex: 2, investorId: 2n, removed: false, accreditationExpiry: 0n },
      { block: 1n, logIndex: 3, investorId: 3n, removed: false, accreditationExpiry: 9_999_999_999n },
      { block: 1n, logIndex: 4, investorId: 4n, removed: false, accreditationExpiry: 9_999_999_999n },
      // Investor 3 loses accreditation at block 7; investor 4 is removed at block 8 (still holding).
      { block: 7n, logIndex: 0, investorId: 3n, removed: false, accreditationExpiry: 0n },
      { block: 8n, logIndex: 0, investorId: 4n, removed: true, accreditationExpiry: 0n },
    ];
    await insertRows(
      ctx.db,
      "investor_changes",
      INVESTOR_COLUMNS,
      records.map((r) => investorRow(chainId, r)),
    );
    await insertRows(
      ctx.db,
      "holder_count_changes",
      ["chain_id", "block_number", "log_index", "tx_hash", "token", "holders", "non_accredited_holders"],
      [[chainId, 3n, 9, fakeHash(3), TOKEN, 4n, 2n]],
    );
    // An issuance (amount > 0) or a redemption (amount < 0) of one wallet.
    const change = (
      block: bigint,
      logIndex: number,
      wallet: Address,
      amount: bigint,
      investorId: bigint | null,
    ): JournalEntry => ({
      blockNumber: block,
      logIndex,
      txHash: fakeHash(block),
      token: TOKEN,
      kind: amount > 0n ? "issuance" : "redemption",
      from: amount > 0n ? null : wallet,
      to: amount > 0n ? wallet : null,
      fromInvestorId: amount > 0n ? null : investorId,
      toInvestorId: amount > 0n ? investorId : null,
      amount: amount > 0n ? amount : -amount,
      reasonCode: null,
    });
    await insertTransfers(ctx.db, {
      chainId,
      transfers: [
        change(2n, 0, w(1), 10n, 1n), // investor 1, two wallets
        change(2n, 1, w(2), 5n, 1n),
        change(2n, 2, w(3), 3n, 2n), // investor 2: never accredited
        change(3n, 0, w(4), 1n, 3n),
        change(3n, 1, w(5), 2n, null), // unlinked wallet
        change(5n, 0, w(3), -3n, 2n), // investor 2 exits
        change(6n, 0, w(6), 1n, 4n),
      ],
    });

    const at = async (blockNumber: bigint) => {
      const r = await holdersOfRecordAt(ctx.db, { chainId, token: TOKEN, blockNumber });
      return [r.holders, r.nonAccreditedHolders, r.unlinkedWalletHolders];
    };
    assert.deepEqual(await at(1n), [0, 0, 0]);
    assert.deepEqual(await at(2n), [2, 1, 0]); // investors 1 and 2; 2 is not accredited
    assert.deepEqual(await at(3n), [4, 2, 1]); // + investor 3 and the unlinked wallet (non-accredited)
    assert.deepEqual(await at(5n), [3, 1, 1]); // investor 2 left
    assert.deepEqual(await at(6n), [4, 1, 1]); // + investor 4
    assert.deepEqual(await at(7n), [4, 2, 1]); // investor 3 no longer accredited
    assert.deepEqual(await at(8n), [4, 3, 1]); // investor 4 removed from the registry: unknown = non-accredited
    assert.deepEqual(await at(9n), [4, 3, 1]);
    assert.deepEqual(await at(10n), [4, 4, 1]); // investor 1's accreditation expired

    // As of a time: the block at or before it, accreditation judged at that very time.
    const justAfter9 = await holdersOfRecordAt(ctx.db, {
      chainId,
      token: TOKEN,
      timestamp: blockTimestamp(9n) + 1n,
    });
    assert.equal(justAfter9.blockNumber, 9n);
    assert.equal(justAfter9.evaluatedAt, blockTimestamp(9n) + 1n);
    assert.equal(justAfter9.nonAccreditedHolders, 4);

    // The chain's own counters ride along for reconciliation.
    assert.equal((await holdersOfRecordAt(ctx.db, { chainId, token: TOKEN, blockNumber: 2n })).onChain, null);
    assert.deepEqual((await holdersOfRecordAt(ctx.db, { chainId, token: TOKEN, blockNumber: 9n })).onChain, {
      holders: 4,
      nonAccreditedHolders: 2,
    });
    await assert.rejects(holdersOfRecordAt(ctx.db, { chainId, token: TOKEN }), { code: "VALIDATION_FAILED" });
  });

  it("equals a brute-force count over random histories and accreditation changes (property)", async () => {
    const wallets = Array.from({ length: 7 }, (_, i) => fakeAddress(0xc0 + i));
    // Wallets 0-1 → investor 1, 2-3 → investor 2, 4 → 3, 5 → 4, 6 unlinked.
    const investorOf = (wallet: Address): bigint | null =>
      [1n, 1n, 2n, 2n, 3n, 4n, null][wallets.indexOf(wallet)] ?? null;
    const recordArb = fc.record({
      block: fc.bigInt({ min: 0n, max: 26n }),
      investorId: fc.bigInt({ min: 1n, max: 4n }),
      removed: fc.boolean(),
      accreditationExpiry: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1_000n, max: 1_060n })),
    });
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary(wallets.length, 1),
        fc.array(recordArb, { maxLength: 12 }),
        async (input, rawRecords) => {
          const chainId = nextChain++;
          const history = buildHistory(input, [TOKEN], wallets, investorOf);
          await projectHistory(ctx.db, chainId, history);
          await bind(ctx.db, chainId, 0n);
          const records = rawRecords.map((r, i) => ({ ...r, logIndex: 100 + i }));
          if (records.length > 0) {
            await insertRows(
              ctx.db,
              "investor_changes",
              INVESTOR_COLUMNS,
              records.map((r) => investorRow(chainId, r)),
            );
          }
          for (let block = 0n; block <= history.lastBlock; block++) {
            const balances = balancesAt(history, TOKEN, block);
            const holders = new Set<string>();
            for (const [wallet, balance] of balances) {
              if (balance > 0n) holders.add(String(investorOf(wallet) ?? wallet));
            }
            const stored = history.storedBlocks.filter((b) => b <= block);
            const evaluatedAt = stored.length === 0 ? null : blockTimestamp(stored.at(-1) as bigint);
            let nonAccredited = 0;
            for (const holder of holders) {
              if (holder.startsWith("0x")) {
                nonAccredited++;
                continue;
              }
              const latest = records
                .filter((r) => r.investorId === BigInt(holder) && r.block <= block)
                .sort((a, b) => (a.block === b.block ? a.logIndex - b.logIndex : a.block < b.block ? -1 : 1))
                .at(-1);
              const accredited =
                latest !== undefined &&
                !latest.removed &&
                evaluatedAt !== null &&
                latest.accreditationExpiry > evaluatedAt;
              if (!accredited) nonAccredited++;
            }
            const result = await holdersOfRecordAt(ctx.db, { chainId, token: TOKEN, blockNumber: block });
            assert.equal(result.holders, holders.size, `holders at ${block}`);
            assert.equal(result.nonAccreditedHolders, nonAccredited, `non-accredited at ${block}`);
            assert.equal(result.evaluatedAt, evaluatedAt);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
