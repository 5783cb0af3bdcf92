import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount } from "./validate.ts";

export type MintParameters = {
  /** The token class (proxy address). */
  token: Address;
  /** Recipient wallet; the class's rules for the recipient apply (`canMint`). */
  to: Address;
  /** Base units, > 0. */
  amount: bigint;
};

export type MintReturnType = Action<"mint">;

/**
 * Issues `amount` base units of `token` to `to` (`SecurityToken.mint`, `AGENT_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` when an address is malformed or zero, or `amount` is not a
 * bigint in 1 … 2^96-1.
 * @example
 * const action = mint({ token, to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: 1_000n });
 * // → a Safe proposal for the agent role: { target: token, data: "0x40c10f19…", role: "agent", … }
 */
export function mint(parameters: MintParameters): MintReturnType {
  const token = checkAddress("token", parameters.token);
  const to = checkAddress("to", parameters.to);
  const amount = checkAmount("amount", parameters.amount);
  return {
    kind: "mint",
    target: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "mint", args: [to, amount] }),
    value: 0n,
    description: `Mint ${amount} base units to ${to}`,
    role: "agent",
    params: { token, to, amount },
  };
}
