import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import { InvalidActionError } from "./errors.ts";
import type { Action } from "./types.ts";
import { checkAddress } from "./validate.ts";

export type RecoveryAddressParameters = {
  token: Address;
  /** The lost wallet: its whole balance, frozen amount and frozen flag move. */
  lostWallet: Address;
  /** Another wallet of the same investor (link it in the registry first). */
  newWallet: Address;
};

export type RecoveryAddressReturnType = Action<"recoveryAddress">;

/**
 * Recovers a lost wallet's balance into another wallet of the same investor (`SecurityToken.recoveryAddress`,
 * `AGENT_ROLE`); the investor's class balance and the holder counts do not change.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address, or the same wallet twice.
 * @example
 * const action = recoveryAddress({ token, lostWallet, newWallet });
 */
export function recoveryAddress(parameters: RecoveryAddressParameters): RecoveryAddressReturnType {
  const token = checkAddress("token", parameters.token);
  const lostWallet = checkAddress("lostWallet", parameters.lostWallet);
  const newWallet = checkAddress("newWallet", parameters.newWallet);
  // The contract reverts `WalletsNotSameInvestor` for this; it is knowable without the chain.
  if (lostWallet === newWallet)
    throw new InvalidActionError("newWallet", "must differ from lostWallet", newWallet);
  return {
    kind: "recoveryAddress",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "recoveryAddress",
      args: [lostWallet, newWallet],
    }),
    value: 0n,
    description: `Recover the balance of ${lostWallet} into ${newWallet}`,
    role: "agent",
    params: { token, lostWallet, newWallet },
  };
}
