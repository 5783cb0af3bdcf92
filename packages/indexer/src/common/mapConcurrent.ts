/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight; results keep the input order.
 * The first rejection rejects the whole call (calls already started run to completion).
 *
 * @example
 * const headers = await mapConcurrent([1n, 2n, 3n], 8, (n) => getBlockHeader(client, { blockNumber: n }));
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
