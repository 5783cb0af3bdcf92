import { type Address, getAddress } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { safeAbi } from "./abis.ts";
import { SafeError } from "./errors.ts";

export type SafeState = { owners: Address[]; threshold: number; nonce: bigint };

/**
 * Reads what signature checks need — owners, threshold, nonce — in parallel. Internal; `getSafeInfo` is the
 * public, fuller read. An address without code, or whose reads fail to decode, is `SAFE_NOT_FOUND`.
 *
 * @example
 * const { owners, threshold, nonce } = await readSafeState(publicClient, safe);
 */
export async function readSafeState(publicClient: ChainPublicClient, safe: Address): Promise<SafeState> {
  const read = (functionName: "getOwners" | "getThreshold" | "nonce") =>
    publicClient.readContract({ address: safe, abi: safeAbi, functionName });
  const [code, owners, threshold, nonce] = await Promise.all([
    publicClient.getCode({ address: safe }),
    read("getOwners").catch((e: unknown) => e),
    read("getThreshold").catch((e: unknown) => e),
    read("nonce").catch((e: unknown) => e),
  ]);
  if (
    code === undefined ||
    code === "0x" ||
    !Array.isArray(owners) ||
    typeof threshold !== "bigint" ||
    typeof nonce !== "bigint"
  ) {
    const cause = [owners, threshold, nonce].find((x) => x instanceof Error);
    throw new SafeError("SAFE_NOT_FOUND", `${safe} is not a Safe on this chain`, {
      details: { safe },
      cause,
    });
  }
  return { owners: (owners as Address[]).map((o) => getAddress(o)), threshold: Number(threshold), nonce };
}
