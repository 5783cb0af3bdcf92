import { RAW_REQUEST_METHOD, type RawRequestResult, supportsRawRequests } from "@coinscious/chain";
import type { Address, Hex } from "viem";
import { minBigInt } from "../common/minBigInt.ts";
import type { RpcClient } from "../rpc/requestRpc.ts";
import { createSourceRegistry, type SourceRegistry } from "../sources/createSourceRegistry.ts";
import type { IndexerFactory, IndexerSources } from "../sources/types.ts";
import { compareLogOrder } from "./compareLogOrder.ts";
import {
  type CreateAdaptiveGetLogsParameters,
  createAdaptiveGetLogs,
  type LogReader,
} from "./createAdaptiveGetLogs.ts";
import { createLogDecoder, type LogDecoder } from "./createLogDecoder.ts";
import { type ScannedLogs, scanLogsBody } from "./scanLogsBody.ts";
import type { DecodedLog, RpcLog } from "./types.ts";

/** Range, retry and metric options are those of {@link createAdaptiveGetLogs}. */
export type CreateLogFetcherParameters = Omit<CreateAdaptiveGetLogsParameters, "publicClient"> & {
  publicClient: RpcClient;
  /** The sources, or a registry shared with the sync (which rolls discovered contracts back on reorgs). */
  sources: IndexerSources | SourceRegistry;
  /** Called for each log skipped as unknown (also counted in `metrics.unknownLogsTotal`). */
  onUnknownLog?: ((log: RpcLog) => void) | undefined;
};

/** Blocks to fetch: a range, or one block by hash (EIP-234, exact even on a node that lags or forked). */
export type FetchLogsParameters =
  | { fromBlock: bigint; toBlock: bigint; signal?: AbortSignal | undefined }
  | { blockHash: Hex; signal?: AbortSignal | undefined };

export type LogFetcher = {
  /** The live registry (static sources + discovered classes). */
  readonly sources: SourceRegistry;
  /**
   * Every log of every source in the blocks, decoded, ordered by (block, logIndex), each exactly once.
   * Contracts announced by a factory inside the range are added to the registry and their logs from the
   * announcement on are included (one extra request over the rest of the range).
   */
  fetchLogs(params: FetchLogsParameters): Promise<DecodedLog[]>;
  /** Registers the contracts the factories announced in the range, without fetching their logs (restart). */
  scanFactories(params: {
    fromBlock: bigint;
    toBlock: bigint;
    signal?: AbortSignal | undefined;
  }): Promise<number>;
  /** The current adaptive range in blocks. */
  range(): bigint;
};

/**
 * Fetches and decodes the logs of every source: one `eth_getLogs` per adaptive range covering every
 * address (address array) and only the sources' event topics — see {@link createAdaptiveGetLogs} for how
 * ranges split on "too many results", size and range limits, timeouts and 5xx, and grow again — decoded
 * with each address's ABI (unknown topics counted and skipped), ordered by (block, logIndex), each exactly
 * once. A factory source's `TokenClassCreated` adds the new class to the registry, and its logs from that
 * block to the end of the range are fetched with one more request.
 *
 * @example
 * const fetcher = createLogFetcher({ publicClient, sources: getManifestSources(manifest), maxRange: 10_000 });
 * const logs = await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 50_000n });
 * logs.filter((l) => l.eventName === "Transfer");
 */
export function createLogFetcher(params: CreateLogFetcherParameters): LogFetcher {
  const { logger } = params;
  const registry: SourceRegistry =
    "addChild" in params.sources ? params.sources : createSourceRegistry(params.sources);
  const decode = createLogDecoder({
    sources: registry,
    metrics: params.metrics,
    onUnknownLog: params.onUnknownLog,
  });
  const reader = decodingReader(params.publicClient, decode);
  const { getLogsInRange, getLogsByHash, range } = createAdaptiveGetLogs({ ...params, reader });

  /** Moves `decoded` into `into`, and registers the contracts factories announce; returns the new ones with their block. */
  function collect(decoded: DecodedLog[], into: DecodedLog[]): { address: Address; blockNumber: bigint }[] {
    const found: { address: Address; blockNumber: bigint }[] = [];
    // Looked up once per run of logs from one contract (their address is one string: the registry entry's).
    let address: string | undefined;
    let factory: IndexerFactory | undefined;
    for (const log of decoded) {
      into.push(log);
      if (log.address !== address) {
        address = log.address;
        factory = registry.findFactory(address);
      }
      if (factory === undefined || log.eventName !== factory.eventName) continue;
      const child = log.args[factory.addressArgument];
      if (typeof child !== "string") continue;
      if (registry.addChild({ factory, address: child as Address, blockNumber: log.blockNumber }))
        found.push({ address: child as Address, blockNumber: log.blockNumber });
    }
    return found;
  }

  return {
    sources: registry,
    range,
    async fetchLogs(p) {
      const topics: [Hex[]] = [registry.topics()];
      const logs: DecodedLog[] = [];
      let found: { address: Address; blockNumber: bigint }[] = [];
      // Each answer is decoded as it arrives (in the reader): its parsed form is garbage before the next one is read.
      const decodeInto = (decoded: DecodedLog[]) => {
        for (const child of collect(decoded, logs)) found.push(child);
      };
      const fetch = async (address: Address[], fromBlock: bigint | undefined) => {
        if ("blockHash" in p) decodeInto(await getLogsByHash(p.blockHash, { address, topics }, p.signal));
        else
          await getLogsInRange(
            fromBlock ?? p.fromBlock,
            p.toBlock,
            { address, topics },
            p.signal,
            decodeInto,
          );
      };
      await fetch(registry.addresses(), undefined);
      // A class created inside the range emits from its creation block on: fetch its logs for the rest.
      while (found.length > 0) {
        const from = minBigInt(...(found.map((f) => f.blockNumber) as [bigint]));
        const addresses = found.map((f) => f.address);
        logger?.info({ addresses, fromBlock: from }, "new token classes found through the factory");
        found = [];
        await fetch(addresses, from);
      }
      return inLogOrder(logs);
    },
    async scanFactories(p) {
      const factories = registry.factories();
      if (factories.length === 0 || p.toBlock < p.fromBlock) return 0;
      const raw = await getLogsInRange(
        p.fromBlock,
        p.toBlock,
        { address: factories.map((f) => f.address), topics: [registry.topics()] },
        p.signal,
      );
      return collect(raw, []).length;
    },
  };
}

/**
 * `logs` ordered by (block, log index), each log once. A node answers a range in that order and the fetcher's
 * ranges follow each other, so this is usually a check that returns `logs` itself; the logs of a class found through
 * the factory (a second request from its creation block) or a node that repeats a log take the keyed merge.
 */
function inLogOrder(logs: DecodedLog[]): DecodedLog[] {
  let increasing = true;
  for (let i = 1; i < logs.length && increasing; i++)
    increasing = compareLogOrder(logs[i - 1] as DecodedLog, logs[i] as DecodedLog) < 0;
  if (increasing) return logs;
  const byKey = new Map<string, DecodedLog>();
  for (const log of logs) byKey.set(`${log.blockNumber}:${log.logIndex}`, log);
  return [...byKey.values()].sort(compareLogOrder);
}

/**
 * Reads each `eth_getLogs` answer into decoded logs. Through a transport that takes raw requests (createRpcTransport's),
 * the answer's bytes are scanned ({@link scanLogsBody}) and decoded from its fields' bytes, without a JavaScript
 * object per log: less than half the CPU of `JSON.parse` and decoding its objects (5–6 against 13–16 ms for a
 * 1.26 MB answer of 2,000 Transfer logs here, garbage collection included; see the indexer's bench README). An answer
 * the scanner does not take (an error, anything unusual) is parsed the general way by the transport; other
 * transports get the plain `eth_getLogs` request. Either way the same logs come out, with the same errors.
 */
function decodingReader(
  publicClient: RpcClient,
  decode: LogDecoder,
): LogReader<DecodedLog, RpcLog[] | RawRequestResult<ScannedLogs>> {
  const raw = supportsRawRequests(publicClient);
  return {
    request(filter, signal) {
      const options = { retryCount: 0, ...(signal ? { signal } : {}) };
      const request = { method: "eth_getLogs", params: [filter] };
      return publicClient.request(
        (raw ? { method: RAW_REQUEST_METHOD, params: [request, scanLogsBody] } : request) as never,
        options,
      ) as Promise<RpcLog[] | RawRequestResult<ScannedLogs>>;
    },
    read(answer) {
      const logs: DecodedLog[] = [];
      if (!Array.isArray(answer) && "parsed" in answer) {
        decode.scanned(answer.parsed, logs);
        return { logs, count: answer.parsed.count };
      }
      const all = (Array.isArray(answer) ? answer : answer.result) as RpcLog[];
      for (const log of all) {
        if (log.removed === true) continue;
        const decoded = decode(log);
        if (decoded !== undefined) logs.push(decoded);
      }
      return { logs, count: all.length };
    },
    blockNumber: (log) => log.blockNumber,
    blockHash: (log) => log.blockHash,
  };
}
