import { CheckpointNotFoundError } from "../errors.ts";
import type { Queryable } from "../types.ts";
import { type Checkpoint, findCheckpoint } from "./findCheckpoint.ts";

/**
 * The chain's checkpoint; throws `CHECKPOINT_NOT_FOUND` when there is none (use `findCheckpoint` where "not yet"
 * is normal, e.g. the indexer's first start).
 *
 * @example
 * const { blockNumber, blockHash } = await getCheckpoint(db, 8453);
 */
export async function getCheckpoint(db: Queryable, chainId: number): Promise<Checkpoint> {
  const checkpoint = await findCheckpoint(db, chainId);
  if (checkpoint === undefined) throw new CheckpointNotFoundError(chainId);
  return checkpoint;
}
