import { type Address, getContractAddress, type Hex, zeroHash } from "viem";
import { safeArtifacts } from "./abis.ts";
import type { SafeInfrastructure } from "./types.ts";

/**
 * The deterministic deployment proxy (Arachnid's CREATE2 factory), present on anvil and on most public chains
 * (Base included). Calldata `salt ‖ initCode` deploys `initCode` with CREATE2 and returns the address.
 */
export const DETERMINISTIC_DEPLOYER: Address = "0x4e59b44847b379578588920cA78FbF26c0B4956C";

/** Its runtime code, checked before use so a look-alike at that address is never trusted. */
export const DETERMINISTIC_DEPLOYER_CODE: Hex =
  "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";

/** Infrastructure contracts in deployment order, with their `SafeInfrastructure` key. */
export const SAFE_INFRASTRUCTURE_CONTRACTS = [
  ["safeSingleton", "safeL2"],
  ["safeProxyFactory", "safeProxyFactory"],
  ["fallbackHandler", "compatibilityFallbackHandler"],
  ["multiSend", "multiSend"],
  ["multiSendCallOnly", "multiSendCallOnly"],
] as const;

/**
 * The addresses `deploySafeInfrastructure` deploys to: CREATE2 through `DETERMINISTIC_DEPLOYER` with `salt`
 * over the artifacts' creation code (no constructor arguments). Pure: the same on every chain.
 * These are not the canonical safe-deployments addresses (those came from the Safe singleton factory), but the
 * runtime code is the same.
 *
 * @example
 * const { safeSingleton } = predictSafeInfrastructure(); // salt defaults to bytes32(0)
 */
export function predictSafeInfrastructure(salt: Hex = zeroHash): SafeInfrastructure {
  const entries = SAFE_INFRASTRUCTURE_CONTRACTS.map(([key, name]) => [
    key,
    getContractAddress({
      opcode: "CREATE2",
      from: DETERMINISTIC_DEPLOYER,
      salt,
      bytecode: safeArtifacts[name].bytecode,
    }),
  ]);
  return Object.fromEntries(entries) as SafeInfrastructure;
}
