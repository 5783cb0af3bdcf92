import type { Address, Hex } from "viem";
import { ChainError } from "../errors.ts";
import type { DecodedRevert } from "./decodeRevert.ts";

/** A JSON-safe copy of a value for error details (bigints as decimal strings, long values cut). */
export function printable(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.slice(0, 20).map(printable);
  if (value === null || typeof value !== "object") {
    return typeof value === "string" && value.length > 200 ? `${value.slice(0, 200)}…` : value;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
}

/**
 * An action's input failed validation; nothing was encoded or sent. `details.field` names the offending
 * parameter (`"amounts[2]"`, `"record.country"`), `details.reason` says what is wrong.
 *
 * @example
 * try {
 *   mint({ token, to, amount: 0n });
 * } catch (e) {
 *   if (e instanceof InvalidActionError) console.log(e.details.field); // "amount"
 * }
 */
export class InvalidActionError extends ChainError {
  declare readonly details: { field: string; reason: string; value?: unknown };

  constructor(field: string, reason: string, value?: unknown) {
    super("INVALID_ACTION", `Invalid ${field}: ${reason}`, {
      details: value === undefined ? { field, reason } : { field, reason, value: printable(value) },
    });
  }
}

/**
 * A sent action reverted — at gas estimation (nothing was sent) or on chain (then `transactionHash` is set).
 * `revert` is the decoded custom error (from the estimation's revert data, or from replaying the mined
 * transaction with `eth_call`, since a receipt carries only `status: "reverted"`); undefined when the replay
 * did not revert again (the state changed in between).
 */
export class ActionRevertedError extends ChainError {
  readonly revert: DecodedRevert | undefined;
  readonly transactionHash: Hex | undefined;

  constructor(options: {
    kind: string;
    target: Address;
    revert: DecodedRevert | undefined;
    transactionHash?: Hex;
    cause?: unknown;
  }) {
    const what = options.revert ? `${options.revert.errorName}` : "an undecoded revert";
    super("ACTION_REVERTED", `${options.kind} on ${options.target} reverted with ${what}`, {
      details: {
        kind: options.kind,
        target: options.target,
        errorName: options.revert?.errorName,
        args: options.revert ? printable(options.revert.args) : undefined,
        transactionHash: options.transactionHash,
      },
      cause: options.cause,
    });
    this.revert = options.revert;
    this.transactionHash = options.transactionHash;
  }
}
