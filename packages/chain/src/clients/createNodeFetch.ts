import { isAscii } from "node:buffer";
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { ResponseBodyTooLargeError } from "viem";

export type CreateNodeFetchParameters = {
  /** Largest response body accepted, in bytes (default 10 MiB, viem's own limit). */
  maxResponseBodySize?: number;
  /** Agents to send through (default: keep-alive agents of this fetch's own). */
  agents?: { http?: HttpAgent; https?: HttpsAgent };
};

/** The part of `fetch` viem's http transport calls: POST a JSON-RPC body, read the answer as text. */
export type NodeFetch = (
  url: string | URL,
  init?: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal | null;
  },
) => Promise<NodeFetchResponse>;

/**
 * What viem reads of a response. `body` is null: the text is read whole (`text()`), within the size limit. `bytes()`
 * gives the body as it came (for readers that parse the bytes themselves, see createRpcTransport's raw requests).
 */
export type NodeFetchResponse = {
  ok: boolean;
  status: number;
  statusText: string;
  headers: Headers;
  body: null;
  text(): Promise<string>;
  json(): Promise<unknown>;
  bytes(): Promise<Buffer>;
};

const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
/** Redirects that keep the method and body (a 301/302/303 would turn the POST into a GET). */
const REDIRECTS = new Set([307, 308]);
const MAX_REDIRECTS = 5;

/**
 * A `fetch` for viem's `http` transport (`fetchFn`) on node:http / node:https with keep-alive agents. A JSON-RPC
 * call through Node's own fetch (undici: WHATWG Request, Headers and a streamed Response body, decoded chunk by
 * chunk) cost ~1.7 ms of CPU in the calling thread; through this, ~0.4 ms (300 `eth_blockNumber` calls to a local
 * anvil: 500 ms against 120 ms). The indexer makes hundreds of calls a second at the head.
 *
 * Semantics viem relies on: any status resolves (`ok` is 2xx); a network failure rejects with Node's error (its
 * `code`, e.g. `ECONNREFUSED`); an aborted `signal` rejects with its reason and closes the request; a body over
 * `maxResponseBodySize` rejects with viem's `ResponseBodyTooLargeError`; a body cut short rejects. 307 and 308 are
 * followed (up to 5); other redirects are answered as they are.
 *
 * @example
 * const transport = http(url, { fetchFn: createNodeFetch() as unknown as typeof fetch });
 */
export function createNodeFetch(params: CreateNodeFetchParameters = {}): NodeFetch {
  const maxBody = params.maxResponseBodySize ?? DEFAULT_MAX_BODY;
  const httpAgent = params.agents?.http ?? new HttpAgent({ keepAlive: true });
  const httpsAgent = params.agents?.https ?? new HttpsAgent({ keepAlive: true });

  const send = (
    url: URL,
    init: Parameters<NodeFetch>[1] & object,
    redirects: number,
  ): Promise<NodeFetchResponse> =>
    new Promise((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const https = url.protocol === "https:";
      const body = init.body ?? "";
      const request = (https ? httpsRequest : httpRequest)(url, {
        method: init.method ?? "GET",
        headers: { ...init.headers, "content-length": String(Buffer.byteLength(body)) },
        agent: https ? httpsAgent : httpAgent,
      });
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        request.destroy();
        reject(error);
      };
      const onAbort = () => fail(abortReason(signal as AbortSignal));
      signal?.addEventListener("abort", onAbort, { once: true });
      request.on("error", fail);
      request.on("response", (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (REDIRECTS.has(status) && location !== undefined && redirects < MAX_REDIRECTS) {
          response.resume();
          settled = true;
          signal?.removeEventListener("abort", onAbort);
          send(new URL(location, url), init, redirects + 1).then(resolve, reject);
          return;
        }
        const declared = Number(response.headers["content-length"]);
        if (declared > maxBody) {
          fail(new ResponseBodyTooLargeError({ maxSize: maxBody, size: declared }));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBody) fail(new ResponseBodyTooLargeError({ maxSize: maxBody, size }));
          else chunks.push(chunk);
        });
        // A connection closed before the end of the body: "aborted" (ECONNRESET).
        response.on("error", fail);
        response.on("end", () => {
          if (settled) return;
          if (!response.complete) {
            fail(
              Object.assign(new Error("The response ended before its body was complete"), {
                code: "ECONNRESET",
              }),
            );
            return;
          }
          settled = true;
          signal?.removeEventListener("abort", onAbort);
          const bytes = Buffer.concat(chunks, size);
          const headers = new Headers();
          const raw = response.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: response.statusMessage ?? "",
            headers,
            body: null,
            text: async () => decodeText(bytes),
            json: async () => JSON.parse(decodeText(bytes)),
            bytes: async () => bytes,
          });
        });
      });
      request.end(body);
    });

  return (url, init = {}) => send(new URL(url), init, 0);
}

/**
 * The body as UTF-8 text. JSON-RPC answers are ASCII (hex strings); ASCII is checked first (SIMD) and then decoded as
 * Latin-1, which gives the same string faster than Node 20's UTF-8 decoder: 2.1–4.2 against 7.3–8.4 ms for a 2.5 MB
 * `eth_getLogs` answer of 4,000 logs here (scratch, medians of runs, the string's allocation included).
 */
export function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}
