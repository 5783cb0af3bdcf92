import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkUint } from "./validate.ts";

export type SetHolderCapsParameters = {
  token: Address;
  /** Cap on holders of record (investors with a balance); 0 = none. `uint32`. */
  maxHolders: number;
  /** Cap on non-accredited holders (Rule 506(b): 35); 0 = none. `uint32`. */
  maxNonAccreditedHolders: number;
};

export type SetHolderCapsReturnType = Action<"setHolderCaps">;

const cap = (n: number) => (n === 0 ? "no cap" : String(n));

/**
 * Sets the class's holder caps (`SecurityToken.setHolderCaps`, `DEFAULT_ADMIN_ROLE`). A cap below the current
 * count is allowed: it only stops moves that would add a holder.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or a cap outside 0 … 2^32-1.
 * @example
 * const action = setHolderCaps({ token, maxHolders: 1_999, maxNonAccreditedHolders: 35 });
 */
export function setHolderCaps(parameters: SetHolderCapsParameters): SetHolderCapsReturnType {
  const token = checkAddress("token", parameters.token);
  const maxHolders = checkUint("maxHolders", parameters.maxHolders, 32);
  const maxNonAccreditedHolders = checkUint(
    "maxNonAccreditedHolders",
    parameters.maxNonAccreditedHolders,
    32,
  );
  return {
    kind: "setHolderCaps",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "setHolderCaps",
      args: [maxHolders, maxNonAccreditedHolders],
    }),
    value: 0n,
    description: `Set holder caps: ${cap(maxHolders)} total, ${cap(maxNonAccreditedHolders)} non-accredited`,
    role: "admin",
    params: { token, maxHolders, maxNonAccreditedHolders },
  };
}
