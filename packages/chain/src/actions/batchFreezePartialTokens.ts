import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount, checkBatch } from "./validate.ts";

export type BatchFreezePartialTokensParameters = {
  token: Address;
  wallets: readonly Address[];
  amounts: readonly bigint[];
};

export type BatchFreezePartialTokensReturnType = Action<"batchFreezePartialTokens">;

/**
 * Batch form of {@link freezePartialTokens} (`SecurityToken.batchFreezePartialTokens`, `FREEZER_ROLE`),
 * all or nothing.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays, a bad address or amount.
 * @example
 * const action = batchFreezePartialTokens({ token, wallets: [a, b], amounts: [10n, 20n] });
 */
export function batchFreezePartialTokens(
  parameters: BatchFreezePartialTokensParameters,
): BatchFreezePartialTokensReturnType {
  const token = checkAddress("token", parameters.token);
  checkBatch({ wallets: parameters.wallets, amounts: parameters.amounts });
  const wallets = parameters.wallets.map((a, i) => checkAddress(`wallets[${i}]`, a));
  const amounts = parameters.amounts.map((a, i) => checkAmount(`amounts[${i}]`, a));
  return {
    kind: "batchFreezePartialTokens",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "batchFreezePartialTokens",
      args: [wallets, amounts],
    }),
    value: 0n,
    description: `Freeze partial tokens of ${wallets.length} wallet(s)`,
    role: "freezer",
    params: { token, wallets, amounts },
  };
}
