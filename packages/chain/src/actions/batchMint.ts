import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount, checkBatch } from "./validate.ts";

export type BatchMintParameters = {
  token: Address;
  /** Recipients; item `i` receives `amounts[i]`. */
  toList: readonly Address[];
  amounts: readonly bigint[];
};

export type BatchMintReturnType = Action<"batchMint">;

/**
 * Issues to several wallets in one all-or-nothing call (`SecurityToken.batchMint`, `AGENT_ROLE`). Items are
 * applied in order, so a later item sees the holder counts and balances the earlier ones produced.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays, a bad address, or an amount
 * outside 1 … 2^96-1 (the field names the item, e.g. `amounts[2]`).
 * @example
 * const action = batchMint({ token, toList: [alice, bob], amounts: [100n, 250n] });
 */
export function batchMint(parameters: BatchMintParameters): BatchMintReturnType {
  const token = checkAddress("token", parameters.token);
  checkBatch({ toList: parameters.toList, amounts: parameters.amounts });
  const toList = parameters.toList.map((a, i) => checkAddress(`toList[${i}]`, a));
  const amounts = parameters.amounts.map((a, i) => checkAmount(`amounts[${i}]`, a));
  const total = amounts.reduce((s, a) => s + a, 0n);
  return {
    kind: "batchMint",
    target: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "batchMint", args: [toList, amounts] }),
    value: 0n,
    description: `Mint ${total} base units to ${toList.length} wallet(s)`,
    role: "agent",
    params: { token, toList, amounts },
  };
}
