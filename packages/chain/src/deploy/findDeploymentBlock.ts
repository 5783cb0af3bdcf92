import type { Address } from "viem";
import type { ChainPublicClient } from "../types.ts";

/**
 * The block in which `address` got its code, by binary search over `eth_getCode` at past blocks — for a
 * contract found on chain with no transaction on record (the manifest was lost, or the run died between sending
 * and recording). Needs historical state (an archive node for old blocks); returns undefined when the node
 * cannot answer or the address has no code.
 *
 * @example
 * const block = await findDeploymentBlock(publicClient, registry); // → the indexer's start block
 */
export async function findDeploymentBlock(
  publicClient: ChainPublicClient,
  address: Address,
): Promise<bigint | undefined> {
  const hasCode = async (blockNumber: bigint) => {
    const code = await publicClient.getCode({ address, blockNumber });
    return code !== undefined && code !== "0x";
  };
  try {
    let hi = await publicClient.getBlockNumber();
    if (!(await hasCode(hi))) return undefined;
    let lo = 0n;
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if (await hasCode(mid)) hi = mid;
      else lo = mid + 1n;
    }
    return lo;
  } catch {
    return undefined;
  }
}
