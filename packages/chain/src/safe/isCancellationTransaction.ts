import { type Address, isAddressEqual } from "viem";
import type { SafeTransaction } from "./types.ts";

/**
 * Whether `tx` is a cancellation: a 0-value CALL from the Safe to itself with no data (it only consumes the
 * nonce; the Safe's `receive` accepts it). This is the transaction `proposeCancellation` builds, and the shape
 * Safe{Wallet} uses for "reject".
 *
 * @example
 * if (isCancellationTransaction(proposal.tx, proposal.safe)) label = "Cancellation";
 */
export function isCancellationTransaction(tx: SafeTransaction, safe: Address): boolean {
  return (
    isAddressEqual(tx.to, safe) &&
    tx.value === 0n &&
    tx.data === "0x" &&
    tx.operation === 0 &&
    tx.gasPrice === 0n
  );
}
