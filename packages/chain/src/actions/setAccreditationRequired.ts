import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkBool } from "./validate.ts";

export type SetAccreditationRequiredParameters = {
  token: Address;
  /** true: recipients must be accredited (Rule 506(c) class). */
  required: boolean;
};

export type SetAccreditationRequiredReturnType = Action<"setAccreditationRequired">;

/**
 * Requires (or stops requiring) accredited recipients (`SecurityToken.setAccreditationRequired`,
 * `DEFAULT_ADMIN_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or a non-boolean.
 * @example
 * const action = setAccreditationRequired({ token, required: true });
 */
export function setAccreditationRequired(
  parameters: SetAccreditationRequiredParameters,
): SetAccreditationRequiredReturnType {
  const token = checkAddress("token", parameters.token);
  const required = checkBool("required", parameters.required);
  return {
    kind: "setAccreditationRequired",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "setAccreditationRequired",
      args: [required],
    }),
    value: 0n,
    description: required ? "Require accredited recipients" : "Stop requiring accredited recipients",
    role: "admin",
    params: { token, required },
  };
}
