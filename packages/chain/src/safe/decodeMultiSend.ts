import { decodeFunctionData, getAddress, type Hex, hexToBigInt, hexToNumber, size, slice } from "viem";
import { multiSendAbi } from "./abis.ts";
import type { MultiSendTransaction } from "./encodeMultiSend.ts";
import { SafeError } from "./errors.ts";
import type { SafeOperation } from "./types.ts";

/**
 * Decodes `multiSend(bytes)` calldata back into its transactions (every field filled in), e.g. to show an
 * operator what a batch proposal will do. Throws `SafeError` `INVALID_ARGUMENT` on malformed input.
 *
 * @example
 * const calls = decodeMultiSend(proposal.tx.data); // [{ operation: 0, to, value, data }, ...]
 */
export function decodeMultiSend(calldata: Hex): Required<MultiSendTransaction>[] {
  let packed: Hex;
  try {
    const { args } = decodeFunctionData({ abi: multiSendAbi, data: calldata });
    packed = args?.[0] as Hex;
  } catch (cause) {
    throw new SafeError("INVALID_ARGUMENT", "not multiSend(bytes) calldata", { cause });
  }
  const out: Required<MultiSendTransaction>[] = [];
  const total = size(packed);
  let at = 0;
  while (at < total) {
    if (at + 85 > total) throw new SafeError("INVALID_ARGUMENT", "truncated MultiSend transaction header");
    const operation = hexToNumber(slice(packed, at, at + 1));
    const dataLength = hexToBigInt(slice(packed, at + 53, at + 85));
    const end = at + 85 + Number(dataLength);
    if ((operation !== 0 && operation !== 1) || dataLength > BigInt(total) || end > total) {
      throw new SafeError("INVALID_ARGUMENT", "malformed MultiSend transaction", { details: { offset: at } });
    }
    out.push({
      operation: operation as SafeOperation,
      to: getAddress(slice(packed, at + 1, at + 21)),
      value: hexToBigInt(slice(packed, at + 21, at + 53)),
      data: dataLength === 0n ? "0x" : slice(packed, at + 85, end),
    });
    at = end;
  }
  return out;
}
