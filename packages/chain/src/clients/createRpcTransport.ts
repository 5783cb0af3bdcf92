import { AsyncLocalStorage } from "node:async_hooks";
import { fallback, HttpRequestError, http, TimeoutError, type Transport } from "viem";
import { buildRequest } from "viem/utils";
import { createNodeFetch } from "./createNodeFetch.ts";
import { InvalidRpcUrlError, type RpcAttempt, RpcUnavailableError } from "./errors.ts";
import { postRawJsonRpc, RAW_REQUEST_METHOD, type RawRequestParameters } from "./postRawJsonRpc.ts";
import { redactRpcUrl } from "./redactRpcUrl.ts";

export type CreateRpcTransportParameters = {
  /** RPC URLs in order of preference: the primary, then backups. */
  urls: string[];
  /** Retries of a failed request (each retry walks all URLs again). Default 3. */
  retryCount?: number;
  /** Base delay of the exponential backoff: retry n waits `2^n × retryDelayMs`. Default 150. */
  retryDelayMs?: number;
  /** Timeout of one HTTP request to one URL. Default 10 000. */
  timeoutMs?: number;
};

type Attempt = RpcAttempt & { unreachable: boolean };

/** HTTP statuses that mean "the endpoint is down or overloaded", as opposed to "it answered no". */
const UNAVAILABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

function isUnreachable(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  if (error instanceof HttpRequestError)
    return error.status === undefined || UNAVAILABLE_STATUSES.has(error.status);
  return false;
}

/** A short reason for one failed attempt ("ECONNREFUSED", "HTTP 503", "timeout after 2000 ms"). */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof TimeoutError) return `timeout after ${timeoutMs} ms`;
  if (error instanceof HttpRequestError && error.status !== undefined) return `HTTP ${error.status}`;
  // The socket error's code is a `cause` or two down (viem's HttpRequestError → Node's Error ECONNREFUSED).
  let cause: unknown = error;
  for (let depth = 0; depth < 6 && cause !== null && typeof cause === "object"; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return error instanceof HttpRequestError ? "connection failed" : "request failed";
}

/**
 * viem's `fallback` over one `http` transport per URL, with retries and exponential backoff, whose requests
 * fail with a {@link RpcUnavailableError} (`RPC_UNAVAILABLE`, retryable) when no URL could be reached.
 * Answers that are errors (a revert, a bad nonce) pass through unchanged.
 *
 * It also takes raw requests (`RAW_REQUEST_METHOD`, see postRawJsonRpc): the answer's bytes go to the caller's reader
 * instead of `JSON.parse`, with the same URLs, timeout, fallback, retries and errors as any other request. The
 * indexer reads `eth_getLogs` answers that way (no JavaScript object per log). `supportsRawRequests(client)` tells.
 *
 * The wrapper sits outside viem's request pipeline on purpose: viem wraps anything thrown inside a transport
 * that is not its own error class, so the chain error would otherwise arrive as `UnknownRpcError`. Reads such
 * as `getBlockNumber` throw it as is; actions that wrap errors (`call`, `sendTransaction`) keep it as a
 * `cause`, reachable with `error.walk((e) => e instanceof RpcUnavailableError)`.
 *
 * @throws {InvalidRpcUrlError} `INVALID_RPC_URL` when a URL is not http(s).
 *
 * @example
 * const transport = createRpcTransport({ urls: [primaryUrl, backupUrl], timeoutMs: 5_000 });
 * const client = createPublicClient({ chain, transport });
 */
export function createRpcTransport(params: CreateRpcTransportParameters): Transport {
  const { urls, retryCount = 3, retryDelayMs = 150, timeoutMs = 10_000 } = params;
  if (urls.length === 0) throw new InvalidRpcUrlError("<none>");
  for (const url of urls) {
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new InvalidRpcUrlError(redactRpcUrl(url));
  }
  const redacted = urls.map(redactRpcUrl);
  // Collects every failed attempt of one logical request (across retries and fallbacks). One store per
  // transport, not per module: no shared state between clients.
  const attempts = new AsyncLocalStorage<Attempt[]>();

  // node:http with keep-alive instead of Node's fetch: ~4x less CPU per call (see createNodeFetch). It enforces
  // viem's response size limit itself, so viem need not measure the text again.
  const nodeFetch = createNodeFetch();
  const fetchFn = nodeFetch as unknown as typeof fetch;
  const endpoints = urls.map((url, i): Transport => {
    const inner = http(url, { timeout: timeoutMs, fetchFn, maxResponseBodySize: false });
    // Raw requests get the pipeline viem gives the http transport's (error classes by code, retries, abort).
    const raw = buildRequest(
      (args: { params: unknown }, options?: { signal?: AbortSignal | undefined }) =>
        postRawJsonRpc({
          url,
          fetchFn: nodeFetch,
          timeoutMs,
          args: args.params as RawRequestParameters<unknown>,
          signal: options?.signal,
        }),
      { retryCount: 0 },
    );
    return (options) => {
      const transport = inner(options);
      const request = (async (args, requestOptions) => {
        try {
          if (args.method === RAW_REQUEST_METHOD) {
            // Named by the inner method in the errors this level builds ("The method "eth_getLogs" does not
            // exist"); the client's own level names the raw method.
            const [sent] = args.params as RawRequestParameters<unknown>;
            return await raw({ method: sent.method, params: args.params }, requestOptions);
          }
          return await transport.request(args, requestOptions);
        } catch (error) {
          attempts.getStore()?.push({
            url: redacted[i] ?? "",
            reason: describeFailure(error, timeoutMs),
            unreachable: isUnreachable(error),
          });
          throw error;
        }
      }) as typeof transport.request;
      return { ...transport, request };
    };
  });
  const inner = fallback(endpoints, { retryCount, retryDelay: retryDelayMs });

  return (options) => {
    const transport = inner(options);
    const request = (async (args, requestOptions) => {
      const tried: Attempt[] = [];
      try {
        return await attempts.run(tried, () => transport.request(args, requestOptions));
      } catch (error) {
        // fallback throws the last endpoint's error once every endpoint has failed. It is "unavailable" only
        // when no endpoint answered at all: an endpoint that answered with an error is reachable, and its
        // caller deserves viem's error rather than a misleading retryable one.
        if (!isUnreachable(error) || tried.some((a) => !a.unreachable)) throw error;
        throw new RpcUnavailableError({
          method: args.method,
          urls: redacted,
          attempts: tried.map(({ url, reason }) => ({ url, reason })),
        });
      }
    }) as typeof transport.request;
    return { ...transport, request, value: { ...transport.value, rawRequests: true } };
  };
}

/**
 * Whether a viem client's transport takes raw requests ({@link RAW_REQUEST_METHOD}): those of
 * {@link createRpcTransport} do; others (a test's `custom` transport, viem's own `http`) would send the method to
 * the node.
 */
export function supportsRawRequests(client: unknown): boolean {
  const transport = (client as { transport?: { rawRequests?: unknown } } | null | undefined)?.transport;
  return transport?.rawRequests === true;
}
