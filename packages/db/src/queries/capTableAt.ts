import { type Address, ValidationError } from "@coinscious/core";
import type { Queryable } from "../types.ts";
import { toDbAddress } from "../values/toDbAddress.ts";
import { asOfParams, HOLDINGS_AS_OF_SQL, TARGET_BLOCK_SQL } from "./asOf.ts";

export type CapTableAtParameters = {
  chainId: number;
  token: Address;
  /** As of the end of this block. */
  blockNumber?: bigint;
  /** As of this time (unix seconds or Date): the latest block with a timestamp at or before it. */
  timestamp?: bigint | Date;
  /** Page size; default: every holder. */
  limit?: number;
  offset?: number;
};

export type CapTableEntry = {
  wallet: Address;
  /** The wallet's investor in the token's registry (NULL: an unlinked wallet). */
  investorId: bigint | null;
  balance: bigint;
};

export type CapTable = {
  /** The block the table is as of; NULL when no stored block is at or before `timestamp` (then it is empty). */
  blockNumber: bigint | null;
  /** Wallets with a non-zero balance (all pages). */
  totalHolders: number;
  /** Sum of their balances: the supply outstanding. */
  totalBalance: bigint;
  /** This page, by balance (largest first), then wallet. */
  entries: CapTableEntry[];
};

type Row = {
  block_number: bigint | null;
  total_holders: bigint;
  total_balance: string;
  wallet: Address | null;
  balance: string | null;
  investor_id: bigint | null;
};

// One statement: resolve the block, compute every holding as of it once (the CTE is referenced twice, so it is
// materialized), then totals and the requested page.
const AS_OF_SQL = `
WITH t AS (SELECT ${TARGET_BLOCK_SQL} AS block_number),
holdings AS (
  SELECT w.wallet, c.balance_after AS balance, c.investor_id
  FROM t CROSS JOIN ${HOLDINGS_AS_OF_SQL}
),
totals AS (SELECT count(*) AS holders, coalesce(sum(balance), 0) AS balance FROM holdings)
SELECT t.block_number, totals.holders AS total_holders, totals.balance AS total_balance,
       p.wallet, p.balance, p.investor_id
FROM t CROSS JOIN totals
LEFT JOIN LATERAL (
  SELECT wallet, balance, investor_id FROM holdings ORDER BY balance DESC, wallet LIMIT $5 OFFSET $6
) p ON true
ORDER BY p.balance DESC, p.wallet`;

// Now: the current balances table, no history needed; as of the checkpoint.
const CURRENT_SQL = `
WITH holdings AS (
  SELECT wallet, balance, investor_id FROM balances WHERE chain_id = $1 AND token = $2 AND balance > 0
),
totals AS (SELECT count(*) AS holders, coalesce(sum(balance), 0) AS balance FROM holdings)
SELECT (SELECT block_number FROM checkpoints WHERE chain_id = $1) AS block_number,
       totals.holders AS total_holders, totals.balance AS total_balance, p.wallet, p.balance, p.investor_id
FROM totals
LEFT JOIN LATERAL (
  SELECT wallet, balance, investor_id FROM holdings ORDER BY balance DESC, wallet LIMIT $3 OFFSET $4
) p ON true
ORDER BY p.balance DESC, p.wallet`;

/**
 * The cap table of a token class as of a block or a time — or now, when neither is given — in one query:
 * holders (wallets with a non-zero balance) with their investor and balance, largest first, then by wallet.
 *
 * History design: the transfer journal is the balance history. Each `transfers` row carries the balance of its
 * from and to wallet after the log, and the `balance_changes` view gives its legs back; as of block B a wallet's
 * balance is its latest leg with block_number <= B. The query starts from `balances` (every wallet that ever held
 * the class) and looks each wallet's leg up through the as-of indexes `transfers_from_as_of` / `transfers_to_as_of`
 * (hash of wallet and class, block_number, log_index; migration 0010) — a Merge Append of two one-row backward index scans per
 * wallet, so the cost grows with the number of wallets, not with the length of the history.
 *
 * @example
 * const { entries, totalHolders } = await capTableAt(db, { chainId: 8453, token, blockNumber: 12_345_678n, limit: 50 });
 * const atYearEnd = await capTableAt(db, { chainId: 8453, token, timestamp: new Date("2026-12-31T23:59:59Z") });
 */
export async function capTableAt(db: Queryable, parameters: CapTableAtParameters): Promise<CapTable> {
  const { chainId, limit, offset } = parameters;
  const token = toDbAddress(parameters.token);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw new ValidationError("limit must be an integer >= 0");
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0))
    throw new ValidationError("offset must be an integer >= 0");
  const [block, timestamp] = asOfParams(parameters);
  const { rows } =
    block === null && timestamp === null
      ? await db.query<Row>(CURRENT_SQL, [chainId, token, limit ?? null, offset ?? 0])
      : await db.query<Row>(AS_OF_SQL, [chainId, token, block, timestamp, limit ?? null, offset ?? 0]);
  const first = rows[0] as Row;
  return {
    blockNumber: first.block_number,
    totalHolders: Number(first.total_holders),
    totalBalance: BigInt(first.total_balance),
    entries: rows
      .filter((r) => r.wallet !== null)
      .map((r) => ({
        wallet: r.wallet as Address,
        investorId: r.investor_id,
        balance: BigInt(r.balance as string),
      })),
  };
}
