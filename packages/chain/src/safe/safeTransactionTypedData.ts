import { type Address, getAddress } from "viem";
import type { SafeTransaction } from "./types.ts";

/** The `SafeTx` struct of Safe ≥ 1.3.0 (`baseGas`, not `dataGas`). */
export const safeTxTypes = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

export type SafeTransactionTypedDataParameters = { chainId: number; safe: Address; tx: SafeTransaction };

/**
 * The EIP-712 typed data a Safe 1.4.1 owner signs: domain `{ chainId, verifyingContract: safe }` (no name, no
 * version: `EIP712Domain(uint256 chainId,address verifyingContract)`), primary type `SafeTx`. Hand it to a
 * browser wallet's `eth_signTypedData_v4` (viem `signTypedData`) so the owner sees every field.
 *
 * @example
 * const sig = await walletClient.signTypedData(safeTransactionTypedData({ chainId, safe, tx }));
 */
export function safeTransactionTypedData({ chainId, safe, tx }: SafeTransactionTypedDataParameters) {
  return {
    domain: { chainId, verifyingContract: getAddress(safe) },
    types: safeTxTypes,
    primaryType: "SafeTx" as const,
    message: {
      to: tx.to,
      value: tx.value,
      data: tx.data,
      operation: tx.operation,
      safeTxGas: tx.safeTxGas,
      baseGas: tx.baseGas,
      gasPrice: tx.gasPrice,
      gasToken: tx.gasToken,
      refundReceiver: tx.refundReceiver,
      nonce: tx.nonce,
    },
  };
}
