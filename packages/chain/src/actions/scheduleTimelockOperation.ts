import { timelockControllerAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData, type Hex, zeroHash } from "viem";
import { InvalidActionError } from "./errors.ts";
import { timelockOperationId } from "./timelockOperationId.ts";
import type { Action } from "./types.ts";
import { checkAddress } from "./validate.ts";

export type ScheduleTimelockOperationParameters = {
  /** The deployment's `TimelockController` (it holds `UPGRADER_ROLE`). */
  timelock: Address;
  /** What the timelock will call once the delay has passed, typically an {@link upgrade} action. */
  operation: Action;
  /** Seconds until it may execute; at least the timelock's `getMinDelay()`. */
  delay: bigint;
  /** Distinguishes two schedulings of the same call; default zero. */
  salt?: Hex;
};

export type ScheduleTimelockOperationReturnType = Action<"scheduleTimelockOperation">;

/**
 * Schedules `operation` on the timelock (`TimelockController.schedule`, `PROPOSER_ROLE` — the Safe). After
 * `delay` seconds anyone executes it with {@link executeTimelockOperation}. This is how upgrades run: the Safe
 * cannot call `upgradeToAndCall` itself, only the timelock can, and only after the delay.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad timelock address, a negative delay or a malformed salt.
 * @example
 * const op = upgrade({ proxy: token, newImplementation: tokenImplV2 });
 * const action = scheduleTimelockOperation({ timelock, operation: op, delay: 86_400n });
 * // → a Safe proposal; `action.params.operationId` identifies it on the timelock
 */
export function scheduleTimelockOperation(
  parameters: ScheduleTimelockOperationParameters,
): ScheduleTimelockOperationReturnType {
  const timelock = checkAddress("timelock", parameters.timelock);
  const { target, data, kind } = parameters.operation;
  const salt = parameters.salt ?? zeroHash;
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt))
    throw new InvalidActionError("salt", "must be 32 bytes of hex", salt);
  if (typeof parameters.delay !== "bigint" || parameters.delay < 0n) {
    throw new InvalidActionError("delay", "must be a non-negative bigint (seconds)", parameters.delay);
  }
  const delay = parameters.delay;
  return {
    kind: "scheduleTimelockOperation",
    target: timelock,
    data: encodeFunctionData({
      abi: timelockControllerAbi,
      functionName: "schedule",
      args: [target, 0n, data, zeroHash, salt, delay],
    }),
    value: 0n,
    description: `Schedule on the timelock, executable in ${delay} s: ${parameters.operation.description}`,
    role: "timelockProposer",
    params: {
      timelock,
      operation: { target, data, kind },
      salt,
      delay,
      operationId: timelockOperationId(target, data, salt),
    },
  };
}
