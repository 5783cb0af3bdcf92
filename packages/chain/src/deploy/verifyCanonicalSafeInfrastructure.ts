import {
  type DeploymentFilter,
  getCompatibilityFallbackHandlerDeployment,
  getMultiSendCallOnlyDeployment,
  getMultiSendDeployment,
  getProxyFactoryDeployment,
  getSafeL2SingletonDeployment,
  getSafeSingletonDeployment,
  type SingletonDeployment,
} from "@safe-global/safe-deployments";
import { type Address, getAddress, type Hex, keccak256 } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { SafeCodeMismatchError } from "./errors.ts";

/** The Safe 1.4.1 contracts a deployment relies on, by manifest key. */
export type CanonicalSafeInfrastructure = {
  safeSingleton: Address;
  safeProxyFactory: Address;
  fallbackHandler: Address;
  multiSend: Address;
  multiSendCallOnly: Address;
  /** The non-L2 singleton: a Safe created against it is accepted too (same code but for events). */
  safeSingletonL1: Address;
};

const getters: Record<
  keyof CanonicalSafeInfrastructure,
  (f: DeploymentFilter) => SingletonDeployment | undefined
> = {
  safeSingleton: getSafeL2SingletonDeployment,
  safeProxyFactory: getProxyFactoryDeployment,
  fallbackHandler: getCompatibilityFallbackHandlerDeployment,
  multiSend: getMultiSendDeployment,
  multiSendCallOnly: getMultiSendCallOnlyDeployment,
  safeSingletonL1: getSafeSingletonDeployment,
};

/**
 * Looks up the canonical Safe 1.4.1 deployments of `chainId` in `@safe-global/safe-deployments` and checks that
 * each address holds code whose keccak256 is the published code hash — a chain (or RPC) where the "canonical"
 * address holds anything else would hand the issuer's keys to foreign code. Throws `SAFE_CODE_MISMATCH`.
 *
 * @example
 * const infra = await verifyCanonicalSafeInfrastructure(publicClient, 8453);
 */
export async function verifyCanonicalSafeInfrastructure(
  publicClient: ChainPublicClient,
  chainId: number,
): Promise<CanonicalSafeInfrastructure> {
  const filter = { version: "1.4.1", network: String(chainId) };
  const entries = await Promise.all(
    Object.entries(getters).map(async ([key, get]) => {
      const deployment = get(filter);
      const address = deployment?.networkAddresses[String(chainId)];
      const published = deployment
        ? Object.values(deployment.deployments).find((d) => d && address && d.address === address)
        : undefined;
      if (!deployment || !address || !published)
        throw new SafeCodeMismatchError(
          key,
          address ?? "(unpublished)",
          "(no Safe 1.4.1 deployment published)",
          null,
        );
      const code = await publicClient.getCode({ address: address as Address });
      const actual: Hex | null = code && code !== "0x" ? keccak256(code) : null;
      if (actual !== published.codeHash.toLowerCase())
        throw new SafeCodeMismatchError(key, address, published.codeHash, actual);
      return [key, getAddress(address)] as const;
    }),
  );
  return Object.fromEntries(entries) as CanonicalSafeInfrastructure;
}
