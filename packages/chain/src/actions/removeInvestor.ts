import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkInvestorId } from "./validate.ts";

export type RemoveInvestorParameters = {
  registry: Address;
  /** A registered investor with no linked wallet left. */
  investorId: bigint | number;
};

export type RemoveInvestorReturnType = Action<"removeInvestor">;

/**
 * Removes an investor that has no wallet left (`InvestorRegistry.removeInvestor`, `REGISTRY_ORACLE_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or id.
 * @example
 * const action = removeInvestor({ registry, investorId: 42n });
 */
export function removeInvestor(parameters: RemoveInvestorParameters): RemoveInvestorReturnType {
  const registry = checkAddress("registry", parameters.registry);
  const investorId = checkInvestorId("investorId", parameters.investorId);
  return {
    kind: "removeInvestor",
    target: registry,
    data: encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "removeInvestor",
      args: [Number(investorId)],
    }),
    value: 0n,
    description: `Remove investor ${investorId}`,
    role: "registryOracle",
    params: { registry, investorId },
  };
}
