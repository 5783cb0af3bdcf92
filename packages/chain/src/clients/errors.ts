import { ChainError } from "../errors.ts";

/** The network name is not one of the presets (`devnet`, `base-sepolia`, `base`). */
export class UnknownNetworkError extends ChainError {
  constructor(network: string, known: readonly string[]) {
    super(
      "UNKNOWN_NETWORK",
      `Unknown network ${JSON.stringify(network)}; expected one of ${known.join(", ")}`,
      {
        details: { network, known: [...known] },
      },
    );
  }
}

/** An RPC URL that is not an absolute http(s) URL. The URL itself is redacted: it may carry an API key. */
export class InvalidRpcUrlError extends ChainError {
  constructor(url: string) {
    super("INVALID_RPC_URL", `Not an http(s) RPC URL: ${url}`, { details: { url } });
  }
}

/** One failed attempt against one RPC endpoint, as reported by {@link RpcUnavailableError}. */
export type RpcAttempt = { url: string; reason: string };

/**
 * No configured RPC endpoint answered (connection refused, DNS failure, timeout, HTTP 5xx/429) after the
 * retries. Retryable: the endpoints may come back. Carries the (redacted) URLs and a one-word reason per
 * endpoint, never the underlying fetch error, whose message and stack would repeat the full URL.
 */
export class RpcUnavailableError extends ChainError {
  constructor(params: { method: string; urls: string[]; attempts: RpcAttempt[] }) {
    const tried = params.urls.map((url) => {
      const last = params.attempts.filter((a) => a.url === url).pop();
      return last === undefined ? url : `${url} (${last.reason})`;
    });
    super("RPC_UNAVAILABLE", `No RPC endpoint answered ${params.method}; tried ${tried.join(", ")}`, {
      details: { method: params.method, urls: params.urls, attempts: params.attempts },
      retryable: true,
    });
  }
}

/** The RPC endpoint serves a different chain than the selected network: refuse to sign or send anything. */
export class ChainIdMismatchError extends ChainError {
  constructor(params: { network: string; expected: number; actual: number }) {
    super(
      "CHAIN_ID_MISMATCH",
      `The RPC endpoint serves chain ${params.actual}, but network ${params.network} is chain ${params.expected}`,
      { details: { network: params.network, expected: params.expected, actual: params.actual } },
    );
  }
}
