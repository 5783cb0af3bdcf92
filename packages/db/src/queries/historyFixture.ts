// Test-only: random token histories and a brute-force model to check the as-of queries against.
import type { Address } from "@coinscious/core";
import fc from "fast-check";
import { fakeHash } from "../testing/fakes.ts";
import type { Database } from "../types.ts";
import { HexBytes } from "../values/hexBytes.ts";
import { insertRows } from "./insertRows.ts";
import {
  insertTransfers,
  type JournalEntry,
  newWalletBalance,
  type WalletBalance,
  walkTransfers,
} from "./insertTransfers.ts";

export type Op = {
  token: number;
  kind: "mint" | "transfer" | "burn";
  from: number;
  to: number;
  amount: bigint;
};

export function opArbitrary(wallets: number, tokens: number): fc.Arbitrary<Op> {
  return fc.record({
    token: fc.nat({ max: tokens - 1 }),
    kind: fc.oneof(
      { arbitrary: fc.constant("mint" as const), weight: 3 },
      { arbitrary: fc.constant("transfer" as const), weight: 4 },
      { arbitrary: fc.constant("burn" as const), weight: 1 },
    ),
    from: fc.nat({ max: wallets - 1 }),
    to: fc.nat({ max: wallets - 1 }),
    // Small amounts make ties (equal balances) likely, so the wallet tie-break is exercised; huge ones cover
    // numeric(78,0). 25 blocks x 4 mints x 2^200 stays far below 2^256.
    amount: fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: 0n, max: 1n << 200n })),
  });
}

/** Blocks 1..n, each a list of ops; plus which blocks without ops also get a `blocks` row. */
export function historyArbitrary(wallets: number, tokens: number, maxBlocks = 25) {
  return fc.record({
    // size "max": lengths spread over the whole range, not fast-check's default bias towards short arrays.
    blocks: fc.array(fc.array(opArbitrary(wallets, tokens), { maxLength: 4, size: "max" }), {
      minLength: 1,
      maxLength: maxBlocks,
      size: "max",
    }),
    storeEmptyBlocks: fc.boolean(),
  });
}

export type Leg = { block: bigint; logIndex: number; token: Address; wallet: Address; delta: bigint };

export type History = {
  legs: Leg[];
  /** The journal entries of each block, in log order. */
  transfersByBlock: Map<bigint, JournalEntry[]>;
  storedBlocks: bigint[];
  lastBlock: bigint;
};

export const blockTimestamp = (block: bigint): bigint => 1_000n + 2n * block;

/**
 * Turns ops into journal entries (mint → issuance, burn → redemption) and the balance legs of the brute-force
 * model, clipping transfers and burns to the sender's balance so no balance goes negative (the chain would revert
 * those). `from` and `to` may be the same wallet: a self-transfer, two legs at one log.
 */
export function buildHistory(
  input: { blocks: Op[][]; storeEmptyBlocks: boolean },
  tokens: readonly Address[],
  wallets: readonly Address[],
  investorOf: (wallet: Address) => bigint | null,
): History {
  const balance = new Map<string, bigint>();
  const legs: Leg[] = [];
  const transfersByBlock = new Map<bigint, JournalEntry[]>();
  const storedBlocks: bigint[] = [];
  input.blocks.forEach((ops, i) => {
    const block = BigInt(i + 1);
    const transfers: JournalEntry[] = [];
    ops.forEach((op, logIndex) => {
      const token = tokens[op.token] as Address;
      const from = op.kind === "mint" ? null : (wallets[op.from] as Address);
      const to = op.kind === "burn" ? null : (wallets[op.to] as Address);
      const have = from === null ? 0n : (balance.get(`${token}|${from}`) ?? 0n);
      const amount = from === null ? op.amount : op.amount % (have + 1n);
      const leg = (wallet: Address, delta: bigint) => {
        balance.set(`${token}|${wallet}`, (balance.get(`${token}|${wallet}`) ?? 0n) + delta);
        legs.push({ block, logIndex, token, wallet, delta });
      };
      if (from !== null) leg(from, -amount);
      if (to !== null) leg(to, amount);
      transfers.push({
        blockNumber: block,
        logIndex,
        txHash: fakeHash(block * 1_000n + BigInt(logIndex)),
        token,
        kind: from === null ? "issuance" : to === null ? "redemption" : "transfer",
        from,
        to,
        fromInvestorId: from === null ? null : investorOf(from),
        toInvestorId: to === null ? null : investorOf(to),
        amount,
        reasonCode: null,
      });
    });
    transfersByBlock.set(block, transfers);
    if (transfers.length > 0 || input.storeEmptyBlocks) storedBlocks.push(block);
  });
  return { legs, transfersByBlock, storedBlocks, lastBlock: BigInt(input.blocks.length) };
}

/**
 * Projects the history block by block, as the indexer would: blocks row + journal entries, one transaction each.
 * With `after`, only the blocks above it (re-projecting a new branch after a rollback).
 */
export async function projectHistory(
  db: Database,
  chainId: number,
  history: History,
  options: { after?: bigint } = {},
): Promise<void> {
  for (const [block, transfers] of history.transfersByBlock) {
    if (options.after !== undefined && block <= options.after) continue;
    await db.transaction(async (tx) => {
      if (history.storedBlocks.includes(block)) {
        await insertRows(
          tx,
          "blocks",
          ["chain_id", "block_number", "block_hash", "parent_hash", "block_timestamp"],
          [[chainId, block, fakeHash(block + 1n), fakeHash(block), blockTimestamp(block)]],
        );
      }
      await insertTransfers(tx, { chainId, transfers });
    });
  }
}

/** Brute force: every wallet's balance of `token` after block `asOf`, by summing the legs. */
export function balancesAt(history: History, token: Address, asOf: bigint): Map<Address, bigint> {
  const result = new Map<Address, bigint>();
  for (const leg of history.legs) {
    if (leg.token !== token || leg.block > asOf) continue;
    result.set(leg.wallet, (result.get(leg.wallet) ?? 0n) + leg.delta);
  }
  return result;
}

/**
 * The whole history's journal in one walk from empty balances, as an older schema's migration test writes it: rows
 * as {@link walkTransfers} builds them, but hashes and addresses as text (the journal's form before migration 0014),
 * and the `balances` states it leaves.
 */
export function journalAsText(
  chainId: number,
  history: History,
): { rows: unknown[][]; touched: WalletBalance[] } {
  const states = new Map<string, WalletBalance>();
  const { journal, touched } = walkTransfers(
    chainId,
    [...history.transfersByBlock.values()].flat(),
    (token, wallet) => {
      const key = `${token}|${wallet}`;
      let state = states.get(key);
      if (state === undefined) {
        state = newWalletBalance(token, wallet);
        states.set(key, state);
      }
      return state;
    },
  );
  return { rows: journal.map((row) => row.map((v) => (v instanceof HexBytes ? v.hex : v))), touched };
}
