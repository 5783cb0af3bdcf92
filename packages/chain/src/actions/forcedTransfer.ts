import { securityTokenAbi } from "@coinscious/contracts";
import { type ForcedTransferReasonName, findForcedTransferReason } from "@coinscious/core";
import { type Address, encodeFunctionData } from "viem";
import { InvalidActionError } from "./errors.ts";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount, checkForcedReason } from "./validate.ts";

export type ForcedTransferParameters = {
  token: Address;
  from: Address;
  /** Must be linked, unfrozen and KYC-current on chain (the only rules a forced move keeps). */
  to: Address;
  amount: bigint;
  /** Why: a reason of core's `forcedTransferReasons`, by code (1 = COURT_ORDER, …) or name. */
  reason: number | ForcedTransferReasonName;
};

export type ForcedTransferReturnType = Action<"forcedTransfer">;

/**
 * Moves `amount` from `from` to `to` outside the sender's rules, for a recorded reason
 * (`SecurityToken.forcedTransfer`, `AGENT_ROLE`; ERC-3643). Frozen partial tokens are released where needed.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or amount, `to` equal to `from`, or a reason
 * that is not one of core's forced-transfer reasons.
 * @example
 * const action = forcedTransfer({ token, from: lost, to: heir, amount: 500n, reason: "DEATH_OR_ESTATE" });
 */
export function forcedTransfer(parameters: ForcedTransferParameters): ForcedTransferReturnType {
  const token = checkAddress("token", parameters.token);
  const from = checkAddress("from", parameters.from);
  const to = checkAddress("to", parameters.to);
  // On chain a move to the same wallet moves nothing but still releases partial freezes: an agent could lift a
  // freeze that is the freezer's to lift. Never meaningful, so refused here.
  if (to === from) throw new InvalidActionError("to", "must differ from from", to);
  const amount = checkAmount("amount", parameters.amount);
  const reasonCode = checkForcedReason("reason", parameters.reason);
  const reasonName = findForcedTransferReason(reasonCode)?.name;
  return {
    kind: "forcedTransfer",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "forcedTransfer",
      args: [from, to, amount, reasonCode],
    }),
    value: 0n,
    description: `Force-transfer ${amount} base units from ${from} to ${to} (${reasonName})`,
    role: "agent",
    params: { token, from, to, amount, reasonCode },
  };
}
