import type { Transaction } from "../types.ts";

/**
 * Every table the indexer writes per block. Each carries chain_id and block_number with an index led by them,
 * so rolling back is one DELETE per table. A test checks that no base table with a block_number column is missing.
 * Views (`balance_changes`, the journal's legs; `all_events`) are not listed: they follow their tables.
 */
export const PER_BLOCK_TABLES = [
  "events",
  "transfers",
  "holder_count_changes",
  "token_classes",
  "token_bindings",
  "investor_changes",
  "wallet_links",
  "compliance_actions",
  "safe_executions",
  "safe_owner_changes",
  "anchored_roots",
  "blocks",
] as const;

export type RollbackToReturnType = {
  /** Rows deleted per table. */
  deleted: Record<(typeof PER_BLOCK_TABLES)[number], number>;
  /** Current balances restored from history (wallets whose latest change was above the block). */
  restoredBalances: number;
  /** Current balances removed (wallets whose first change was above the block). */
  removedBalances: number;
};

// Restore first, from history at or below the block (which the deletes below leave untouched): for each wallet
// whose current row is newer than the block, put back its latest leg at or below it — through the
// `balance_changes` view, one Merge Append of two backward index scans per wallet, as in capTableAt. A
// self-transfer's two legs tie on (block, log) and agree on balance and investor (a CHECK), so either will do.
const RESTORE_BALANCES = `
INSERT INTO balances (chain_id, token, wallet, balance, investor_id, block_number, log_index)
SELECT b.chain_id, b.token, b.wallet, c.balance_after, c.investor_id, c.block_number, c.log_index
FROM balances b
CROSS JOIN LATERAL (
  SELECT c.balance_after, c.investor_id, c.block_number, c.log_index
  FROM balance_changes c
  WHERE c.wallet_key = b.wallet_key
    AND c.chain_id = b.chain_id AND c.token = b.token AND c.wallet = b.wallet AND c.block_number <= $2
  ORDER BY c.block_number DESC, c.log_index DESC
  LIMIT 1
) c
WHERE b.chain_id = $1 AND b.block_number > $2
ON CONFLICT (chain_id, token, wallet) DO UPDATE SET
  balance = excluded.balance, investor_id = excluded.investor_id,
  block_number = excluded.block_number, log_index = excluded.log_index`;

// The rows still above the block had no change at or below it: the wallet had not held the class yet.
const REMOVE_BALANCES = "DELETE FROM balances WHERE chain_id = $1 AND block_number > $2";

const LOWER_CHECKPOINT = `
UPDATE checkpoints
SET block_number = $2,
    block_hash = (SELECT block_hash FROM blocks WHERE chain_id = $1 AND block_number = $2),
    finalized_block_number = least(finalized_block_number, $2),
    updated_at = now()
WHERE chain_id = $1 AND block_number > $2`;

/**
 * Undoes everything projected above `blockNumber` on one chain, for a reorg: deletes every per-block row with
 * block_number > blockNumber, restores the current-state table `balances` from the journal's legs (its one
 * materialized current state; the other current views — investors, wallets, investor_balances, wallet_freezes,
 * token_pauses, safe_owners, safe_thresholds — derive from history and need nothing), and lowers the chain's
 * checkpoint to the block. Must run inside the transaction that then re-projects the new branch.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await rollbackTo(tx, chainId, commonAncestor.number);
 *   // … project the new branch, setCheckpoint(tx, …)
 * });
 */
export async function rollbackTo(
  tx: Transaction,
  chainId: number,
  blockNumber: bigint,
): Promise<RollbackToReturnType> {
  const params = [chainId, blockNumber];
  const restored = await tx.query(RESTORE_BALANCES, params);
  const removed = await tx.query(REMOVE_BALANCES, params);
  const deleted = {} as RollbackToReturnType["deleted"];
  for (const table of PER_BLOCK_TABLES) {
    // Table names come from the constant above, never from input.
    deleted[table] = (
      await tx.query(`DELETE FROM ${table} WHERE chain_id = $1 AND block_number > $2`, params)
    ).rowCount;
  }
  await tx.query(LOWER_CHECKPOINT, params);
  return { deleted, restoredBalances: restored.rowCount, removedBalances: removed.rowCount };
}
