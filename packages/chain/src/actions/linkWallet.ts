import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkInvestorId } from "./validate.ts";

export type LinkWalletParameters = {
  registry: Address;
  /** A wallet not linked yet. */
  wallet: Address;
  /** A registered investor. */
  investorId: bigint | number;
};

export type LinkWalletReturnType = Action<"linkWallet">;

/**
 * Links another wallet to an investor (`InvestorRegistry.linkWallet`, `REGISTRY_ORACLE_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or id.
 * @example
 * const action = linkWallet({ registry, wallet: newWallet, investorId: 42n });
 */
export function linkWallet(parameters: LinkWalletParameters): LinkWalletReturnType {
  const registry = checkAddress("registry", parameters.registry);
  const wallet = checkAddress("wallet", parameters.wallet);
  const investorId = checkInvestorId("investorId", parameters.investorId);
  return {
    kind: "linkWallet",
    target: registry,
    data: encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "linkWallet",
      args: [wallet, Number(investorId)],
    }),
    value: 0n,
    description: `Link wallet ${wallet} to investor ${investorId}`,
    role: "registryOracle",
    params: { registry, wallet, investorId },
  };
}
