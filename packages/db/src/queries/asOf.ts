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
 * (`t` must be in scope): start from `balances`, which lists every wallet that ever held the class, and take per
 * wallet the latest `balance_changes` row at or below the block — one short backward scan of
 * `balance_changes_as_of` per wallet. Wallets with no row yet, or a zero balance, are left out.
 */
export const HOLDINGS_AS_OF_SQL = `balances w
  CROSS JOIN LATERAL (
    SELECT c.balance_after, c.investor_id
    FROM balance_changes c
    WHERE c.chain_id = w.chain_id AND c.token = w.token AND c.wallet = w.wallet
      AND c.block_number <= t.block_number
    ORDER BY c.block_number DESC, c.log_index DESC
    LIMIT 1
  ) c
  WHERE w.chain_id = $1 AND w.token = $2 AND c.balance_after > 0`;
