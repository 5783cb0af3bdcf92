import type { Address } from "@coinscious/core";
import { BalanceChangeError } from "../errors.ts";
import type { Queryable } from "../types.ts";
import { insertRows } from "./insertRows.ts";

/** One debit (negative delta) or credit (positive delta) of a wallet, at a log. */
export type BalanceChange = {
  token: Address;
  wallet: Address;
  blockNumber: bigint;
  logIndex: number;
  delta: bigint;
  /** The wallet's investor when the change happened; NULL for an unlinked wallet. */
  investorId: bigint | null;
};

export type ApplyBalanceChangesParameters = { chainId: number; changes: readonly BalanceChange[] };

export type ApplyBalanceChangesReturnType = {
  /** Final balance of every wallet the batch touched. */
  balances: { token: Address; wallet: Address; balance: bigint; investorId: bigint | null }[];
};

type Current = { balance: bigint; blockNumber: bigint; logIndex: number };

const UPSERT =
  "ON CONFLICT (chain_id, token, wallet) DO UPDATE SET balance = excluded.balance, investor_id = excluded.investor_id, " +
  "block_number = excluded.block_number, log_index = excluded.log_index";

/**
 * Projects debits and credits: appends `balance_changes` rows with the running balance after each, and updates
 * `balances` to the last of them — three statements for the whole batch. Keeps the invariant rollbackTo relies on:
 * a `balances` row is the latest `balance_changes` row of its wallet. Legs of one wallet at one log are merged
 * (a self-transfer nets to 0). Throws `BALANCE_UNDERFLOW` when a balance would go negative and
 * `BALANCE_CHANGE_OUT_OF_ORDER` when a change is not after the wallet's last applied one (double application) —
 * both mean projection and chain disagree. Call it inside the block batch's transaction.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await applyBalanceChanges(tx, { chainId, changes: [
 *     { token, wallet: from, blockNumber, logIndex, delta: -value, investorId: fromInvestor },
 *     { token, wallet: to, blockNumber, logIndex, delta: value, investorId: toInvestor },
 *   ] });
 *   await setCheckpoint(tx, { chainId, blockNumber, blockHash });
 * });
 */
export async function applyBalanceChanges(
  tx: Queryable,
  parameters: ApplyBalanceChangesParameters,
): Promise<ApplyBalanceChangesReturnType> {
  const { chainId } = parameters;
  const merged = new Map<string, BalanceChange>();
  for (const change of parameters.changes) {
    const key = `${change.token}|${change.wallet}|${change.blockNumber}|${change.logIndex}`;
    const seen = merged.get(key);
    merged.set(key, seen === undefined ? change : { ...change, delta: seen.delta + change.delta });
  }
  const changes = [...merged.values()].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  if (changes.length === 0) return { balances: [] };

  const keys = new Map<string, { token: Address; wallet: Address }>();
  for (const c of changes) keys.set(`${c.token}|${c.wallet}`, { token: c.token, wallet: c.wallet });
  const { rows } = await tx.query<{
    token: Address;
    wallet: Address;
    balance: string;
    block_number: bigint;
    log_index: number;
  }>(
    `SELECT b.token, b.wallet, b.balance, b.block_number, b.log_index
     FROM balances b
     JOIN json_to_recordset($2::json) AS k(token address, wallet address) ON b.token = k.token AND b.wallet = k.wallet
     WHERE b.chain_id = $1`,
    [chainId, JSON.stringify([...keys.values()])],
  );
  const current = new Map<string, Current>();
  for (const r of rows) {
    current.set(`${r.token}|${r.wallet}`, {
      balance: BigInt(r.balance),
      blockNumber: r.block_number,
      logIndex: r.log_index,
    });
  }

  const historyRows: unknown[][] = [];
  const final = new Map<string, { change: BalanceChange; balance: bigint }>();
  for (const c of changes) {
    const key = `${c.token}|${c.wallet}`;
    const prev = current.get(key);
    if (
      prev !== undefined &&
      (c.blockNumber < prev.blockNumber ||
        (c.blockNumber === prev.blockNumber && c.logIndex <= prev.logIndex))
    ) {
      throw new BalanceChangeError(
        "BALANCE_CHANGE_OUT_OF_ORDER",
        `Change at ${c.blockNumber}:${c.logIndex} is not after the last applied change of ${c.wallet}`,
        {
          chainId,
          token: c.token,
          wallet: c.wallet,
          blockNumber: c.blockNumber.toString(),
          logIndex: c.logIndex,
        },
      );
    }
    const balance = (prev?.balance ?? 0n) + c.delta;
    if (balance < 0n) {
      throw new BalanceChangeError("BALANCE_UNDERFLOW", `Balance of ${c.wallet} would become negative`, {
        chainId,
        token: c.token,
        wallet: c.wallet,
        blockNumber: c.blockNumber.toString(),
        logIndex: c.logIndex,
      });
    }
    current.set(key, { balance, blockNumber: c.blockNumber, logIndex: c.logIndex });
    final.set(key, { change: c, balance });
    historyRows.push([chainId, c.blockNumber, c.logIndex, c.token, c.wallet, c.delta, balance, c.investorId]);
  }

  await insertRows(
    tx,
    "balance_changes",
    ["chain_id", "block_number", "log_index", "token", "wallet", "delta", "balance_after", "investor_id"],
    historyRows,
  );
  const finals = [...final.values()];
  await insertRows(
    tx,
    "balances",
    ["chain_id", "token", "wallet", "balance", "investor_id", "block_number", "log_index"],
    finals.map(({ change: c, balance }) => [
      chainId,
      c.token,
      c.wallet,
      balance,
      c.investorId,
      c.blockNumber,
      c.logIndex,
    ]),
    { onConflict: UPSERT },
  );
  return {
    balances: finals.map(({ change: c, balance }) => ({
      token: c.token,
      wallet: c.wallet,
      balance,
      investorId: c.investorId,
    })),
  };
}
