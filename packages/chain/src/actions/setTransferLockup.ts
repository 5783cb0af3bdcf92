import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkTimestamp } from "./validate.ts";

export type SetTransferLockupParameters = {
  token: Address;
  /** No holder transfers before this Unix time (`uint40`); 0 = no issuer lock-up. */
  lockedUntil: number;
};

export type SetTransferLockupReturnType = Action<"setTransferLockup">;

/**
 * Sets the issuer lock-up of the whole class (`SecurityToken.setTransferLockup`, `DEFAULT_ADMIN_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or timestamp.
 * @example
 * const action = setTransferLockup({ token, lockedUntil: 1_767_225_600 });
 */
export function setTransferLockup(parameters: SetTransferLockupParameters): SetTransferLockupReturnType {
  const token = checkAddress("token", parameters.token);
  const lockedUntil = checkTimestamp("lockedUntil", parameters.lockedUntil);
  return {
    kind: "setTransferLockup",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "setTransferLockup",
      args: [lockedUntil],
    }),
    value: 0n,
    description: lockedUntil === 0 ? "Lift the issuer lock-up" : `Lock holder transfers until ${lockedUntil}`,
    role: "admin",
    params: { token, lockedUntil },
  };
}
