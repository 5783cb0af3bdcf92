/**
 * The largest of some bigints (`Math.max` does not take bigints).
 *
 * @example
 * maxBigInt(1n, span / 2n)
 */
export function maxBigInt(first: bigint, ...rest: bigint[]): bigint {
  let out = first;
  for (const v of rest) if (v > out) out = v;
  return out;
}
