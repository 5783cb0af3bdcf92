import {
  type Abi,
  type AbiEvent,
  decodeEventLog,
  getAddress,
  type Hex,
  hexToBigInt,
  toEventSelector,
} from "viem";
import type { IndexerMetrics } from "../common/types.ts";
import { LogDecodeError } from "../errors/errors.ts";
import type { SourceRegistry } from "../sources/createSourceRegistry.ts";
import { type CompiledEventDecoder, compileEventDecoder } from "./compileEventDecoder.ts";
import type { DecodedLog, RpcLog } from "./types.ts";

export type CreateLogDecoderParameters = {
  sources: SourceRegistry;
  metrics?: IndexerMetrics | undefined;
  /** Called for each skipped log (no source at its address, or a topic its ABI does not know). */
  onUnknownLog?: ((log: RpcLog) => void) | undefined;
};

/** Decodes raw logs with their source's ABI; `undefined` for a log that is skipped as unknown. */
export type LogDecoder = (log: RpcLog) => DecodedLog | undefined;

/** A log or transaction index (a JSON-RPC quantity far below 2^53) as a number. */
function hexToIndex(hex: Hex): number {
  const n = Number.parseInt(hex, 16);
  if (!Number.isSafeInteger(n) || n < 0 || !/^0x[0-9a-fA-F]+$/.test(hex)) return Number(hexToBigInt(hex));
  return n;
}

/**
 * Builds a decoder that looks each log's topic0 up in the ABI of its address (a per-ABI map built once) and
 * decodes it — with a compiled decoder for all-static events (`compileEventDecoder`), else with viem's
 * `decodeEventLog`. A log of an unknown address or topic is counted
 * (`unknownLogsTotal`), reported to `onUnknownLog` and skipped; a log whose topic is known but whose data
 * does not decode means the ABI is wrong, which is fatal ({@link LogDecodeError}).
 *
 * @example
 * const decode = createLogDecoder({ sources: registry, metrics });
 * const decoded = rawLogs.map(decode).filter((l) => l !== undefined);
 */
export function createLogDecoder(params: CreateLogDecoderParameters): LogDecoder {
  const { sources, metrics, onUnknownLog } = params;
  type Known = { event: AbiEvent; fast: CompiledEventDecoder | undefined };
  const cache = new WeakMap<Abi, Map<string, Known>>();
  const eventsOf = (abi: Abi) => {
    let map = cache.get(abi);
    if (map === undefined) {
      map = new Map();
      for (const item of abi)
        if (item.type === "event" && item.anonymous !== true)
          map.set(toEventSelector(item), { event: item, fast: compileEventDecoder(item) });
      cache.set(abi, map);
    }
    return map;
  };
  const timestampOf = (hex: Hex | null | undefined): bigint | undefined => {
    if (hex === undefined || hex === null) return undefined;
    if (hex !== lastTimestamp.hex) lastTimestamp = { hex, value: hexToBigInt(hex) };
    return lastTimestamp.value;
  };
  const unknown = (log: RpcLog) => {
    metrics?.unknownLogsTotal.inc();
    onUnknownLog?.(log);
    return undefined;
  };
  // A block's logs carry the same number and timestamp: converted once per block, not once per log.
  let lastBlock: { hex: Hex; value: bigint } = { hex: "0x", value: 0n };
  let lastTimestamp: { hex: Hex; value: bigint } = { hex: "0x", value: 0n };
  return (log) => {
    const entry = sources.find(log.address);
    const topic0 = log.topics[0];
    if (entry === undefined || topic0 === undefined) return unknown(log);
    const known = eventsOf(entry.abi).get(topic0.toLowerCase());
    if (known === undefined) return unknown(log);
    const { event, fast } = known;
    if (log.blockNumber !== lastBlock.hex)
      lastBlock = { hex: log.blockNumber, value: hexToBigInt(log.blockNumber) };
    const blockNumber = lastBlock.value;
    const logIndex = hexToIndex(log.logIndex);
    let decoded: { eventName: string; args: unknown };
    try {
      decoded =
        fast === undefined
          ? (decodeEventLog({
              abi: [event],
              topics: log.topics as [Hex, ...Hex[]],
              data: log.data,
              strict: true,
            }) as { eventName: string; args: unknown })
          : { eventName: event.name, args: fast(log.topics, log.data) };
    } catch (cause) {
      throw new LogDecodeError({ address: log.address, eventName: event.name, blockNumber, logIndex, cause });
    }
    return {
      source: entry.name,
      // The registry's entry holds the checksummed address: no keccak per log.
      address:
        entry.address.toLowerCase() === log.address.toLowerCase() ? entry.address : getAddress(log.address),
      eventName: decoded.eventName,
      args: (decoded.args ?? {}) as Record<string, unknown>,
      blockNumber,
      blockHash: log.blockHash,
      blockTimestamp: timestampOf(log.blockTimestamp),
      transactionHash: log.transactionHash,
      transactionIndex: hexToIndex(log.transactionIndex),
      logIndex,
    };
  };
}
