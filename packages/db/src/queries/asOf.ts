import { ValidationError } from "@coinscious/core";

/** "As of" a block or a time: exactly one of the two. Times are unix seconds (as on chain) or a Date. */
export type AsOf =
  | { blockNumber: bigint; timestamp?: undefined }
  | { timestamp: bigint | Date; blockNumber?: undefined };

/** Unix seconds of a Date or bigint; a Date is rounded down to the second (block timestamps are whole seconds). */
export function toUnixSeconds(value: bigint | Date): bigint {
  return typeof value === "bigint" ? value : BigInt(Math.floor(value.getTime() / 1000));
}

/** Validates an AsOf-like argument and returns the `$block, $timestamp` parameter pair (one of them null). */
export function asOfParams(p: {
  blockNumber?: bigint | undefined;
  timestamp?: bigint | Date | undefined;
}): [bigint | null, bigint | null] {
  if (p.blockNumber !== undefined && p.timestamp !== undefined) {
    throw new ValidationError("Give a block number or a timestamp, not both");
  }
  if (p.blockNumber !== undefined && p.blockNumber < 0n) throw new ValidationError("Block numbers are >= 0");
  return [p.blockNumber ?? null, p.timestamp === undefined ? null : toUnixSeconds(p.timestamp)];
}

/**
 * SQL for the block an as-of query reads: `$3` when given, else the latest stored block whose timestamp is
 * <= `$4` (NULL when none). Relies on the indexer storing a `blocks` row for every block it writes rows for, so
 * no balance change hides between two stored blocks. `$1` is the chain id.
 */
export const TARGET_BLOCK_SQL = `coalesce($3::bigint, (
  SELECT b.block_number FROM blocks b
  WHERE b.chain_id = $1 AND b.block_timestamp <= $4::bigint
  ORDER BY b.block_timestamp DESC, b.block_number DESC
  LIMIT 1))`;

/**
 * SQL (a FROM-clause body) for every wallet's balance of token `$2` on chain `$1` as of block `t.block_number`
 * (`t` must be in scope), as `c.balance_after` and `c.investor_id`: start from `balances`, which lists every wallet
 * that ever held the class with its latest leg. A wallet whose latest leg is at or below the block has that balance
 * as of it — no history read (on a recent record date, most wallets). Only the others probe the `balance_changes`
 * view for their latest leg at or below the block, by `wallet_key` (the as-of indexes' hash of wallet and class, see
 * migration 0010; since 0012 only a wallet's last leg in each block has one — the only leg a lookup by block can
 * need): a Merge Append of one backward scan of `transfers_from_as_of` and one of `transfers_to_as_of`,
 * stopping at the first row (the `w.block_number > t.block_number` test gates the
 * scan per wallet). Wallets with no leg yet, or a zero balance, are left out.
 *
 * The only possible tie on (block_number, log_index) is the two legs of a self-transfer; the schema makes them
 * agree on `balance_after` and `investor_id` (CHECK `transfers_self_transfer_legs_agree`), so whichever leg comes
 * first, the result is the same.
 */
export const HOLDINGS_AS_OF_SQL = `balances w
  CROSS JOIN LATERAL (
    SELECT w.balance AS balance_after, w.investor_id
    WHERE w.block_number <= t.block_number
    UNION ALL
    (SELECT h.balance_after, h.investor_id
     FROM balance_changes h
     WHERE w.block_number > t.block_number
       AND h.wallet_key = w.wallet_key
       AND h.chain_id = w.chain_id AND h.token = w.token AND h.wallet = w.wallet
       AND h.block_number <= t.block_number
     ORDER BY h.block_number DESC, h.log_index DESC
     LIMIT 1)
  ) c
  WHERE w.chain_id = $1 AND w.token = $2 AND c.balance_after > 0`;
