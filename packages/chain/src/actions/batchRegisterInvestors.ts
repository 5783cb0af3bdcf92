import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action, InvestorRecord } from "./types.ts";
import { checkAddress, checkBatch, checkInvestorId, checkRecord } from "./validate.ts";

export type BatchRegisterInvestorsParameters = {
  registry: Address;
  investorIds: readonly (bigint | number)[];
  wallets: readonly Address[];
  records: readonly InvestorRecord[];
};

export type BatchRegisterInvestorsReturnType = Action<"batchRegisterInvestors">;

/**
 * Batch form of {@link registerInvestor} (`InvestorRegistry.batchRegisterInvestors`, `REGISTRY_ORACLE_ROLE`),
 * all or nothing.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays or any bad item.
 * @example
 * const action = batchRegisterInvestors({ registry, investorIds: [1n, 2n], wallets: [a, b], records: [ra, rb] });
 */
export function batchRegisterInvestors(
  parameters: BatchRegisterInvestorsParameters,
): BatchRegisterInvestorsReturnType {
  const registry = checkAddress("registry", parameters.registry);
  checkBatch({
    investorIds: parameters.investorIds,
    wallets: parameters.wallets,
    records: parameters.records,
  });
  const investorIds = parameters.investorIds.map((id, i) => checkInvestorId(`investorIds[${i}]`, id));
  const wallets = parameters.wallets.map((a, i) => checkAddress(`wallets[${i}]`, a));
  const records = parameters.records.map((r, i) => checkRecord(`records[${i}]`, r));
  return {
    kind: "batchRegisterInvestors",
    target: registry,
    data: encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "batchRegisterInvestors",
      args: [investorIds.map(Number), wallets, records],
    }),
    value: 0n,
    description: `Register ${investorIds.length} investor(s): ${investorIds.join(", ")}`,
    role: "registryOracle",
    params: { registry, investorIds, wallets, records },
  };
}
