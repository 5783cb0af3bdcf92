import type { Address } from "viem";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { safeProxyFactoryAbi } from "./abis.ts";
import { encodeSafeSetup } from "./encodeSafeSetup.ts";
import { SafeError } from "./errors.ts";
import { predictSafeAddress } from "./predictSafeAddress.ts";
import type { SafeInfrastructure } from "./types.ts";

export type CreateSafeParameters = {
  publicClient: ChainPublicClient;
  walletClient: ChainWalletClient;
  infrastructure: Pick<SafeInfrastructure, "safeSingleton" | "safeProxyFactory" | "fallbackHandler">;
  /** Owner order is part of the Safe's address. */
  owners: readonly Address[];
  threshold: number;
  saltNonce: bigint;
};

export type CreateSafeReturnType = Address;

/**
 * Creates a Safe proxy (SafeL2 singleton, CompatibilityFallbackHandler, no modules, no guard) with
 * `createProxyWithNonce`, or returns the existing one: the address commits to the whole setup (owners, order,
 * threshold, handler) and the salt nonce, so code at the predicted address is that same Safe. Its owners or
 * threshold may have been changed since by its own transactions; read them with `getSafeInfo`.
 *
 * Throws `SafeError`: `INVALID_ARGUMENT` (owners/threshold), `INFRASTRUCTURE_MISSING`, `DEPLOYMENT_FAILED`.
 *
 * @example
 * const safe = await createSafe({ publicClient, walletClient, infrastructure, owners: [a, b, c], threshold: 2, saltNonce: 0n });
 */
export async function createSafe({
  publicClient,
  walletClient,
  infrastructure,
  owners,
  threshold,
  saltNonce,
}: CreateSafeParameters): Promise<CreateSafeReturnType> {
  const initializer = encodeSafeSetup({ owners, threshold, fallbackHandler: infrastructure.fallbackHandler });
  const address = predictSafeAddress({ infrastructure, owners, threshold, saltNonce });
  if (await hasCode(publicClient, address)) return address;

  for (const key of ["safeSingleton", "safeProxyFactory", "fallbackHandler"] as const) {
    if (!(await hasCode(publicClient, infrastructure[key]))) {
      throw new SafeError(
        "INFRASTRUCTURE_MISSING",
        `${key} ${infrastructure[key]} has no code on this chain`,
        {
          details: { [key]: infrastructure[key] },
        },
      );
    }
  }
  const hash = await walletClient.writeContract({
    address: infrastructure.safeProxyFactory,
    abi: safeProxyFactoryAbi,
    functionName: "createProxyWithNonce",
    args: [infrastructure.safeSingleton, initializer, saltNonce],
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !(await hasCode(publicClient, address))) {
    throw new SafeError("DEPLOYMENT_FAILED", `creating the Safe at ${address} failed`, {
      details: { address, transactionHash: hash, status: receipt.status },
    });
  }
  return address;
}

async function hasCode(publicClient: ChainPublicClient, address: Address): Promise<boolean> {
  const code = await publicClient.getCode({ address });
  return code !== undefined && code !== "0x";
}
