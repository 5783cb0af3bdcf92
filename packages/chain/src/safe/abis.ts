/**
 * Safe 1.4.1 artifacts as shipped by `@safe-global/safe-contracts` (the Hardhat build whose runtime code hashes
 * equal the canonical deployments listed in `@safe-global/safe-deployments`). Read with `createRequire` so
 * nothing is copied into this repository; the ABIs are exported typed as viem's `Abi`.
 */
import { createRequire } from "node:module";
import type { Abi, Hex } from "viem";

const require = createRequire(import.meta.url);

/** The shape of a Hardhat artifact, reduced to what is used here. */
export type SafeArtifact = { contractName: string; abi: Abi; bytecode: Hex; deployedBytecode: Hex };

function load(path: string): SafeArtifact {
  return require(`@safe-global/safe-contracts/build/artifacts/contracts/${path}`) as SafeArtifact;
}

/** The artifacts used by this folder (internal: deployment and code checks). */
export const safeArtifacts = {
  safeL2: load("SafeL2.sol/SafeL2.json"),
  safeProxy: load("proxies/SafeProxy.sol/SafeProxy.json"),
  safeProxyFactory: load("proxies/SafeProxyFactory.sol/SafeProxyFactory.json"),
  compatibilityFallbackHandler: load(
    "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json",
  ),
  multiSend: load("libraries/MultiSend.sol/MultiSend.json"),
  multiSendCallOnly: load("libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json"),
} as const;

/** The Safe version these artifacts are (what `VERSION()` returns). */
export const SAFE_VERSION = "1.4.1";

/**
 * ABI of the Safe (SafeL2 1.4.1: the Safe ABI plus the `SafeMultiSigTransaction` / `SafeModuleTransaction`
 * events that let an indexer follow it on an L2 without traces).
 *
 * @example
 * const nonce = await publicClient.readContract({ address: safe, abi: safeAbi, functionName: "nonce" });
 */
export const safeAbi: Abi = safeArtifacts.safeL2.abi;

/**
 * ABI of `SafeProxyFactory` 1.4.1.
 *
 * @example
 * await walletClient.writeContract({ address: factory, abi: safeProxyFactoryAbi, functionName: "createProxyWithNonce", args });
 */
export const safeProxyFactoryAbi: Abi = safeArtifacts.safeProxyFactory.abi;

/**
 * ABI of `CompatibilityFallbackHandler` 1.4.1 (EIP-1271 `isValidSignature`, token callbacks, `simulate`).
 *
 * @example
 * await publicClient.readContract({ address: safe, abi: compatibilityFallbackHandlerAbi, functionName: "getMessageHash", args: [msg] });
 */
export const compatibilityFallbackHandlerAbi: Abi = safeArtifacts.compatibilityFallbackHandler.abi;

/**
 * ABI of `MultiSend` / `MultiSendCallOnly` 1.4.1 (both have the one function `multiSend(bytes transactions)`).
 *
 * @example
 * encodeFunctionData({ abi: multiSendAbi, functionName: "multiSend", args: [packed] });
 */
export const multiSendAbi: Abi = safeArtifacts.multiSendCallOnly.abi;
