import { timelockControllerAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData, type Hex, zeroHash } from "viem";
import { InvalidActionError } from "./errors.ts";
import { timelockOperationId } from "./timelockOperationId.ts";
import type { Action } from "./types.ts";
import { checkAddress } from "./validate.ts";

export type ExecuteTimelockOperationParameters = {
  timelock: Address;
  /** The operation that was scheduled (same target, calldata and salt). */
  operation: Action;
  salt?: Hex;
};

export type ExecuteTimelockOperationReturnType = Action<"executeTimelockOperation">;

/**
 * Executes a scheduled timelock operation once its delay has passed (`TimelockController.execute`). The
 * deployment lets anyone execute (`EXECUTOR_ROLE` held by the zero address), so any key sends it.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad timelock address or a malformed salt.
 * @example
 * const action = executeTimelockOperation({ timelock, operation: upgrade({ proxy: token, newImplementation }) });
 * await sendAction({ walletClient, publicClient, action });
 */
export function executeTimelockOperation(
  parameters: ExecuteTimelockOperationParameters,
): ExecuteTimelockOperationReturnType {
  const timelock = checkAddress("timelock", parameters.timelock);
  const { target, data, kind } = parameters.operation;
  const salt = parameters.salt ?? zeroHash;
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt))
    throw new InvalidActionError("salt", "must be 32 bytes of hex", salt);
  return {
    kind: "executeTimelockOperation",
    target: timelock,
    data: encodeFunctionData({
      abi: timelockControllerAbi,
      functionName: "execute",
      args: [target, 0n, data, zeroHash, salt],
    }),
    value: 0n,
    description: `Execute the timelocked: ${parameters.operation.description}`,
    role: "anyone",
    params: {
      timelock,
      operation: { target, data, kind },
      salt,
      operationId: timelockOperationId(target, data, salt),
    },
  };
}
