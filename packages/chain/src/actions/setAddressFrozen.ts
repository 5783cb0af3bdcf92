import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkBool } from "./validate.ts";

export type SetAddressFrozenParameters = {
  token: Address;
  wallet: Address;
  /** true = stop order on the wallet (nothing moves to or from it), false = lift it. */
  frozen: boolean;
};

export type SetAddressFrozenReturnType = Action<"setAddressFrozen">;

/**
 * Freezes or unfreezes a wallet in one class (`SecurityToken.setAddressFrozen`, `FREEZER_ROLE`; ERC-3643).
 * An investor-wide stop order is the registry's `frozen` flag instead ({@link updateInvestor}).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or a non-boolean `frozen`.
 * @example
 * const action = setAddressFrozen({ token, wallet, frozen: true });
 */
export function setAddressFrozen(parameters: SetAddressFrozenParameters): SetAddressFrozenReturnType {
  const token = checkAddress("token", parameters.token);
  const wallet = checkAddress("wallet", parameters.wallet);
  const frozen = checkBool("frozen", parameters.frozen);
  return {
    kind: "setAddressFrozen",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "setAddressFrozen",
      args: [wallet, frozen],
    }),
    value: 0n,
    description: `${frozen ? "Freeze" : "Unfreeze"} wallet ${wallet}`,
    role: "freezer",
    params: { token, wallet, frozen },
  };
}
