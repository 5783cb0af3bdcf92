import { type Address, getAddress, type Hex, isAddress, isHex, zeroAddress } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { encodeMultiSend } from "./encodeMultiSend.ts";
import { SafeError } from "./errors.ts";
import { expectedRuntimeCode } from "./expectedRuntimeCode.ts";
import { readSafeState } from "./readSafeState.ts";
import type { SafeCall, SafeTransaction } from "./types.ts";

export type BuildSafeTransactionParameters = {
  publicClient: ChainPublicClient;
  safe: Address;
  calls: readonly SafeCall[];
  /** MultiSendCallOnly's address; required when `calls` has more than one call. */
  multiSend?: Address;
  /** Defaults to the Safe's current on-chain nonce. */
  nonce?: bigint;
  /**
   * Defaults to 0: the inner call gets all gas and its failure reverts `execTransaction` (GS013), leaving the
   * nonce unused. Non-zero: a failing inner call still consumes the nonce and emits `ExecutionFailure`.
   */
  safeTxGas?: bigint;
};

/**
 * Builds the Safe transaction for one or more calls. One call is sent as it is (CALL). Several are batched:
 * a DELEGATECALL to MultiSendCallOnly with the packed calls — delegatecall so each call's `msg.sender` is the
 * Safe, CallOnly so no batched call can itself delegatecall. Because a delegatecall runs foreign code with the
 * Safe's storage, the `multiSend` address is checked to hold exactly MultiSendCallOnly 1.4.1 code.
 * No refunds: `baseGas`, `gasPrice` 0, `gasToken`, `refundReceiver` zero.
 *
 * Throws `SafeError`: `INVALID_ARGUMENT`, `CODE_MISMATCH`, `SAFE_NOT_FOUND` (when reading the nonce).
 *
 * @example
 * const tx = await buildSafeTransaction({ publicClient, safe, calls: [{ to: a, value: 1n }, { to: b, value: 2n }], multiSend: infra.multiSendCallOnly });
 */
export async function buildSafeTransaction({
  publicClient,
  safe,
  calls,
  multiSend,
  nonce,
  safeTxGas = 0n,
}: BuildSafeTransactionParameters): Promise<SafeTransaction> {
  if (calls.length === 0)
    throw new SafeError("INVALID_ARGUMENT", "a Safe transaction needs at least one call");
  for (const call of calls) {
    if (!isAddress(call.to, { strict: false })) {
      throw new SafeError("INVALID_ARGUMENT", `call target ${call.to} is not an address`, {
        details: { to: call.to },
      });
    }
    if (call.data !== undefined && !isHex(call.data)) {
      throw new SafeError("INVALID_ARGUMENT", "call data must be hex", { details: { to: call.to } });
    }
    if ((call.value ?? 0n) < 0n) throw new SafeError("INVALID_ARGUMENT", "call value must not be negative");
  }
  if (nonce !== undefined && nonce < 0n)
    throw new SafeError("INVALID_ARGUMENT", "nonce must not be negative");
  if (safeTxGas < 0n) throw new SafeError("INVALID_ARGUMENT", "safeTxGas must not be negative");

  const txNonce = nonce ?? (await readSafeState(publicClient, safe)).nonce;
  const fixed = {
    safeTxGas,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: zeroAddress,
    refundReceiver: zeroAddress,
    nonce: txNonce,
  };
  const [only] = calls;
  if (calls.length === 1 && only) {
    return {
      to: getAddress(only.to),
      value: only.value ?? 0n,
      data: only.data ?? "0x",
      operation: 0,
      ...fixed,
    };
  }
  if (multiSend === undefined) {
    throw new SafeError("INVALID_ARGUMENT", "batching several calls needs the MultiSendCallOnly address");
  }
  const target = getAddress(multiSend);
  const code = (await publicClient.getCode({ address: target }))?.toLowerCase();
  if (code !== expectedRuntimeCode("multiSendCallOnly", target)) {
    throw new SafeError("CODE_MISMATCH", `${target} is not MultiSendCallOnly 1.4.1`, {
      details: { multiSend: target },
    });
  }
  const data: Hex = encodeMultiSend(
    calls.map((c) => ({ to: c.to, value: c.value ?? 0n, data: c.data ?? "0x" })),
  );
  return { to: target, value: 0n, data, operation: 1, ...fixed };
}
