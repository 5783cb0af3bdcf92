import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkBool, checkTimestamp } from "./validate.ts";

export type SetRegSParameters = {
  token: Address;
  /** true: a Regulation S class — US persons may not receive before `distributionEnd` (Rule 903). */
  enabled: boolean;
  /** End of the distribution compliance period, Unix seconds (`uint40`). */
  distributionEnd: number;
};

export type SetRegSReturnType = Action<"setRegS">;

/**
 * Configures the class's Regulation S restriction (`SecurityToken.setRegS`, `DEFAULT_ADMIN_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address, flag or timestamp.
 * @example
 * const action = setRegS({ token, enabled: true, distributionEnd: 1_767_225_600 });
 */
export function setRegS(parameters: SetRegSParameters): SetRegSReturnType {
  const token = checkAddress("token", parameters.token);
  const enabled = checkBool("enabled", parameters.enabled);
  const distributionEnd = checkTimestamp("distributionEnd", parameters.distributionEnd);
  return {
    kind: "setRegS",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "setRegS",
      args: [enabled, distributionEnd],
    }),
    value: 0n,
    description: enabled
      ? `Make a Reg S class; distribution compliance period ends at ${distributionEnd}`
      : "Turn the Reg S restriction off",
    role: "admin",
    params: { token, enabled, distributionEnd },
  };
}
