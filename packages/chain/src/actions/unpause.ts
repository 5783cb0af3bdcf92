import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress } from "./validate.ts";

export type UnpauseParameters = { token: Address };

export type UnpauseReturnType = Action<"unpause">;

/**
 * Resumes transfers of a paused class (`SecurityToken.unpause`, `DEFAULT_ADMIN_ROLE` only: hard to restart —
 * the guardian cannot unpause).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad token address.
 * @example
 * const action = unpause({ token }); // propose to the Safe
 */
export function unpause(parameters: UnpauseParameters): UnpauseReturnType {
  const token = checkAddress("token", parameters.token);
  return {
    kind: "unpause",
    target: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "unpause" }),
    value: 0n,
    description: `Unpause transfers of ${token}`,
    role: "admin",
    params: { token },
  };
}
