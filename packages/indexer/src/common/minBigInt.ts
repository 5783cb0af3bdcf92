/**
 * The smallest of some bigints (`Math.min` does not take bigints).
 *
 * @example
 * minBigInt(head.number, fromBlock + batchBlocks - 1n)
 */
export function minBigInt(first: bigint, ...rest: bigint[]): bigint {
  let out = first;
  for (const v of rest) if (v < out) out = v;
  return out;
}
