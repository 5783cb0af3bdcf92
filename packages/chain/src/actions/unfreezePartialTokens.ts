import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount } from "./validate.ts";

export type UnfreezePartialTokensParameters = {
  token: Address;
  wallet: Address;
  /** Base units; on chain 0 < `amount` ≤ the wallet's frozen amount. */
  amount: bigint;
};

export type UnfreezePartialTokensReturnType = Action<"unfreezePartialTokens">;

/**
 * Releases `amount` of a wallet's frozen tokens (`SecurityToken.unfreezePartialTokens`, `FREEZER_ROLE`; ERC-3643).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or an amount outside 1 … 2^96-1.
 * @example
 * const action = unfreezePartialTokens({ token, wallet, amount: 100n });
 */
export function unfreezePartialTokens(
  parameters: UnfreezePartialTokensParameters,
): UnfreezePartialTokensReturnType {
  const token = checkAddress("token", parameters.token);
  const wallet = checkAddress("wallet", parameters.wallet);
  const amount = checkAmount("amount", parameters.amount);
  return {
    kind: "unfreezePartialTokens",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "unfreezePartialTokens",
      args: [wallet, amount],
    }),
    value: 0n,
    description: `Unfreeze ${amount} base units of ${wallet}`,
    role: "freezer",
    params: { token, wallet, amount },
  };
}
