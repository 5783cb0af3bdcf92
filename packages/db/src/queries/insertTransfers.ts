import { type Address, ValidationError } from "@coinscious/core";
import { BalanceChangeError } from "../errors.ts";
import type { Queryable } from "../types.ts";
import { HexBytes } from "../values/hexBytes.ts";
import type { CopyColumnType } from "./copyBinary.ts";
import { copyRows } from "./copyRows.ts";
import { insertRowsStatements } from "./insertRows.ts";

/** What a token movement is: from the zero address, to it, or an agent's forced transfer / recovery. */
export type TransferKind = "issuance" | "transfer" | "redemption" | "forced_transfer" | "recovery";

/** One token movement (an ERC-20 `Transfer` log) as the journal stores it, without the balances after it. */
export type JournalEntry = {
  blockNumber: bigint;
  logIndex: number;
  txHash: `0x${string}`;
  token: Address;
  kind: TransferKind;
  /** The debited wallet; null for an issuance (a mint, from the zero address). */
  from: Address | null;
  /** The credited wallet; null for a redemption (a burn, to the zero address). */
  to: Address | null;
  /** The wallets' investors when the transfer happened; null for an unlinked wallet. */
  fromInvestorId: bigint | null;
  toInvestorId: bigint | null;
  amount: bigint;
  /** Forced transfers only: core's forcedTransferReasons code (1 … 255); null otherwise. */
  reasonCode: number | null;
};

export type InsertTransfersParameters = { chainId: number; transfers: readonly JournalEntry[] };

export type InsertTransfersReturnType = {
  /** Final balance of every wallet the batch touched. */
  balances: { token: Address; wallet: Address; balance: bigint; investorId: bigint | null }[];
};

export type InsertTransfersErrorType = BalanceChangeError | ValidationError;

/** A wallet in a class as the walk goes: its balance, the position of its last leg (none yet: block -1), its investor. */
export type WalletBalance = {
  token: Address;
  wallet: Address;
  balance: bigint;
  blockNumber: bigint;
  logIndex: number;
  investorId: bigint | null;
};

/** The `transfers` columns `insertTransfers` writes, in row order. */
export const TRANSFER_COLUMNS = [
  "chain_id",
  "block_number",
  "log_index",
  "tx_hash",
  "token",
  "kind",
  "from_wallet",
  "to_wallet",
  "from_investor_id",
  "to_investor_id",
  "amount",
  "reason_code",
  "from_balance_after",
  "to_balance_after",
  "from_as_of",
  "to_as_of",
] as const;

/**
 * The base type of each of {@link TRANSFER_COLUMNS}, for the journal's binary COPY (`encodeRows` with types). A test
 * checks them against the migrated schema.
 */
export const TRANSFER_COLUMN_TYPES: readonly CopyColumnType[] = [
  "int4", // chain_id
  "int8", // block_number
  "int4", // log_index
  "bytea", // tx_hash
  "bytea", // token
  "text", // kind
  "bytea", // from_wallet
  "bytea", // to_wallet
  "int8", // from_investor_id
  "int8", // to_investor_id
  "numeric", // amount (uint256)
  "int2", // reason_code
  "numeric", // from_balance_after (uint256)
  "numeric", // to_balance_after (uint256)
  "bool", // from_as_of
  "bool", // to_as_of
];

const BALANCE_COLUMNS = [
  "chain_id",
  "token",
  "wallet",
  "balance",
  "investor_id",
  "block_number",
  "log_index",
] as const;

const UPSERT =
  "ON CONFLICT (chain_id, token, wallet) DO UPDATE SET balance = excluded.balance, investor_id = excluded.investor_id, " +
  "block_number = excluded.block_number, log_index = excluded.log_index";

const READ_BALANCES = `
SELECT b.token, b.wallet, b.balance, b.block_number, b.log_index, b.investor_id
FROM balances b
JOIN json_to_recordset($2::json) AS k(token address, wallet address) ON b.token = k.token AND b.wallet = k.wallet
WHERE b.chain_id = $1`;

/**
 * Writes token movements to the transfer journal, which is also the balance history: each `transfers` row gets the
 * balance of its from and to wallet after the log (`from_balance_after`, `to_balance_after`; the `balance_changes`
 * view reads them as legs), and `balances` is set to each touched wallet's last leg. Three statements for a batch
 * of up to 10,000 entries: read the touched wallets' current balances, insert the journal rows, upsert `balances`.
 * Keeps the invariant `rollbackTo` relies on: a `balances` row is its wallet's latest leg.
 *
 * Entries are applied in (block, log) order whatever their order in the array. A self-transfer debits before it
 * credits, and both of its legs carry the balance after the log. Call it inside the block batch's transaction.
 *
 * Requirements:
 * - no balance goes negative, a self-transfer included (`BALANCE_UNDERFLOW`);
 * - every entry is after the last one applied to each of its wallets, and no two entries share a log
 *   (`BALANCE_CHANGE_OUT_OF_ORDER`: applied twice).
 * Either error means projection and chain disagree; nothing is written (the caller's transaction rolls back).
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await insertTransfers(tx, { chainId, transfers: [{
 *     blockNumber, logIndex, txHash, token, kind: "transfer", from: alice, to: bob,
 *     fromInvestorId: 1n, toInvestorId: 2n, amount: 10n ** 18n, reasonCode: null,
 *   }] });
 *   await setCheckpoint(tx, { chainId, blockNumber, blockHash });
 * });
 */
export async function insertTransfers(
  tx: Queryable,
  parameters: InsertTransfersParameters,
): Promise<InsertTransfersReturnType> {
  const { chainId } = parameters;
  if (parameters.transfers.length === 0) return { balances: [] };
  // One state per touched (token, wallet), updated in place as the walk goes: the batch allocates per wallet,
  // not per leg. Nested maps, not "token|wallet" keys: building and hashing a new key string per leg cost more than
  // the rest of the walk.
  const byToken = new Map<Address, Map<Address, WalletBalance>>();
  const stateOf = (token: Address, wallet: Address): WalletBalance => {
    let ofToken = byToken.get(token);
    if (ofToken === undefined) {
      ofToken = new Map();
      byToken.set(token, ofToken);
    }
    let state = ofToken.get(wallet);
    if (state === undefined) {
      state = newWalletBalance(token, wallet);
      ofToken.set(wallet, state);
    }
    return state;
  };
  const keys: { token: Address; wallet: Address }[] = [];
  for (const e of parameters.transfers) {
    for (const wallet of [e.from, e.to]) {
      if (wallet === null || byToken.get(e.token)?.has(wallet)) continue;
      stateOf(e.token, wallet);
      keys.push({ token: e.token, wallet });
    }
  }
  for (const stored of await readWalletBalances(tx, chainId, keys))
    Object.assign(stateOf(stored.token, stored.wallet), stored);
  const { journal, touched } = walkTransfers(chainId, parameters.transfers, stateOf);
  await copyRows(tx, "transfers", TRANSFER_COLUMNS, journal, TRANSFER_COLUMN_TYPES);
  await upsertWalletBalances(tx, chainId, touched);
  return {
    balances: touched.map((w) => ({
      token: w.token,
      wallet: w.wallet,
      balance: w.balance,
      investorId: w.investorId,
    })),
  };
}

/** A new (token, wallet) state: no balance, no leg yet (block -1), no investor. */
export function newWalletBalance(token: Address, wallet: Address): WalletBalance {
  return { token, wallet, balance: 0n, blockNumber: -1n, logIndex: -1, investorId: null };
}

/**
 * The stored `balances` rows of `keys` (a wallet without a row has none: it starts from {@link newWalletBalance}).
 * One statement.
 */
export async function readWalletBalances(
  tx: Queryable,
  chainId: number,
  keys: readonly { token: Address; wallet: Address }[],
): Promise<WalletBalance[]> {
  if (keys.length === 0) return [];
  const { rows } = await tx.query<{
    token: Address;
    wallet: Address;
    balance: string;
    block_number: bigint;
    log_index: number;
    investor_id: bigint | null;
  }>(READ_BALANCES, [chainId, JSON.stringify(keys)]);
  return rows.map((r) => ({
    token: r.token,
    wallet: r.wallet,
    balance: BigInt(r.balance),
    blockNumber: r.block_number,
    logIndex: r.log_index,
    investorId: r.investor_id,
  }));
}

/**
 * The journal rows of `transfers` (columns {@link TRANSFER_COLUMNS}; hashes and addresses as {@link HexBytes}: the
 * table stores bytes, migration 0014), each with the balances after its log, applied in (block, log) order to the
 * states `stateOf` returns — which it updates in place: afterwards they hold each wallet's balance and last leg.
 * `touched`: every state it moved, once, in first-touch order (what {@link upsertWalletBalances} writes). Pure apart
 * from the states; throws as {@link insertTransfers} does (and `ValidationError` for a hash or address that is not
 * `0x` hex), leaving the states partly moved (discard them then).
 *
 * `from_as_of` / `to_as_of` flag the legs the as-of indexes hold (migration 0012): of the legs a (class, wallet)
 * has in one block among `transfers`, the last one. A leg of the same block written by an earlier call keeps its
 * flag: one extra indexed leg, which no lookup can mistake for the last.
 */
export function walkTransfers(
  chainId: number,
  transfers: readonly JournalEntry[],
  stateOf: (token: Address, wallet: Address) => WalletBalance,
): { journal: unknown[][]; touched: WalletBalance[] } {
  const before = (a: JournalEntry, b: JournalEntry) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
  // A projection gives them in event order already: sort only when not.
  let sorted = true;
  for (let i = 1; i < transfers.length && sorted; i++)
    sorted = before(transfers[i - 1] as JournalEntry, transfers[i] as JournalEntry) <= 0;
  const entries = sorted ? transfers : [...transfers].sort(before);
  const touched: WalletBalance[] = [];
  const seen = new Set<WalletBalance>();
  const touch = (token: Address, wallet: Address): WalletBalance => {
    const state = stateOf(token, wallet);
    if (!seen.has(state)) {
      seen.add(state);
      touched.push(state);
    }
    return state;
  };
  // One HexBytes per distinct hash or address (a batch names the same token, transactions and wallets over and over):
  // HexBytes is immutable, and its check then runs once per value.
  const bytesOf = new Map<string, HexBytes>();
  const hexBytes = (hex: string): HexBytes => {
    let bytes = bytesOf.get(hex);
    if (bytes === undefined) {
      bytes = new HexBytes(hex);
      bytesOf.set(hex, bytes);
    }
    return bytes;
  };
  const journal: unknown[][] = new Array(entries.length);
  /** Per state moved by this call, its latest leg: journal row × 2, + 1 for a to-leg (a number: no allocation). */
  const lastLeg = new Map<WalletBalance, number>();
  /** The state's leg `leg` is its last so far: unflag its previous one when that was in the same block. */
  const flagLast = (state: WalletBalance, leg: number, block: bigint) => {
    const previous = lastLeg.get(state);
    if (previous !== undefined) {
      const row = journal[previous >> 1] as unknown[];
      if (row[1] === block) row[previous & 1 ? TO_AS_OF : FROM_AS_OF] = false;
    }
    lastLeg.set(state, leg);
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as JournalEntry;
    if (e.amount < 0n) {
      throw new ValidationError("A transfer amount is never negative", {
        blockNumber: e.blockNumber.toString(),
        logIndex: e.logIndex,
      });
    }
    const previous = entries[i - 1];
    if (previous?.blockNumber === e.blockNumber && previous.logIndex === e.logIndex) {
      throw balanceError(chainId, e, null, "BALANCE_CHANGE_OUT_OF_ORDER");
    }
    const from = e.from === null ? undefined : touch(e.token, e.from);
    const to = e.to === null ? undefined : touch(e.token, e.to);
    // Positions first, for both sides: a self-transfer's second leg is at the same log as its first.
    if (from !== undefined && !isBefore(from, e))
      throw balanceError(chainId, e, from.wallet, "BALANCE_CHANGE_OUT_OF_ORDER");
    if (to !== undefined && !isBefore(to, e))
      throw balanceError(chainId, e, to.wallet, "BALANCE_CHANGE_OUT_OF_ORDER");
    if (from !== undefined) {
      from.balance -= e.amount;
      if (from.balance < 0n) throw balanceError(chainId, e, from.wallet, "BALANCE_UNDERFLOW");
      from.blockNumber = e.blockNumber;
      from.logIndex = e.logIndex;
      from.investorId = e.fromInvestorId;
    }
    if (to !== undefined) {
      to.balance += e.amount;
      to.blockNumber = e.blockNumber;
      to.logIndex = e.logIndex;
      to.investorId = e.toInvestorId;
    }
    // Read after both sides moved: both legs of a self-transfer carry the balance after the log (the schema checks
    // that they agree). Its to-leg is the later one.
    journal[i] = [
      chainId,
      e.blockNumber,
      e.logIndex,
      hexBytes(e.txHash),
      hexBytes(e.token),
      e.kind,
      e.from === null ? null : hexBytes(e.from),
      e.to === null ? null : hexBytes(e.to),
      e.fromInvestorId,
      e.toInvestorId,
      e.amount,
      e.reasonCode,
      from === undefined ? null : from.balance,
      to === undefined ? null : to.balance,
      from !== undefined,
      to !== undefined,
    ];
    if (from !== undefined) flagLast(from, 2 * i, e.blockNumber);
    if (to !== undefined) flagLast(to, 2 * i + 1, e.blockNumber);
  }
  return { journal, touched };
}

/** Where the as-of flags sit in a journal row. */
const FROM_AS_OF = TRANSFER_COLUMNS.indexOf("from_as_of");
const TO_AS_OF = TRANSFER_COLUMNS.indexOf("to_as_of");

/** Sets each state's `balances` row (one statement): a `balances` row is its wallet's latest leg. */
export async function upsertWalletBalances(
  tx: Queryable,
  chainId: number,
  states: readonly WalletBalance[],
): Promise<void> {
  for (const { sql, params } of upsertWalletBalancesStatements(chainId, states)) await tx.query(sql, params);
}

/** The statements of {@link upsertWalletBalances}, for `runStatements` (none for no states). */
export function upsertWalletBalancesStatements(
  chainId: number,
  states: readonly WalletBalance[],
): { sql: string; params: unknown[] }[] {
  return insertRowsStatements(
    "balances",
    BALANCE_COLUMNS,
    states.map((w) => [chainId, w.token, w.wallet, w.balance, w.investorId, w.blockNumber, w.logIndex]),
    { onConflict: UPSERT },
  );
}

/** True when the wallet's last applied leg (none: block -1) is before the entry's log. */
function isBefore(state: WalletBalance, e: JournalEntry): boolean {
  return (
    state.blockNumber < e.blockNumber || (state.blockNumber === e.blockNumber && state.logIndex < e.logIndex)
  );
}

function balanceError(
  chainId: number,
  e: JournalEntry,
  wallet: Address | null,
  code: "BALANCE_UNDERFLOW" | "BALANCE_CHANGE_OUT_OF_ORDER",
): BalanceChangeError {
  const message =
    code === "BALANCE_UNDERFLOW"
      ? `Balance of ${wallet} would become negative at ${e.blockNumber}:${e.logIndex}`
      : wallet === null
        ? `Two journal entries at ${e.blockNumber}:${e.logIndex}`
        : `Transfer at ${e.blockNumber}:${e.logIndex} is not after the last applied change of ${wallet}`;
  return new BalanceChangeError(code, message, {
    chainId,
    token: e.token,
    wallet,
    blockNumber: e.blockNumber.toString(),
    logIndex: e.logIndex,
  });
}
