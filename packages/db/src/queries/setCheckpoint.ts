import { ValidationError } from "@coinscious/core";
import type { Transaction } from "../types.ts";

export type SetCheckpointParameters = {
  chainId: number;
  blockNumber: bigint;
  blockHash: `0x${string}`;
  /**
   * The highest block that was final when these rows were written (≤ blockNumber). Omitted: the stored floor is
   * kept (capped at blockNumber), 0 for a new chain.
   */
  finalizedBlockNumber?: bigint | undefined;
};

/**
 * Records that the chain is projected up to and including `blockNumber`. Call it in the same transaction as the
 * rows of the blocks it covers: a crash then leaves either both or neither, and the indexer resumes at
 * checkpoint + 1 without duplicates or gaps.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await insertRows(tx, "events", columns, rows);
 *   await setCheckpoint(tx, { chainId: 8453, blockNumber: 123n, blockHash: "0xabc…" });
 * });
 */
export async function setCheckpoint(tx: Transaction, parameters: SetCheckpointParameters): Promise<void> {
  const { sql, params } = setCheckpointStatement(parameters);
  await tx.query(sql, params);
}

/** The statement of {@link setCheckpoint}, for `runStatements` (the parameters are checked here). */
export function setCheckpointStatement(parameters: SetCheckpointParameters): {
  sql: string;
  params: unknown[];
} {
  const floor = parameters.finalizedBlockNumber;
  if (floor !== undefined && (floor < 0n || floor > parameters.blockNumber)) {
    throw new ValidationError("The finalized block of a checkpoint must lie between 0 and its block", {
      blockNumber: parameters.blockNumber.toString(),
      finalizedBlockNumber: floor.toString(),
    });
  }
  return {
    sql: `INSERT INTO checkpoints (chain_id, block_number, block_hash, finalized_block_number, updated_at)
     VALUES ($1, $2, $3, coalesce($4::bigint, 0), now())
     ON CONFLICT (chain_id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash,
       finalized_block_number = coalesce($4::bigint, least(checkpoints.finalized_block_number, excluded.block_number)),
       updated_at = excluded.updated_at`,
    params: [parameters.chainId, parameters.blockNumber, parameters.blockHash.toLowerCase(), floor ?? null],
  };
}
