import { securityTokenAbi } from "@coinscious/contracts";
import type { ForcedTransferReasonName } from "@coinscious/core";
import { type Address, encodeFunctionData } from "viem";
import { InvalidActionError } from "./errors.ts";
import type { Action } from "./types.ts";
import { checkAddress, checkAmount, checkBatch, checkForcedReason } from "./validate.ts";

export type BatchForcedTransferParameters = {
  token: Address;
  fromList: readonly Address[];
  toList: readonly Address[];
  amounts: readonly bigint[];
  /** One forced-transfer reason per item, by code or name. */
  reasons: readonly (number | ForcedTransferReasonName)[];
};

export type BatchForcedTransferReturnType = Action<"batchForcedTransfer">;

/**
 * Several forced transfers in one all-or-nothing call (`SecurityToken.batchForcedTransfer`, `AGENT_ROLE`),
 * applied in order.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for empty or unequal arrays, a bad address or amount, an item
 * moving to its own wallet, or an unknown reason.
 * @example
 * const action = batchForcedTransfer({
 *   token, fromList: [a, b], toList: [c, c], amounts: [5n, 7n], reasons: ["COURT_ORDER", 1],
 * });
 */
export function batchForcedTransfer(
  parameters: BatchForcedTransferParameters,
): BatchForcedTransferReturnType {
  const token = checkAddress("token", parameters.token);
  checkBatch({
    fromList: parameters.fromList,
    toList: parameters.toList,
    amounts: parameters.amounts,
    reasons: parameters.reasons,
  });
  const fromList = parameters.fromList.map((a, i) => checkAddress(`fromList[${i}]`, a));
  const toList = parameters.toList.map((a, i) => {
    const to = checkAddress(`toList[${i}]`, a);
    // As in forcedTransfer: a move to the same wallet would only release partial freezes.
    if (to === fromList[i])
      throw new InvalidActionError(`toList[${i}]`, `must differ from fromList[${i}]`, to);
    return to;
  });
  const amounts = parameters.amounts.map((a, i) => checkAmount(`amounts[${i}]`, a));
  const reasonCodes = parameters.reasons.map((r, i) => checkForcedReason(`reasons[${i}]`, r));
  const total = amounts.reduce((s, a) => s + a, 0n);
  return {
    kind: "batchForcedTransfer",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "batchForcedTransfer",
      args: [fromList, toList, amounts, reasonCodes],
    }),
    value: 0n,
    description: `Force-transfer ${total} base units in ${fromList.length} move(s)`,
    role: "agent",
    params: { token, fromList, toList, amounts, reasonCodes },
  };
}
