import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkBigUint } from "./validate.ts";

export type SetMaxBalancePerInvestorParameters = {
  token: Address;
  /** Largest class balance one investor may reach by a mint or transfer, base units; 0n = no limit. `uint96`. */
  maxBalance: bigint;
};

export type SetMaxBalancePerInvestorReturnType = Action<"setMaxBalancePerInvestor">;

/**
 * Sets the per-investor maximum balance (`SecurityToken.setMaxBalancePerInvestor`, `DEFAULT_ADMIN_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or a value outside 0 … 2^96-1.
 * @example
 * const action = setMaxBalancePerInvestor({ token, maxBalance: 10_000n });
 */
export function setMaxBalancePerInvestor(
  parameters: SetMaxBalancePerInvestorParameters,
): SetMaxBalancePerInvestorReturnType {
  const token = checkAddress("token", parameters.token);
  const maxBalance = checkBigUint("maxBalance", parameters.maxBalance, 96);
  return {
    kind: "setMaxBalancePerInvestor",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "setMaxBalancePerInvestor",
      args: [maxBalance],
    }),
    value: 0n,
    description:
      maxBalance === 0n
        ? "Remove the per-investor balance limit"
        : `Limit investor balances to ${maxBalance} base units`,
    role: "admin",
    params: { token, maxBalance },
  };
}
