import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  concat,
  getAddress,
  type Hex,
  isAddressEqual,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { safeAbi } from "./abis.ts";
import { SafeError } from "./errors.ts";
import { hashSafeTransaction } from "./hashSafeTransaction.ts";
import { readSafeState } from "./readSafeState.ts";
import type { SafeSignature, SafeTransaction } from "./types.ts";
import { verifySafeSignature } from "./verifySafeSignature.ts";

/** What the Safe's `GSxxx` revert strings mean (the ones execTransaction can produce). */
const GS_REASONS: Record<string, string> = {
  GS010: "not enough gas to execute the Safe transaction",
  GS011: "could not pay gas costs with ether",
  GS012: "could not pay gas costs with token",
  GS013: "the inner call failed (safeTxGas and gasPrice are 0, so the whole execution reverts)",
  GS020: "signatures data too short",
  GS021: "invalid contract signature location: inside static part",
  GS022: "invalid contract signature location: length not present",
  GS023: "invalid contract signature location: data not complete",
  GS024: "invalid contract signature provided",
  GS025: "hash has not been approved",
  GS026: "invalid owner provided (wrong signer, order or hash)",
};

export type ExecuteSafeTransactionParameters = {
  publicClient: ChainPublicClient;
  /** Any account may execute: the owners' signatures authorize, the sender only pays gas. */
  walletClient: ChainWalletClient;
  safe: Address;
  tx: SafeTransaction;
  /** Owner signatures (r‖s‖v) in any order; at least the threshold. */
  signatures: readonly Hex[];
};

export type ExecuteSafeTransactionReturnType = TransactionReceipt;

/**
 * Executes a Safe transaction with owner signatures. Before sending anything it checks the nonce is the Safe's
 * next one, recovers every signature against current owners, refuses duplicates, requires the threshold, and
 * simulates `execTransaction`; then it sends the first `threshold` signatures sorted by owner address
 * (ascending, as `checkNSignatures` requires), concatenated, and waits for the receipt.
 *
 * Throws `SafeError`: `NONCE_MISMATCH`, `SIGNATURE_INVALID`, `SIGNER_NOT_OWNER`, `DUPLICATE_SIGNATURE`,
 * `THRESHOLD_NOT_MET`, `SAFE_TX_REVERTED` (simulated or mined revert, `details.reason` e.g. "GS013";
 * nonce not consumed), `SAFE_TX_FAILED` (mined with `ExecutionFailure`; `details.transactionHash`; nonce consumed).
 *
 * @example
 * const receipt = await executeSafeTransaction({ publicClient, walletClient, safe, tx, signatures: [sigA, sigB] });
 */
export async function executeSafeTransaction({
  publicClient,
  walletClient,
  safe,
  tx,
  signatures,
}: ExecuteSafeTransactionParameters): Promise<ExecuteSafeTransactionReturnType> {
  const chainId = await publicClient.getChainId();
  const safeTxHash = hashSafeTransaction({ chainId, safe, tx });
  const state = await readSafeState(publicClient, safe);
  if (tx.nonce !== state.nonce) {
    throw new SafeError(
      "NONCE_MISMATCH",
      tx.nonce < state.nonce
        ? `nonce ${tx.nonce} was already used (the Safe is at ${state.nonce})`
        : `nonce ${tx.nonce} is not next: transactions ${state.nonce}…${tx.nonce - 1n} must execute first`,
      { details: { safeTxHash, txNonce: String(tx.nonce), safeNonce: String(state.nonce) } },
    );
  }

  const verified: SafeSignature[] = [];
  for (const signature of signatures) {
    const v = await verifySafeSignature({ publicClient, safe, safeTxHash, signature, owners: state.owners });
    if (verified.some((x) => isAddressEqual(x.signer, v.signer))) {
      throw new SafeError("DUPLICATE_SIGNATURE", `${v.signer} signed twice`, {
        details: { safeTxHash, signer: v.signer },
      });
    }
    verified.push(v);
  }
  if (verified.length < state.threshold) {
    throw new SafeError(
      "THRESHOLD_NOT_MET",
      `${verified.length} of ${state.threshold} required owner signatures present`,
      { details: { safeTxHash, threshold: state.threshold, signatures: verified.length } },
    );
  }
  const packed = concat(
    verified
      .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1))
      .slice(0, state.threshold)
      .map((v) => v.signature),
  );

  const call = {
    address: getAddress(safe),
    abi: safeAbi,
    functionName: "execTransaction",
    args: [
      tx.to,
      tx.value,
      tx.data,
      tx.operation,
      tx.safeTxGas,
      tx.baseGas,
      tx.gasPrice,
      tx.gasToken,
      tx.refundReceiver,
      packed,
    ],
  } as const;
  try {
    await publicClient.simulateContract({ ...call, account: walletClient.account });
  } catch (cause) {
    throw revertError(safeTxHash, cause);
  }
  const hash = await walletClient.writeContract(call);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new SafeError("SAFE_TX_REVERTED", `execTransaction ${hash} reverted`, {
      details: { safeTxHash, transactionHash: hash },
    });
  }
  const outcome = parseEventLogs({
    abi: safeAbi,
    logs: receipt.logs,
    eventName: ["ExecutionSuccess", "ExecutionFailure"],
  }).find(
    (log) =>
      isAddressEqual(log.address, safe) &&
      (log.args as { txHash?: Hex }).txHash?.toLowerCase() === safeTxHash,
  );
  if (outcome?.eventName !== "ExecutionSuccess") {
    throw new SafeError("SAFE_TX_FAILED", `the Safe transaction's call failed in ${hash} (nonce consumed)`, {
      details: { safeTxHash, transactionHash: hash },
    });
  }
  return receipt;
}

/**
 * A revert (the node executed the call and it reverted) becomes `SAFE_TX_REVERTED` with the Safe's `GSxxx`
 * reason; anything else (transport, timeout, rate limit) is rethrown as viem raised it, so the caller's retry
 * logic still sees a network fault as one.
 */
function revertError(safeTxHash: Hex, cause: unknown): unknown {
  const reverted =
    cause instanceof BaseError ? cause.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
  if (!(reverted instanceof ContractFunctionRevertedError)) return cause;
  const reason = reverted.reason;
  const meaning = reason === undefined ? undefined : GS_REASONS[reason];
  return new SafeError(
    "SAFE_TX_REVERTED",
    `execTransaction would revert: ${reason ? `${reason}${meaning ? ` (${meaning})` : ""}` : reverted.shortMessage}`,
    { details: { safeTxHash, ...(reason ? { reason } : {}) }, cause },
  );
}
