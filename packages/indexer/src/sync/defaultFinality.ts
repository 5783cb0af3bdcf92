import type { Finality } from "./types.ts";

/**
 * The finality rule per chain: the local devnet (31337) treats blocks 2 below the head as final — anvil only
 * reorganizes when told to, and tests that do pass a deeper depth; Base (8453) and Base Sepolia (84532) use
 * the node's `finalized` block (the L2 block whose batch is final on L1); other chains wait 64 blocks.
 *
 * @example
 * defaultFinality(8453); // { type: "tag", tag: "finalized" }
 * defaultFinality(31337); // { type: "depth", depth: 2 }
 */
export function defaultFinality(chainId: number): Finality {
  if (chainId === 8453 || chainId === 84532) return { type: "tag", tag: "finalized" };
  if (chainId === 31337) return { type: "depth", depth: 2 };
  return { type: "depth", depth: 64 };
}
