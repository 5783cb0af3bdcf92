import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount, checkBatch } from "./validate.ts";

export type BatchBurnParameters = {
  token: Address;
  fromList: readonly Address[];
  amounts: readonly bigint[];
};

export type BatchBurnReturnType = Action<"batchBurn">;

/**
 * Redeems from several wallets in one all-or-nothing call (`SecurityToken.batchBurn`, `AGENT_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays, a bad address or amount.
 * @example
 * const action = batchBurn({ token, fromList: [alice, bob], amounts: [10n, 20n] });
 */
export function batchBurn(parameters: BatchBurnParameters): BatchBurnReturnType {
  const token = checkAddress("token", parameters.token);
  checkBatch({ fromList: parameters.fromList, amounts: parameters.amounts });
  const fromList = parameters.fromList.map((a, i) => checkAddress(`fromList[${i}]`, a));
  const amounts = parameters.amounts.map((a, i) => checkAmount(`amounts[${i}]`, a));
  const total = amounts.reduce((s, a) => s + a, 0n);
  return {
    kind: "batchBurn",
    target: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "batchBurn", args: [fromList, amounts] }),
    value: 0n,
    description: `Burn ${total} base units from ${fromList.length} wallet(s)`,
    role: "agent",
    params: { token, fromList, amounts },
  };
}
