import { investorRegistryAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action, InvestorRecord } from "./types.ts";
import { checkAddress, checkInvestorId, checkRecord } from "./validate.ts";

export type RegisterInvestorParameters = {
  /** The investor registry (proxy address). */
  registry: Address;
  /** Chosen off-chain, 1 … 2^48-1; a retried registration then fails instead of creating a duplicate. */
  investorId: bigint | number;
  /** The investor's first wallet. */
  wallet: Address;
  record: InvestorRecord;
};

export type RegisterInvestorReturnType = Action<"registerInvestor">;

/**
 * Registers an investor with its first wallet (`InvestorRegistry.registerInvestor`, `REGISTRY_ORACLE_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address, an id outside 1 … 2^48-1, a country outside
 * 0 … 999 or a timestamp outside `uint40`.
 * @example
 * const action = registerInvestor({ registry, investorId: 42n, wallet, record: {
 *   country: 276, kycExpiry: 1_800_000_000, accreditationExpiry: 0, lockupUntil: 0, usPerson: false, frozen: false,
 * } });
 * await sendAction({ walletClient: oracle, publicClient, action });
 */
export function registerInvestor(parameters: RegisterInvestorParameters): RegisterInvestorReturnType {
  const registry = checkAddress("registry", parameters.registry);
  const investorId = checkInvestorId("investorId", parameters.investorId);
  const wallet = checkAddress("wallet", parameters.wallet);
  const record = checkRecord("record", parameters.record);
  return {
    kind: "registerInvestor",
    target: registry,
    data: encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "registerInvestor",
      args: [Number(investorId), wallet, record],
    }),
    value: 0n,
    description: `Register investor ${investorId} with wallet ${wallet}`,
    role: "registryOracle",
    params: { registry, investorId, wallet, record },
  };
}
