import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount } from "./validate.ts";

export type BurnParameters = {
  token: Address;
  /** The wallet redeemed from; frozen partial amounts are released first where needed (ERC-3643). */
  from: Address;
  /** Base units, > 0 and (on chain) ≤ the wallet's balance. */
  amount: bigint;
};

export type BurnReturnType = Action<"burn">;

/**
 * Redeems `amount` from `from` (`SecurityToken.burn`, `AGENT_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or an amount outside 1 … 2^96-1.
 * @example
 * const action = burn({ token, from: alice, amount: 50n });
 */
export function burn(parameters: BurnParameters): BurnReturnType {
  const token = checkAddress("token", parameters.token);
  const from = checkAddress("from", parameters.from);
  const amount = checkAmount("amount", parameters.amount);
  return {
    kind: "burn",
    target: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "burn", args: [from, amount] }),
    value: 0n,
    description: `Burn ${amount} base units from ${from}`,
    role: "agent",
    params: { token, from, amount },
  };
}
