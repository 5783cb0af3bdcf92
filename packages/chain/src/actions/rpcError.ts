import { ChainError } from "../errors.ts";

/** Wraps a non-revert failure of an RPC request (network, node) as a retryable `RPC_ERROR`. */
export function rpcError(cause: unknown): ChainError {
  const message = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
  return new ChainError("RPC_ERROR", `RPC request failed: ${message}`, { cause, retryable: true });
}
