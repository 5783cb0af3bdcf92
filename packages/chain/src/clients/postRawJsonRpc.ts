import { HttpRequestError, ResponseBodyTooLargeError, RpcRequestError, stringify, TimeoutError } from "viem";
import { decodeText, type NodeFetch } from "./createNodeFetch.ts";

/**
 * The method of a raw request through {@link createRpcTransport}'s transport: `client.request({ method:
 * RAW_REQUEST_METHOD, params: [{ method, params }, parse] })` sends `{ method, params }` to the node and hands the
 * answer's bytes to `parse`. Never sent to a node as such.
 */
export const RAW_REQUEST_METHOD = "coinscious_rawRequest";

/** The JSON-RPC request to send and the reader of its answer's bytes. */
export type RawRequestParameters<T> = [
  request: { method: string; params: readonly unknown[] },
  /**
   * Reads a successful (HTTP 2xx) answer's bytes, the whole JSON-RPC envelope: its value, or `undefined` for an
   * answer it does not take (an error answer, malformed JSON, any shape it does not know). Then the answer is parsed
   * and checked as viem's `http` transport does, and its `result` is returned as `{ result }`. It must not throw (a
   * throw counts as `undefined`) and must take only answers that are valid JSON-RPC results.
   */
  parse: (body: Buffer) => T | undefined,
];

/** What a raw request returns: the reader's value, or the `result` of an answer the reader did not take. */
export type RawRequestResult<T> = { parsed: T } | { result: unknown };

export type PostRawJsonRpcParameters<T> = {
  url: string;
  fetchFn: NodeFetch;
  /** Timeout of the request, body included; 0 for none. */
  timeoutMs: number;
  args: RawRequestParameters<T>;
  signal?: AbortSignal | undefined;
};

let nextId = 0;

/**
 * One raw JSON-RPC request to one URL, failing the way viem's `http` transport fails, so that `fallback`, the
 * client's error mapping and the indexer's error classification treat it exactly like a normal request:
 * `TimeoutError` after `timeoutMs`, `HttpRequestError` for a network failure, a non-2xx status or a body that is
 * not JSON (with the `SyntaxError` as its cause), `RpcRequestError` for a JSON-RPC error answer (any status), the
 * caller's abort reason when its `signal` aborts, viem's `ResponseBodyTooLargeError` from the fetch as it is.
 */
export async function postRawJsonRpc<T>(params: PostRawJsonRpcParameters<T>): Promise<RawRequestResult<T>> {
  const { url, fetchFn, timeoutMs, signal } = params;
  const [request, parse] = params.args;
  nextId = nextId >= Number.MAX_SAFE_INTEGER ? 1 : nextId + 1;
  const body = { jsonrpc: "2.0", id: nextId, method: request.method, params: request.params };
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let response: Awaited<ReturnType<NodeFetch>>;
  let bytes: Buffer;
  try {
    response = await fetchFn(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stringify(body),
      signal: controller.signal,
    });
    bytes = await response.bytes();
  } catch (error) {
    if (signal?.aborted) throw abortError(signal);
    if (timedOut) throw new TimeoutError({ body, url });
    if (error instanceof ResponseBodyTooLargeError) throw error;
    throw new HttpRequestError({ body, cause: error as Error, url });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }

  if (response.ok) {
    let parsed: T | undefined;
    try {
      parsed = parse(bytes);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) return { parsed };
  }
  // The general path, as viem's http transport (utils/rpc/http.ts, then clients/transports/http.ts).
  const text = decodeText(bytes);
  let data: unknown;
  try {
    if (response.headers.get("Content-Type")?.startsWith("application/json")) data = JSON.parse(text);
    else
      try {
        data = JSON.parse(text || "{}");
      } catch (error) {
        if (response.ok) throw error;
        data = { error: text };
      }
    if (!response.ok) {
      if (isRpcError(data))
        throw new RpcRequestError({
          body,
          error: data.error,
          headers: response.headers,
          status: response.status,
          url,
        });
      throw new HttpRequestError({
        body,
        details: stringify((data as { error?: unknown }).error) || response.statusText,
        headers: response.headers,
        status: response.status,
        url,
      });
    }
  } catch (error) {
    if (error instanceof HttpRequestError || error instanceof RpcRequestError) throw error;
    throw new HttpRequestError({ body, cause: error as Error, url });
  }
  // As viem: a `null` answer throws here (a TypeError, which the client reports as UnknownRpcError).
  const error = (data as { error?: unknown }).error;
  const result = (data as { result?: unknown }).result;
  if (error) throw new RpcRequestError({ body, error: error as { code: number; message: string }, url });
  return { result };
}

function isRpcError(data: unknown): data is { error: { code: number; message: string; data?: unknown } } {
  const error = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === "number" && typeof error.message === "string";
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}
