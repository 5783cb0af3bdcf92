import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkBatch, checkInvestorId } from "./validate.ts";

export type BatchLinkWalletsParameters = {
  registry: Address;
  wallets: readonly Address[];
  investorIds: readonly (bigint | number)[];
};

export type BatchLinkWalletsReturnType = Action<"batchLinkWallets">;

/**
 * Batch form of {@link linkWallet} (`InvestorRegistry.batchLinkWallets`, `REGISTRY_ORACLE_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays or any bad item.
 * @example
 * const action = batchLinkWallets({ registry, wallets: [a, b], investorIds: [42n, 42n] });
 */
export function batchLinkWallets(parameters: BatchLinkWalletsParameters): BatchLinkWalletsReturnType {
  const registry = checkAddress("registry", parameters.registry);
  checkBatch({ wallets: parameters.wallets, investorIds: parameters.investorIds });
  const wallets = parameters.wallets.map((a, i) => checkAddress(`wallets[${i}]`, a));
  const investorIds = parameters.investorIds.map((id, i) => checkInvestorId(`investorIds[${i}]`, id));
  return {
    kind: "batchLinkWallets",
    target: registry,
    data: encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "batchLinkWallets",
      args: [wallets, investorIds.map(Number)],
    }),
    value: 0n,
    description: `Link ${wallets.length} wallet(s)`,
    role: "registryOracle",
    params: { registry, wallets, investorIds },
  };
}
