import type { Hex } from "viem";

/** What the indexer keeps of a block: enough to link blocks into a chain and date their events. */
export type BlockHeader = {
  number: bigint;
  hash: Hex;
  parentHash: Hex;
  timestamp: bigint;
  /** Present on headers read from the chain; used to spot logs a lagging node did not return. */
  logsBloom?: Hex | undefined;
};

/**
 * When a block is final (cannot be reorganized any more):
 * - `{ type: "depth", depth }`: `depth` blocks below the head (0 = the head itself is final);
 * - `{ type: "tag", tag }`: the node's `finalized` (or `safe`) block — on Base, L1 finality of the batch.
 */
export type Finality = { type: "depth"; depth: number } | { type: "tag"; tag: "finalized" | "safe" };

/** A reorg found by the block tracker: rows above `commonAncestor` must be rolled back. */
export type ReorgEvent = {
  type: "reorg";
  /** Highest block that the indexed chain and the canonical chain share. */
  commonAncestor: BlockHeader;
  /** Indexed blocks that are no longer canonical (`tip − commonAncestor`). */
  depth: number;
};
