import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress } from "./validate.ts";

export type PauseParameters = { token: Address };

export type PauseReturnType = Action<"pause">;

/**
 * Stops holder-initiated transfers of a class (`SecurityToken.pause`, `GUARDIAN_ROLE` — or the admin). Agent
 * actions keep working, so the issuer can remediate while paused. Easy to stop: the guardian is a single key.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad token address.
 * @example
 * await sendAction({ walletClient: guardian, publicClient, action: pause({ token }) });
 */
export function pause(parameters: PauseParameters): PauseReturnType {
  const token = checkAddress("token", parameters.token);
  return {
    kind: "pause",
    target: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "pause" }),
    value: 0n,
    description: `Pause transfers of ${token}`,
    role: "guardian",
    params: { token },
  };
}
