import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action, InvestorRecord } from "./types.ts";
import { checkAddress, checkBatch, checkInvestorId, checkRecord } from "./validate.ts";

export type BatchUpdateInvestorsParameters = {
  registry: Address;
  investorIds: readonly (bigint | number)[];
  records: readonly InvestorRecord[];
};

export type BatchUpdateInvestorsReturnType = Action<"batchUpdateInvestors">;

/**
 * Batch form of {@link updateInvestor} (`InvestorRegistry.batchUpdateInvestors`, `REGISTRY_ORACLE_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays or any bad item.
 * @example
 * const action = batchUpdateInvestors({ registry, investorIds: [1n, 2n], records: [r1, r2] });
 */
export function batchUpdateInvestors(
  parameters: BatchUpdateInvestorsParameters,
): BatchUpdateInvestorsReturnType {
  const registry = checkAddress("registry", parameters.registry);
  checkBatch({ investorIds: parameters.investorIds, records: parameters.records });
  const investorIds = parameters.investorIds.map((id, i) => checkInvestorId(`investorIds[${i}]`, id));
  const records = parameters.records.map((r, i) => checkRecord(`records[${i}]`, r));
  return {
    kind: "batchUpdateInvestors",
    target: registry,
    data: encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "batchUpdateInvestors",
      args: [investorIds.map(Number), records],
    }),
    value: 0n,
    description: `Update ${investorIds.length} investor(s): ${investorIds.join(", ")}`,
    role: "registryOracle",
    params: { registry, investorIds, records },
  };
}
