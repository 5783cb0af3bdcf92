import { ChainError } from "@coinscious/chain";
import { BaseError, HttpRequestError, TimeoutError } from "viem";
import { rpcErrorPatterns } from "./rpcErrorPatterns.ts";

/**
 * How an RPC request failed, as a bounded label set (the `kind` label of the `rpcErrorsTotal` metric):
 * `too_many_results`, `response_size`, `range_limit` (an `eth_getLogs` query too big), `timeout`, `server`
 * (HTTP 5xx, internal errors), `rate_limit` (HTTP 429 and friends), `block_not_found` (a lagging node),
 * `network` (no answer at all), `unknown`.
 */
export type RpcErrorKind =
  | "too_many_results"
  | "response_size"
  | "range_limit"
  | "timeout"
  | "server"
  | "rate_limit"
  | "block_not_found"
  | "network"
  | "unknown";

export type RpcErrorClassification = {
  kind: RpcErrorKind;
  /** Trying the same request again later may succeed. */
  retryable: boolean;
  /** An `eth_getLogs` over fewer blocks may succeed (size limits, timeouts, 5xx). */
  shrinkRange: boolean;
  /** Blocks per request the provider proposed for this query. */
  suggestedRange?: bigint;
  /** The provider's fixed maximum of blocks per request. */
  rangeLimit?: bigint;
  /** Whose wording matched. */
  provider?: string;
};

const SHRINK: ReadonlySet<RpcErrorKind> = new Set([
  "too_many_results",
  "response_size",
  "range_limit",
  "timeout",
  "server",
]);

type Facts = {
  texts: string[];
  statuses: number[];
  codes: number[];
  timeout: boolean;
  noStatusHttp: boolean;
};

/** Walks `error` and its causes, collecting what the node said without URLs or request bodies. */
function collect(error: unknown): Facts {
  const facts: Facts = { texts: [], statuses: [], codes: [], timeout: false, noStatusHttp: false };
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && current !== undefined; depth++) {
    if (typeof current !== "object") {
      facts.texts.push(String(current));
      break;
    }
    const e = current as {
      message?: unknown;
      shortMessage?: unknown;
      details?: unknown;
      code?: unknown;
      status?: unknown;
      cause?: unknown;
    };
    if (current instanceof TimeoutError) facts.timeout = true;
    if (current instanceof HttpRequestError) {
      if (typeof current.status === "number") facts.statuses.push(current.status);
      else facts.noStatusHttp = true;
    }
    if (current instanceof BaseError) {
      // `message` repeats metaMessages (URL, request body); shortMessage + details is what the node said.
      for (const t of [current.shortMessage, current.details]) if (typeof t === "string") facts.texts.push(t);
    } else if (current instanceof ChainError) {
      facts.texts.push(current.message);
      const attempts = current.details?.attempts;
      if (Array.isArray(attempts))
        for (const a of attempts) facts.texts.push(String((a as { reason?: unknown }).reason));
    } else {
      if (typeof e.message === "string") facts.texts.push(e.message);
      if (typeof e.details === "string") facts.texts.push(e.details);
    }
    if (typeof e.code === "number") facts.codes.push(e.code);
    if (typeof e.status === "number" && !(current instanceof HttpRequestError)) facts.statuses.push(e.status);
    current = e.cause;
  }
  return facts;
}

function result(
  kind: RpcErrorKind,
  extra: Omit<RpcErrorClassification, "kind" | "retryable" | "shrinkRange"> = {},
): RpcErrorClassification {
  return { kind, retryable: kind !== "unknown", shrinkRange: SHRINK.has(kind), ...extra };
}

/**
 * Sorts an RPC failure into a {@link RpcErrorKind} by its wording (see `rpcErrorPatterns`: Alchemy, Infura,
 * QuickNode, Base/Coinbase, geth, reth, …), HTTP status, JSON-RPC code and viem error class, and reads the
 * block range a provider proposes. Works on viem errors, the chain package's `RpcUnavailableError`, and
 * plain `{ code, message }` objects.
 *
 * @example
 * classifyRpcError(new Error("query returned more than 10000 results. Try with this block range [0x10, 0x2f]."));
 * // { kind: "too_many_results", retryable: true, shrinkRange: true, suggestedRange: 32n, provider: "infura" }
 */
export function classifyRpcError(error: unknown): RpcErrorClassification {
  if (error instanceof ChainError && error.code === "RPC_UNAVAILABLE" && error.retryable) {
    // Every endpoint failed without answering; the attempts say how (timeouts shrink the range).
    const facts = collect(error);
    const text = facts.texts.join("\n");
    if (/timeout/i.test(text)) return result("timeout");
    if (/HTTP 429/.test(text)) return result("rate_limit");
    if (/HTTP 5\d\d/.test(text)) return result("server");
    return result("network");
  }
  const facts = collect(error);
  const text = facts.texts.filter((t) => t !== "").join("\n");
  for (const p of rpcErrorPatterns) {
    const m = text.match(p.pattern);
    if (m === null) continue;
    const range = p.range?.(m) ?? {};
    const extra: Omit<RpcErrorClassification, "kind" | "retryable" | "shrinkRange"> = {
      provider: p.provider,
    };
    if (range.suggested !== undefined && range.suggested > 0n) extra.suggestedRange = range.suggested;
    if (range.limit !== undefined && range.limit > 0n) extra.rangeLimit = range.limit;
    return result(p.kind, extra);
  }
  if (facts.statuses.includes(429)) return result("rate_limit");
  if (facts.statuses.includes(413)) return result("response_size");
  if (facts.timeout || facts.statuses.some((s) => s === 408 || s === 504)) return result("timeout");
  if (facts.statuses.some((s) => s >= 500)) return result("server");
  // EIP-1474 "limit exceeded": whatever the wording (result-size limits are matched by text above), a rate limit.
  if (facts.codes.includes(-32005)) return result("rate_limit");
  if (facts.codes.includes(-32603)) return result("server");
  if (facts.noStatusHttp) return result("network");
  return result("unknown");
}
