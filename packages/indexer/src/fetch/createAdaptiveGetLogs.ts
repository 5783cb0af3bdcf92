import { type Address, type Hex, hexToBigInt, numberToHex } from "viem";
import { backoffDelay } from "../common/backoffDelay.ts";
import { maxBigInt as max } from "../common/maxBigInt.ts";
import { minBigInt as min } from "../common/minBigInt.ts";
import { sleep } from "../common/sleep.ts";
import type { IndexerLogger, IndexerMetrics } from "../common/types.ts";
import { classifyRpcError, type RpcErrorKind } from "../errors/classifyRpcError.ts";
import { ChainDataInconsistentError, IndexerRpcError, LogRangeUnsplittableError } from "../errors/errors.ts";
import type { RpcClient } from "../rpc/requestRpc.ts";
import type { RpcLog } from "./types.ts";

export type CreateAdaptiveGetLogsParameters = {
  publicClient: RpcClient;
  /** Blocks of the first request. Default 1 000. */
  initialRange?: number | bigint | undefined;
  /** Never ask for more blocks than this. Default 50 000. */
  maxRange?: number | bigint | undefined;
  /** Timeouts and 5xx do not shrink below this (size errors still go down to one block). Default 1. */
  minRange?: number | bigint | undefined;
  /** A full-size request with fewer logs than this, answered faster than `growBelowMs`, doubles the range. Default 2 500. */
  growBelowLogs?: number | undefined;
  /** See `growBelowLogs`. Default 1 000 ms. */
  growBelowMs?: number | undefined;
  /**
   * An answer with more logs than this shrinks the range to aim at `growBelowLogs` logs per request (at least one
   * block; the logs in hand are kept). Default 5 000. Smaller answers are decoded while the next is fetched, and their
   * parsed JSON dies young: `bench:indexer`'s 10,000-log batches in one request each left the main thread busy with
   * garbage collection (46 scavenges, ~300 ms of pauses per 92k events in `capacity.ts`, most of the young data
   * surviving).
   */
  shrinkAboveLogs?: number | undefined;
  /** Retries of one range for failures that shrinking cannot help (rate limits, network). Default 5. */
  retries?: number | undefined;
  /** First backoff delay. Default 250 ms. */
  retryDelayMs?: number | undefined;
  metrics?: IndexerMetrics | undefined;
  logger?: IndexerLogger | undefined;
  /** Clock for the growth rule; tests pass a fake one. Default `performance.now`. */
  now?: (() => number) | undefined;
};

/** The `eth_getLogs` filter besides the blocks: an address array and a topic0 list. */
export type LogFilter = { address: Address[]; topics: [Hex[]] };

/**
 * How one `eth_getLogs` request is sent and its answer read, into logs of type `L`: the raw `RpcLog`s by default,
 * decoded logs in the log fetcher.
 */
export type LogReader<L, A = unknown> = {
  /**
   * Sends `eth_getLogs` with `filter` (a block range or a block hash). Its failures are RPC failures: classified,
   * retried, or shrinking the range.
   */
  request(filter: Record<string, unknown>, signal: AbortSignal | undefined): Promise<A>;
  /**
   * The answer's logs in order, without the removed ones (and whatever else the reader skips), and how many logs the
   * answer held. What it throws (a log that does not decode) goes to the caller as it is.
   */
  read(answer: A): { logs: L[]; count: number };
  blockNumber(log: L): bigint;
  blockHash(log: L): Hex;
};

export type AdaptiveGetLogs<L = RpcLog> = {
  /**
   * Logs of `fromBlock..toBlock`, in block order, fetched in as many sub-ranges as the provider needs. With
   * `onLogs`, each answer's logs go to it as they arrive, in order, and the returned array is empty.
   */
  getLogsInRange(
    fromBlock: bigint,
    toBlock: bigint,
    filter: LogFilter,
    signal?: AbortSignal | undefined,
    onLogs?: ((logs: L[]) => void) | undefined,
  ): Promise<L[]>;
  /** Logs of one block by hash (EIP-234), with retries. */
  getLogsByHash(blockHash: Hex, filter: LogFilter, signal?: AbortSignal | undefined): Promise<L[]>;
  /** The current range in blocks. */
  range(): bigint;
};

/** The default reader: `publicClient.request`, the answer as `JSON.parse` gives it. */
function rpcLogReader(publicClient: RpcClient): LogReader<RpcLog, RpcLog[]> {
  return {
    request: (filter, signal) =>
      publicClient.request({ method: "eth_getLogs", params: [filter] } as never, {
        retryCount: 0,
        ...(signal ? { signal } : {}),
      }) as Promise<RpcLog[]>,
    read: (logs) => ({ logs: logs.filter((log) => log.removed !== true), count: logs.length }),
    blockNumber: (log) => hexToBigInt(log.blockNumber),
    blockHash: (log) => log.blockHash,
  };
}

const SIZE_KINDS: ReadonlySet<RpcErrorKind> = new Set(["too_many_results", "response_size", "range_limit"]);

/**
 * `eth_getLogs` with a block range that adapts to the provider. On a size error ("query returned more
 * than 10000 results", Alchemy's "Log response size exceeded", "block range too large", HTTP 413) the
 * range shrinks — to the provider's proposal, else between the largest span that worked and half the
 * failed one — and a stated maximum ("limited to a 10,000 range") becomes a ceiling; timeouts and 5xx
 * shrink too (down to `minRange`); rate limits and network errors back off without shrinking. Fast, small
 * answers grow it: doubling, or a binary search towards the smallest span that failed (forgotten after
 * 100 successes, as log density changes); an answer with more than `shrinkAboveLogs` logs shrinks it to aim at
 * `growBelowLogs` (dense blocks: smaller answers, each decoded while the next is fetched). The cursor only moves
 * past a block once its logs are in hand. A `reader` ({@link LogReader}) sends the requests and reads the answers:
 * by default `publicClient.request` and the `RpcLog`s as `JSON.parse` gives them (the log fetcher's decodes them, from
 * the answer's bytes where the transport allows). A log outside the requested blocks (or of another block hash) among
 * those the reader returns is a `ChainDataInconsistentError`.
 *
 * @example
 * const getLogs = createAdaptiveGetLogs({ publicClient, initialRange: 2_000 });
 * const raw = await getLogs.getLogsInRange(1n, 100_000n, { address: [token], topics: [[transferTopic]] });
 */
export function createAdaptiveGetLogs(params: CreateAdaptiveGetLogsParameters): AdaptiveGetLogs<RpcLog>;
export function createAdaptiveGetLogs<L, A>(
  params: CreateAdaptiveGetLogsParameters & { reader: LogReader<L, A> },
): AdaptiveGetLogs<L>;
export function createAdaptiveGetLogs<L, A>(
  params: CreateAdaptiveGetLogsParameters & { reader?: LogReader<L, A> },
): AdaptiveGetLogs<L> {
  const reader = params.reader ?? (rpcLogReader(params.publicClient) as unknown as LogReader<L, A>);
  const {
    growBelowLogs = 2_500,
    growBelowMs = 1_000,
    shrinkAboveLogs = 5_000,
    retries = 5,
    retryDelayMs = 250,
    metrics,
    logger,
    now = () => performance.now(),
  } = params;
  const minRange = max(1n, BigInt(params.minRange ?? 1));
  const maxRange = max(minRange, BigInt(params.maxRange ?? 50_000));
  let ceiling = maxRange;
  let range = min(maxRange, max(minRange, BigInt(params.initialRange ?? 1_000)));
  // Growth probes between the largest span that worked (`good`) and the smallest that failed (`bad`)
  // instead of doubling into the same failure again; both are forgotten after 100 successes.
  let bad: bigint | undefined;
  let good: bigint | undefined;
  let successes = 0;
  metrics?.getLogsRangeBlocks.set(Number(range));

  const request = (filter: Record<string, unknown>, signal: AbortSignal | undefined) => {
    metrics?.rpcRequestsTotal.inc({ method: "eth_getLogs" });
    return reader.request(filter, signal);
  };

  /** One request per adaptive sub-range; returns the reader's logs in request order. */
  async function getLogsInRange(
    fromBlock: bigint,
    toBlock: bigint,
    filter: LogFilter,
    signal?: AbortSignal | undefined,
    onLogs?: ((logs: L[]) => void) | undefined,
  ): Promise<L[]> {
    const out: L[] = [];
    let cursor = fromBlock;
    let failures = 0;
    while (cursor <= toBlock) {
      const span = min(range, toBlock - cursor + 1n);
      const end = cursor + span - 1n;
      const started = now();
      let answer: A;
      try {
        answer = await request(
          { ...filter, fromBlock: numberToHex(cursor), toBlock: numberToHex(end) },
          signal,
        );
      } catch (error) {
        if (signal?.aborted) throw error;
        const c = classifyRpcError(error);
        metrics?.rpcErrorsTotal.inc({ method: "eth_getLogs", kind: c.kind });
        const sizeError = SIZE_KINDS.has(c.kind);
        if (sizeError && span === 1n)
          throw new LogRangeUnsplittableError({ blockNumber: cursor, kind: c.kind, cause: error });
        // Size errors always shrink (down to one block); timeouts, 5xx and unrecognized answers down to
        // minRange — an unknown wording is most often a size limit we have not seen yet.
        if (sizeError || ((c.shrinkRange || c.kind === "unknown") && span > minRange)) {
          bad = bad === undefined || span < bad ? span : bad;
          successes = 0;
          const fallback = good !== undefined && good < span && good > span / 2n ? good : span / 2n;
          let next = c.suggestedRange ?? c.rangeLimit ?? fallback;
          if (next >= span) next = fallback;
          next = max(sizeError ? 1n : minRange, next);
          if (c.kind === "range_limit") ceiling = max(1n, min(ceiling, next));
          range = min(ceiling, next);
          metrics?.getLogsRangeBlocks.set(Number(range));
          logger?.debug({ kind: c.kind, fromBlock: cursor, span, next: range }, "eth_getLogs range shrunk");
          continue;
        }
        if (c.retryable && failures < retries) {
          failures++;
          await sleep(backoffDelay(failures, { baseDelayMs: retryDelayMs }), signal);
          continue;
        }
        throw new IndexerRpcError({
          method: "eth_getLogs",
          kind: c.kind,
          retryable: c.retryable,
          cause: error,
        });
      }
      const elapsed = now() - started;
      const { logs, count } = reader.read(answer);
      for (const log of logs) {
        const n = reader.blockNumber(log);
        if (n < cursor || n > end)
          throw new ChainDataInconsistentError(`eth_getLogs ${cursor}–${end} answered a log of block ${n}`, {
            fromBlock: cursor.toString(),
            toBlock: end.toString(),
            blockNumber: n.toString(),
          });
        out.push(log);
      }
      if (onLogs !== undefined) {
        onLogs(out);
        out.length = 0;
      }
      cursor = end + 1n;
      failures = 0;
      if (good === undefined || span > good) good = span;
      if (++successes >= 100) [bad, good, successes] = [undefined, undefined, 0];
      if (count > shrinkAboveLogs) {
        // Dense blocks: fewer blocks per request (not a failure: the span that worked stays known as good).
        const next = max(1n, (span * BigInt(growBelowLogs)) / BigInt(count));
        if (next < range) {
          range = next;
          metrics?.getLogsRangeBlocks.set(Number(range));
        }
      } else if (span === range && count < growBelowLogs && elapsed < growBelowMs && range < ceiling) {
        let next = range * 2n;
        if (bad !== undefined && next >= bad) next = (range + bad) / 2n;
        if (next > range) {
          range = min(ceiling, next);
          metrics?.getLogsRangeBlocks.set(Number(range));
        }
      }
    }
    return out;
  }

  async function getLogsByHash(
    blockHash: Hex,
    filter: LogFilter,
    signal?: AbortSignal | undefined,
  ): Promise<L[]> {
    for (let failures = 0; ; failures++) {
      let answer: A;
      try {
        answer = await request({ ...filter, blockHash }, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        const c = classifyRpcError(error);
        metrics?.rpcErrorsTotal.inc({ method: "eth_getLogs", kind: c.kind });
        if (!c.retryable || failures >= retries)
          throw new IndexerRpcError({
            method: "eth_getLogs",
            kind: c.kind,
            retryable: c.retryable,
            cause: error,
          });
        await sleep(backoffDelay(failures + 1, { baseDelayMs: retryDelayMs }), signal);
        continue;
      }
      const { logs } = reader.read(answer);
      for (const log of logs)
        if (reader.blockHash(log).toLowerCase() !== blockHash.toLowerCase())
          throw new ChainDataInconsistentError(
            `eth_getLogs by hash ${blockHash} answered a log of ${reader.blockHash(log)}`,
          );
      return logs;
    }
  }

  return { getLogsInRange, getLogsByHash, range: () => range };
}
