import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount } from "./validate.ts";

export type FreezePartialTokensParameters = {
  token: Address;
  wallet: Address;
  /** Base units; on chain 0 < `amount` ≤ the wallet's unfrozen balance. */
  amount: bigint;
};

export type FreezePartialTokensReturnType = Action<"freezePartialTokens">;

/**
 * Freezes `amount` of a wallet's balance (`SecurityToken.freezePartialTokens`, `FREEZER_ROLE`; ERC-3643).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or an amount outside 1 … 2^96-1.
 * @example
 * const action = freezePartialTokens({ token, wallet, amount: 100n });
 */
export function freezePartialTokens(
  parameters: FreezePartialTokensParameters,
): FreezePartialTokensReturnType {
  const token = checkAddress("token", parameters.token);
  const wallet = checkAddress("wallet", parameters.wallet);
  const amount = checkAmount("amount", parameters.amount);
  return {
    kind: "freezePartialTokens",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "freezePartialTokens",
      args: [wallet, amount],
    }),
    value: 0n,
    description: `Freeze ${amount} base units of ${wallet}`,
    role: "freezer",
    params: { token, wallet, amount },
  };
}
