import { ChainError } from "@coinscious/chain";
import { classifyRpcError } from "./classifyRpcError.ts";
import { IndexerRpcError } from "./errors.ts";

/**
 * Makes any thrown value a `ChainError` with a `retryable` verdict: chain and indexer errors pass through;
 * anything else is treated as a failed RPC request of `method` and classified by its wording.
 *
 * @example
 * try { await publicClient.request({ method: "eth_blockNumber" }) }
 * catch (e) { const err = toIndexerError(e, "eth_blockNumber"); if (!err.retryable) throw err }
 */
export function toIndexerError(error: unknown, method = "unknown"): ChainError {
  if (error instanceof ChainError && error.code !== "RPC_UNAVAILABLE" && error.code !== "RPC_ERROR")
    return error;
  const c = classifyRpcError(error);
  return new IndexerRpcError({ method, kind: c.kind, retryable: c.retryable, cause: error });
}
