import type { Queryable } from "../types.ts";

/** How far a chain is projected: every block up to and including `blockNumber`. */
export type Checkpoint = {
  chainId: number;
  blockNumber: bigint;
  /** NULL only after a rollback to a block whose hash was not stored. */
  blockHash: `0x${string}` | null;
  /** The highest block that was final when the rows were written: a rollback never goes below it. */
  finalizedBlockNumber: bigint;
  updatedAt: Date;
};

/**
 * The chain's checkpoint, or undefined before the first block was projected.
 *
 * @example
 * const from = ((await findCheckpoint(db, 8453))?.blockNumber ?? deployBlock - 1n) + 1n;
 */
export async function findCheckpoint(db: Queryable, chainId: number): Promise<Checkpoint | undefined> {
  const { rows } = await db.query<{
    chain_id: number;
    block_number: bigint;
    block_hash: `0x${string}` | null;
    finalized_block_number: bigint;
    updated_at: Date;
  }>(
    "SELECT chain_id, block_number, block_hash, finalized_block_number, updated_at FROM checkpoints WHERE chain_id = $1",
    [chainId],
  );
  const r = rows[0];
  return r === undefined
    ? undefined
    : {
        chainId: r.chain_id,
        blockNumber: r.block_number,
        blockHash: r.block_hash,
        finalizedBlockNumber: r.finalized_block_number,
        updatedAt: r.updated_at,
      };
}
