import { IndexerStoreError } from "../errors/errors.ts";

/**
 * Runs a store operation, turning whatever it throws into an {@link IndexerStoreError} (fatal unless the
 * store's error says `retryable: true`), so the sync loop can tell store failures from RPC failures.
 *
 * @example
 * const checkpoint = await callStore("getCheckpoint", () => store.getCheckpoint(chainId));
 */
export async function callStore<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new IndexerStoreError(operation, error);
  }
}
