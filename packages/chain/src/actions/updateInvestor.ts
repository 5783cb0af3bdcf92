import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action, InvestorRecord } from "./types.ts";
import { checkAddress, checkInvestorId, checkRecord } from "./validate.ts";

export type UpdateInvestorParameters = {
  registry: Address;
  investorId: bigint | number;
  /** Replaces every attribute (read, change, write: nothing is merged on chain). */
  record: InvestorRecord;
};

export type UpdateInvestorReturnType = Action<"updateInvestor">;

/**
 * Replaces an investor's attributes (`InvestorRegistry.updateInvestor`, `REGISTRY_ORACLE_ROLE`); every bound
 * class receives them in the same transaction. `record.frozen` is the investor-wide stop order.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address, id, country or timestamp.
 * @example
 * const action = updateInvestor({ registry, investorId: 42n, record: { ...current, kycExpiry: renewedUntil } });
 */
export function updateInvestor(parameters: UpdateInvestorParameters): UpdateInvestorReturnType {
  const registry = checkAddress("registry", parameters.registry);
  const investorId = checkInvestorId("investorId", parameters.investorId);
  const record = checkRecord("record", parameters.record);
  return {
    kind: "updateInvestor",
    target: registry,
    data: encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "updateInvestor",
      args: [Number(investorId), record],
    }),
    value: 0n,
    description: `Update investor ${investorId}${record.frozen ? " (stop order)" : ""}`,
    role: "registryOracle",
    params: { registry, investorId, record },
  };
}
