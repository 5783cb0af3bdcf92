/**
 * A statement that fails the transaction unless the chain's checkpoint is at `blockNumber` or the chain has none
 * (`CheckpointMismatchError`, `CHECKPOINT_MISMATCH`), and otherwise locks the checkpoint row until the transaction
 * ends. Put it first in a `runStatements` write that continues the checkpoint: a second writer, or a batch written
 * before, then fails before any of its rows, whatever they would have met.
 *
 * @example
 * await db.runStatements([
 *   expectCheckpointStatement(8453, fromBlock - 1n),
 *   ...insertRowsStatements("blocks", columns, rows),
 *   setCheckpointStatement({ chainId: 8453, blockNumber: toBlock, blockHash }),
 * ]);
 */
export function expectCheckpointStatement(
  chainId: number,
  blockNumber: bigint,
): { sql: string; params: unknown[] } {
  return { sql: "SELECT expect_checkpoint($1, $2)", params: [chainId, blockNumber] };
}
