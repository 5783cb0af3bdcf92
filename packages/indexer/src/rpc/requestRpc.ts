import type { PublicClient } from "viem";
import { backoffDelay } from "../common/backoffDelay.ts";
import { sleep } from "../common/sleep.ts";
import type { IndexerMetrics } from "../common/types.ts";
import { classifyRpcError } from "../errors/classifyRpcError.ts";
import { IndexerRpcError } from "../errors/errors.ts";

/** The one thing the indexer needs of a viem client: `request`. Any `PublicClient` fits. */
export type RpcClient = Pick<PublicClient, "request">;

export type RequestRpcOptions = {
  metrics?: IndexerMetrics | undefined;
  /** Attempts after the first for retryable failures. Default 4; 0 leaves retrying to the caller. */
  retries?: number | undefined;
  /** First backoff delay. Default 250 ms. */
  retryDelayMs?: number | undefined;
  signal?: AbortSignal | undefined;
};

/**
 * Sends one JSON-RPC request with viem's own retries switched off (`retryCount: 0`: the indexer decides
 * what a failure means — viem would retry "more than 10000 results" as if it were transient), counts it,
 * and retries retryable failures with exponential backoff. Throws {@link IndexerRpcError} with the
 * classified `kind` once the retries are spent or the failure is not retryable.
 *
 * @example
 * const hex = await requestRpc<Hex>(publicClient, "eth_blockNumber", [], { metrics });
 */
export async function requestRpc<T>(
  client: RpcClient,
  method: string,
  params: readonly unknown[],
  options: RequestRpcOptions = {},
): Promise<T> {
  const { metrics, retries = 4, retryDelayMs = 250, signal } = options;
  for (let attempt = 0; ; attempt++) {
    metrics?.rpcRequestsTotal.inc({ method });
    try {
      return (await client.request({ method, params } as never, {
        retryCount: 0,
        ...(signal ? { signal } : {}),
      })) as T;
    } catch (error) {
      if (signal?.aborted) throw error;
      const c = classifyRpcError(error);
      metrics?.rpcErrorsTotal.inc({ method, kind: c.kind });
      if (!c.retryable || attempt >= retries)
        throw new IndexerRpcError({ method, kind: c.kind, retryable: c.retryable, cause: error });
      await sleep(backoffDelay(attempt + 1, { baseDelayMs: retryDelayMs }), signal);
    }
  }
}
