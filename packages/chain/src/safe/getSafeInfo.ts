import { type Address, getAddress, type Hex, keccak256, slice, toHex } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { safeAbi } from "./abis.ts";
import { readSafeState } from "./readSafeState.ts";

/** `keccak256("fallback_manager.handler.address")`: FallbackManager's storage slot. */
const FALLBACK_HANDLER_SLOT = keccak256(toHex("fallback_manager.handler.address"));
/** `keccak256("guard_manager.guard.address")`: GuardManager's storage slot. */
const GUARD_SLOT = keccak256(toHex("guard_manager.guard.address"));
/** ModuleManager's list sentinel, the start of `getModulesPaginated`. */
const SENTINEL = "0x0000000000000000000000000000000000000001";

export type GetSafeInfoReturnType = {
  address: Address;
  owners: Address[];
  threshold: number;
  /** The nonce the next executed Safe transaction must carry. */
  nonce: bigint;
  /** `VERSION()`, e.g. "1.4.1". */
  version: string;
  /** The implementation the proxy delegates to (storage slot 0). */
  singleton: Address;
  fallbackHandler: Address;
  /** A guard can veto executions; the zero address when none is set. */
  guard: Address;
  /** Enabled modules (first 100); a module can execute without owner signatures. */
  modules: Address[];
};

/**
 * Reads a Safe's owners, threshold, nonce and version, plus the settings that decide who can move its assets
 * besides the owners (singleton, fallback handler, guard, modules). Throws `SafeError` `SAFE_NOT_FOUND`.
 *
 * @example
 * const { owners, threshold, nonce, version } = await getSafeInfo(publicClient, safe);
 */
export async function getSafeInfo(
  publicClient: ChainPublicClient,
  safe: Address,
): Promise<GetSafeInfoReturnType> {
  const address = getAddress(safe);
  const state = await readSafeState(publicClient, address);
  const [version, singleton, handler, guard, modules] = await Promise.all([
    publicClient.readContract({ address, abi: safeAbi, functionName: "VERSION" }),
    publicClient.getStorageAt({ address, slot: toHex(0, { size: 32 }) }),
    publicClient.getStorageAt({ address, slot: FALLBACK_HANDLER_SLOT }),
    publicClient.getStorageAt({ address, slot: GUARD_SLOT }),
    publicClient.readContract({
      address,
      abi: safeAbi,
      functionName: "getModulesPaginated",
      args: [SENTINEL, 100n],
    }),
  ]);
  return {
    address,
    ...state,
    version: String(version),
    singleton: slotAddress(singleton),
    fallbackHandler: slotAddress(handler),
    guard: slotAddress(guard),
    modules: ((modules as readonly [readonly Address[], Address])[0] ?? []).map((m) => getAddress(m)),
  };
}

function slotAddress(word: Hex | undefined): Address {
  return getAddress(slice(word && word !== "0x" ? word : toHex(0, { size: 32 }), 12, 32));
}
