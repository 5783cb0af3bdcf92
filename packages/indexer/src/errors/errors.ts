import { ChainError } from "@coinscious/chain";
import type { RpcErrorKind } from "./classifyRpcError.ts";

/**
 * Base class of the indexer's errors. `retryable` splits them the Ponder way: retryable errors (network,
 * rate limits, a node that has not seen a block yet, a chain that moved under a request) make the sync loop
 * back off and try again from its checkpoint; fatal ones (a bad ABI, a store failure, a reorg below
 * finality) stop it, because retrying cannot fix them.
 */
export class IndexerError extends ChainError {}

/** An RPC request failed; `kind` says how (`timeout`, `rate_limit`, `too_many_results`, …). */
export class IndexerRpcError extends IndexerError {
  readonly kind: RpcErrorKind;

  constructor(params: { method: string; kind: RpcErrorKind; retryable: boolean; cause: unknown }) {
    const reason = params.cause instanceof Error ? params.cause.message.split("\n")[0] : String(params.cause);
    super("INDEXER_RPC_ERROR", `${params.method} failed (${params.kind}): ${reason}`, {
      details: { method: params.method, kind: params.kind },
      cause: params.cause,
      retryable: params.retryable,
    });
    this.kind = params.kind;
  }
}

/** `eth_getLogs` over a single block still exceeds the provider's result limit: no smaller range exists. */
export class LogRangeUnsplittableError extends IndexerError {
  constructor(params: { blockNumber: bigint; kind: RpcErrorKind; cause: unknown }) {
    super(
      "LOG_RANGE_UNSPLITTABLE",
      `eth_getLogs for the single block ${params.blockNumber} exceeds the provider's limits (${params.kind})`,
      { details: { blockNumber: params.blockNumber.toString(), kind: params.kind }, cause: params.cause },
    );
  }
}

/** A log whose topic an ABI knows did not decode with it: the ABI does not match the contract. Fatal. */
export class LogDecodeError extends IndexerError {
  constructor(params: {
    address: string;
    eventName: string;
    blockNumber: bigint;
    logIndex: number;
    cause: unknown;
  }) {
    super(
      "LOG_DECODE_FAILED",
      `Log ${params.blockNumber}/${params.logIndex} of ${params.address} does not decode as ${params.eventName}`,
      {
        details: {
          address: params.address,
          eventName: params.eventName,
          blockNumber: params.blockNumber.toString(),
          logIndex: params.logIndex,
        },
        cause: params.cause,
      },
    );
  }
}

/**
 * Two answers of the RPC disagree (a log's block hash is not the header's, headers do not link, a block is
 * missing): the chain moved between requests, or a load balancer mixed nodes. Retryable — the next attempt
 * sees the settled chain, and a real reorg is then found through the headers.
 */
export class ChainDataInconsistentError extends IndexerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("CHAIN_DATA_INCONSISTENT", message, { details, retryable: true });
  }
}

/**
 * A block at or below the finalized floor differs from the one indexed: either finality was violated or the
 * RPC serves another chain (a restarted devnet). Fatal: the projection must be rebuilt deliberately.
 */
export class ReorgBelowFinalityError extends IndexerError {
  constructor(params: { blockNumber: bigint; expectedHash: string; actualHash: string }) {
    super(
      "REORG_BELOW_FINALITY",
      `Block ${params.blockNumber} is ${params.actualHash} on chain but was indexed as ${params.expectedHash}, at or below finality`,
      {
        details: {
          blockNumber: params.blockNumber.toString(),
          expectedHash: params.expectedHash,
          actualHash: params.actualHash,
        },
      },
    );
  }
}

/** The store failed to read or write. Fatal unless the store's own error says `retryable: true`. */
export class IndexerStoreError extends IndexerError {
  constructor(operation: string, cause: unknown) {
    const retryable =
      typeof cause === "object" && cause !== null && (cause as { retryable?: unknown }).retryable === true;
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    super("INDEXER_STORE_FAILED", `Store ${operation} failed: ${reason}`, {
      details: { operation },
      cause,
      retryable,
    });
  }
}

/** The sources are unusable (no contract to index, an address twice with different ABIs). */
export class InvalidSourcesError extends IndexerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_INDEXER_SOURCES", message, { details });
  }
}

/** The RPC serves another chain than the sources were deployed on. */
export class SourcesChainMismatchError extends IndexerError {
  constructor(params: { expected: number; actual: number }) {
    super(
      "SOURCES_CHAIN_MISMATCH",
      `The RPC serves chain ${params.actual}, but the sources are on chain ${params.expected}`,
      { details: { expected: params.expected, actual: params.actual } },
    );
  }
}

/**
 * A write does not fit the stored state: the batch does not continue the stored checkpoint (a second writer, a
 * replayed batch) or lacks the header of a block it has rows for. Fatal: writing anyway would duplicate or lose rows.
 */
/**
 * A batch was staged from state a failed write has since invalidated (see `IndexerStore.stageBatch`): retryable —
 * the sync resumes from the checkpoint and stages again.
 */
export class IndexerStoreStateChangedError extends IndexerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INDEXER_STORE_STATE_CHANGED", message, { details, retryable: true });
  }
}

export class IndexerStoreConflictError extends IndexerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INDEXER_STORE_CONFLICT", message, { details });
  }
}
