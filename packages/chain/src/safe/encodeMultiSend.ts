import { type Address, concat, encodeFunctionData, encodePacked, getAddress, type Hex, size } from "viem";
import { multiSendAbi } from "./abis.ts";
import { SafeError } from "./errors.ts";
import type { SafeOperation } from "./types.ts";

export type MultiSendTransaction = { to: Address; value?: bigint; data?: Hex; operation?: SafeOperation };

/**
 * Encodes the calldata of `multiSend(bytes transactions)`: each transaction packed as
 * `uint8 operation ‖ address to ‖ uint256 value ‖ uint256 dataLength ‖ bytes data` (no padding), concatenated.
 * MultiSendCallOnly rejects `operation` 1, so proposals only use 0 (the default).
 *
 * @example
 * const data = encodeMultiSend([{ to: a, value: 1n }, { to: token, data: transferCalldata }]);
 */
export function encodeMultiSend(transactions: readonly MultiSendTransaction[]): Hex {
  if (transactions.length === 0)
    throw new SafeError("INVALID_ARGUMENT", "a MultiSend batch needs at least one call");
  const packed = transactions.map((t) => {
    const data = t.data ?? "0x";
    return encodePacked(
      ["uint8", "address", "uint256", "uint256", "bytes"],
      [t.operation ?? 0, getAddress(t.to), t.value ?? 0n, BigInt(size(data)), data],
    );
  });
  return encodeFunctionData({ abi: multiSendAbi, functionName: "multiSend", args: [concat(packed)] });
}
