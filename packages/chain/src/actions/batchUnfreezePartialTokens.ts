import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount, checkBatch } from "./validate.ts";

export type BatchUnfreezePartialTokensParameters = {
  token: Address;
  wallets: readonly Address[];
  amounts: readonly bigint[];
};

export type BatchUnfreezePartialTokensReturnType = Action<"batchUnfreezePartialTokens">;

/**
 * Batch form of {@link unfreezePartialTokens} (`SecurityToken.batchUnfreezePartialTokens`, `FREEZER_ROLE`),
 * all or nothing.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays, a bad address or amount.
 * @example
 * const action = batchUnfreezePartialTokens({ token, wallets: [a, b], amounts: [10n, 20n] });
 */
export function batchUnfreezePartialTokens(
  parameters: BatchUnfreezePartialTokensParameters,
): BatchUnfreezePartialTokensReturnType {
  const token = checkAddress("token", parameters.token);
  checkBatch({ wallets: parameters.wallets, amounts: parameters.amounts });
  const wallets = parameters.wallets.map((a, i) => checkAddress(`wallets[${i}]`, a));
  const amounts = parameters.amounts.map((a, i) => checkAmount(`amounts[${i}]`, a));
  return {
    kind: "batchUnfreezePartialTokens",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "batchUnfreezePartialTokens",
      args: [wallets, amounts],
    }),
    value: 0n,
    description: `Unfreeze partial tokens of ${wallets.length} wallet(s)`,
    role: "freezer",
    params: { token, wallets, amounts },
  };
}
