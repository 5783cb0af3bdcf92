import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action } from "./types.ts";
import { checkAddress, checkBatch, checkBool } from "./validate.ts";

export type BatchSetAddressFrozenParameters = {
  token: Address;
  wallets: readonly Address[];
  frozen: readonly boolean[];
};

export type BatchSetAddressFrozenReturnType = Action<"batchSetAddressFrozen">;

/**
 * Batch form of {@link setAddressFrozen} (`SecurityToken.batchSetAddressFrozen`, `FREEZER_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays, a bad address or flag.
 * @example
 * const action = batchSetAddressFrozen({ token, wallets: [a, b], frozen: [true, false] });
 */
export function batchSetAddressFrozen(
  parameters: BatchSetAddressFrozenParameters,
): BatchSetAddressFrozenReturnType {
  const token = checkAddress("token", parameters.token);
  checkBatch({ wallets: parameters.wallets, frozen: parameters.frozen });
  const wallets = parameters.wallets.map((a, i) => checkAddress(`wallets[${i}]`, a));
  const frozen = parameters.frozen.map((f, i) => checkBool(`frozen[${i}]`, f));
  return {
    kind: "batchSetAddressFrozen",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "batchSetAddressFrozen",
      args: [wallets, frozen],
    }),
    value: 0n,
    description: `Freeze ${frozen.filter(Boolean).length} and unfreeze ${frozen.filter((f) => !f).length} wallet(s)`,
    role: "freezer",
    params: { token, wallets, frozen },
  };
}
