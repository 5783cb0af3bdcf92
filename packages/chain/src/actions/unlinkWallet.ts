import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress } from "./validate.ts";

export type UnlinkWalletParameters = {
  registry: Address;
  /** A linked wallet that holds nothing in any class (else `WalletHasBalance`: recover the balance first). */
  wallet: Address;
};

export type UnlinkWalletReturnType = Action<"unlinkWallet">;

/**
 * Unlinks a wallet from its investor (`InvestorRegistry.unlinkWallet`, `REGISTRY_ORACLE_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address.
 * @example
 * const action = unlinkWallet({ registry, wallet: lostWallet });
 */
export function unlinkWallet(parameters: UnlinkWalletParameters): UnlinkWalletReturnType {
  const registry = checkAddress("registry", parameters.registry);
  const wallet = checkAddress("wallet", parameters.wallet);
  return {
    kind: "unlinkWallet",
    target: registry,
    data: encodeFunctionData({ abi: investorRegistryAbi, functionName: "unlinkWallet", args: [wallet] }),
    value: 0n,
    description: `Unlink wallet ${wallet}`,
    role: "registryOracle",
    params: { registry, wallet },
  };
}
