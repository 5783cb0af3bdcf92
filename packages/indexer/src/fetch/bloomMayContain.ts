import { type Hex, hexToBytes, keccak256 } from "viem";

/**
 * True when the 2048-bit `logsBloom` of a block may contain `value` (an address or a topic): each of the
 * three 11-bit slices of `keccak256(value)` selects a bit that must be set (Yellow Paper §4.3.1). False
 * means the block certainly has no log with it; true may be a false positive.
 *
 * @example
 * bloomMayContain(header.logsBloom, tokenAddress) // false → no log of the token in this block
 */
export function bloomMayContain(logsBloom: Hex, value: Hex): boolean {
  const bloom = hexToBytes(logsBloom);
  if (bloom.length !== 256) return true;
  const hash = hexToBytes(keccak256(value));
  for (let i = 0; i < 6; i += 2) {
    const bit = (((hash[i] ?? 0) << 8) | (hash[i + 1] ?? 0)) & 2047;
    const byte = bloom[255 - Math.floor(bit / 8)] ?? 0;
    if ((byte & (1 << (bit % 8))) === 0) return false;
  }
  return true;
}
