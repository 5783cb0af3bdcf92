import { type Hex, hashTypedData } from "viem";
import {
  type SafeTransactionTypedDataParameters,
  safeTransactionTypedData,
} from "./safeTransactionTypedData.ts";

/**
 * The `safeTxHash`: the EIP-712 digest of the transaction, equal to the Safe's own
 * `getTransactionHash(...)` and the message every owner signature is checked against. Pure.
 *
 * @example
 * const safeTxHash = hashSafeTransaction({ chainId: 31337, safe, tx });
 */
export function hashSafeTransaction(parameters: SafeTransactionTypedDataParameters): Hex {
  return hashTypedData(safeTransactionTypedData(parameters));
}
