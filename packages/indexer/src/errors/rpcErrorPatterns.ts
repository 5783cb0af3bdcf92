import type { RpcErrorKind } from "./classifyRpcError.ts";

/** One known wording of an RPC failure and what it means for the next request. */
export type RpcErrorPattern = {
  /** Who answers like this (for logs and the tests' table). */
  provider: string;
  kind: RpcErrorKind;
  pattern: RegExp;
  /**
   * Reads a block count out of the match: `suggested` is the provider's proposal for this very query (a
   * result-count limit: depends on the data), `limit` its fixed maximum blocks per request.
   */
  range?: (match: RegExpMatchArray) => { suggested?: bigint; limit?: bigint };
};

const count = (text: string | undefined): bigint => BigInt((text ?? "0").replace(/[,.\s_]/g, ""));
const hexSpan = (m: RegExpMatchArray) => ({ suggested: BigInt(m[2] ?? "0") - BigInt(m[1] ?? "0") + 1n });
const decSpan = (m: RegExpMatchArray) => ({ suggested: count(m[2]) - count(m[1]) + 1n });
const limit = (m: RegExpMatchArray) => ({ limit: count(m[1]) });

/**
 * Known wordings, most specific first; the first match wins. Collected from the providers' documentation
 * and answers seen in the wild (Ponder's `getLogsRetryHelper` keeps a similar list). Rate limits come first
 * because Infura answers both "rate exceeded" and "more than 10000 results" with code -32005.
 */
export const rpcErrorPatterns: readonly RpcErrorPattern[] = [
  // ---- rate limits: back off, never shrink
  {
    provider: "generic",
    kind: "rate_limit",
    pattern:
      /rate.?limit|request rate exceeded|too many requests|compute units per second|request limit reached|daily request count|exceeded .{0,30}quota|HTTP 429/i,
  },
  // ---- the provider proposes a range for this query
  {
    provider: "alchemy",
    kind: "too_many_results",
    pattern: /this block range should work: \[(0x[0-9a-f]+),\s*(0x[0-9a-f]+)\]/i,
    range: hexSpan,
  },
  {
    provider: "infura",
    kind: "too_many_results",
    pattern: /try with this block range \[(0x[0-9a-f]+),\s*(0x[0-9a-f]+)\]/i,
    range: hexSpan,
  },
  {
    provider: "reth",
    kind: "too_many_results",
    pattern: /retry with the range (\d+)\s*-\s*(\d+)/i,
    range: decSpan,
  },
  // ---- a fixed maximum of blocks per request
  {
    provider: "quicknode",
    kind: "range_limit",
    pattern: /limited to (?:a )?([\d,.]+)(?: blocks?)?(?: range)?/i,
    range: limit,
  },
  {
    provider: "coinbase",
    kind: "range_limit",
    pattern: /limit the query to at most ([\d,.]+) blocks/i,
    range: limit,
  },
  { provider: "geth", kind: "range_limit", pattern: /maximum block range:? ([\d,.]+)/i, range: limit },
  { provider: "reth", kind: "range_limit", pattern: /max block range:? ([\d,.]+)/i, range: limit },
  {
    provider: "generic",
    kind: "range_limit",
    pattern: /block range greater than ([\d,.]+) max/i,
    range: limit,
  },
  { provider: "generic", kind: "range_limit", pattern: /block range exceeds ([\d,.]+)/i, range: limit },
  { provider: "cloudflare", kind: "range_limit", pattern: /max range: ([\d,.]+)/i, range: limit },
  {
    provider: "thirdweb",
    kind: "range_limit",
    pattern: /maximum allowed number of requested blocks is ([\d,.]+)/i,
    range: limit,
  },
  { provider: "blast", kind: "range_limit", pattern: /allowed for your plan \(\d+ > (\d+)\)/i, range: limit },
  { provider: "ankr", kind: "range_limit", pattern: /blocks distance: (\d+)/i, range: limit },
  { provider: "alchemy", kind: "range_limit", pattern: /up to a ([\d,.]+) block range/i, range: limit },
  { provider: "avalanche", kind: "range_limit", pattern: /maximum is set to (\d+)/i, range: limit },
  { provider: "moonbeam", kind: "range_limit", pattern: /too wide \(maximum (\d+)\)/i, range: limit },
  // ---- too many results, no proposal: halve
  { provider: "infura", kind: "too_many_results", pattern: /query returned more than \d+ results/i },
  { provider: "reth", kind: "too_many_results", pattern: /query exceeds max results/i },
  { provider: "arbitrum", kind: "too_many_results", pattern: /logs matched by query exceeds limit/i },
  { provider: "generic", kind: "too_many_results", pattern: /too many (?:results|logs)|more than \d+ logs/i },
  // ---- response too large: halve
  { provider: "alchemy", kind: "response_size", pattern: /log response size exceeded/i },
  {
    provider: "generic",
    kind: "response_size",
    pattern:
      /response size (?:should not|exceed|is larger|too large|limit)|response (?:is )?too (?:large|big)|payload too large|max(?:imum)? response size|response body exceeded the size limit|HTTP 413/i,
  },
  // ---- a range limit without a number (Optimism, Base, Chainstack, Ankr): halve
  {
    provider: "generic",
    kind: "range_limit",
    pattern:
      /block range (?:is )?too (?:large|wide|big)|range (?:is )?too large|block range limit exceeded|range limit exceeded|exceed(?:s|ed)? (?:the )?(?:max(?:imum)?|allowed) (?:block )?range/i,
  },
  // ---- the node behind the load balancer has not seen the block yet: retry
  {
    provider: "generic",
    kind: "block_not_found",
    pattern:
      /header not found|unknown block|block not found|could not find block|no block found|cannot query unfinalized|after last accepted block|block .{1,80} (?:not found|does not exist)|block height is \d+ but requested was \d+/i,
  },
  // ---- timeouts (viem's TimeoutError says "took too long"; Base and Infura say "timeout"): shrink + retry
  {
    provider: "generic",
    kind: "timeout",
    pattern: /timed? ?out|timeout|deadline exceeded|took too long|HTTP 40[8]|HTTP 504/i,
  },
  // ---- the server failed: shrink + retry
  {
    provider: "generic",
    kind: "server",
    pattern:
      /no backend is currently healthy|internal server error|bad gateway|service unavailable|temporarily unavailable|upstream|overloaded|HTTP 5\d\d/i,
  },
  // ---- the connection failed: retry
  {
    provider: "generic",
    kind: "network",
    pattern:
      /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR|socket hang up|other side closed|connection (?:refused|reset|closed)|network error/i,
  },
];
