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
import { hexValue } from "./hexValue.ts";
import {
  F_ADDRESS,
  F_BLOCK_HASH,
  F_BLOCK_NUMBER,
  F_BLOCK_TIMESTAMP,
  F_DATA,
  F_LOG_INDEX,
  F_OBJECT,
  F_REMOVED,
  F_TOPIC_COUNT,
  F_TOPICS,
  F_TRANSACTION_HASH,
  F_TRANSACTION_INDEX,
  LOG_FIELDS,
  type ScannedLogs,
} from "./scanLogsBody.ts";
import type { DecodedLog, RpcLog } from "./types.ts";

export type CreateLogDecoderParameters = {
  sources: SourceRegistry;
  metrics?: IndexerMetrics | undefined;
  /** Called for each skipped log (no source at its address, or a topic its ABI does not know). */
  onUnknownLog?: ((log: RpcLog) => void) | undefined;
};

/** Decodes raw logs with their source's ABI; `undefined` for a log that is skipped as unknown. */
export type LogDecoder = ((log: RpcLog) => DecodedLog | undefined) & {
  /**
   * Decodes every log of a scanned `eth_getLogs` answer ({@link scanLogsBody}) into `into`, in order, skipping removed
   * and unknown logs: the same logs, the same values and the same errors as the decoder applied to each log of
   * `JSON.parse` of the answer.
   */
  scanned(answer: ScannedLogs, into: DecodedLog[]): void;
};

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
  // (No value cached at first: even "0x" goes through hexToBigInt, which refuses it.)
  let lastBlock: { hex: Hex | undefined; value: bigint } = { hex: undefined, value: 0n };
  let lastTimestamp: { hex: Hex | undefined; value: bigint } = { hex: undefined, value: 0n };
  const decode = (log: RpcLog): DecodedLog | undefined => {
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

  /**
   * The scanned answer's logs, each decoded from strings read out of the answer's bytes: the fields it needs, not a
   * string of the whole answer (for a 1.26 MB answer of 2,000 logs, 5.0–5.6 against 7.5–8.5 ms of CPU with such a
   * string and slices of it here; and a slice would keep the whole string alive in the address caches). Consecutive
   * logs mostly share their address, topic0, block and transaction: those are compared byte by byte with the previous
   * log's and converted once. A compiled event's arguments are read from the bytes too (`fromBytes`: no string per
   * topic or for the data). A log the fast way does not cover (an unknown address or event, an event with dynamic parameters, a value whose conversion throws) goes
   * through `decode` after `JSON.parse` of that log alone, which counts it, reports it or throws exactly as for an
   * answer parsed whole.
   */
  const scanned = (answer: ScannedLogs, into: DecodedLog[]): void => {
    const { body, fields: f, count } = answer;
    /** A field (or a log) as a string of its own. */
    const text = (start: number | undefined, end: number | undefined) => body.toString("latin1", start, end);
    const general = (at: number) => {
      const log = JSON.parse(text(f[at + F_OBJECT], f[at + F_OBJECT + 1])) as RpcLog;
      const decoded = decode(log);
      if (decoded !== undefined) into.push(decoded);
    };
    // What the previous log's spans gave: consecutive logs mostly share them.
    const hex = (start: number, end: number) => text(start, end) as Hex;
    const sourceAt = spanCache(body, (start, end) => {
      const entry = sources.find(text(start, end));
      return entry === undefined ? undefined : { entry, events: eventsOf(entry.abi) };
    });
    const blockNumberAt = spanCache(body, (start, end) => hexToBigInt(hex(start, end)));
    const timestampAt = spanCache(body, (start, end) => hexToBigInt(hex(start, end)));
    const blockHashAt = spanCache(body, hex);
    const transactionHashAt = spanCache(body, hex);
    // topic0 → event: one cache per ABI's events (a new address with another ABI starts afresh).
    let events: Map<string, Known> | undefined;
    let knownAt = (_start: number, _end: number): Known | undefined => undefined;
    for (let k = 0; k < count; k++) {
      const at = k * LOG_FIELDS;
      if (f[at + F_REMOVED] === 1) continue;
      const source = sourceAt(f[at + F_ADDRESS] as number, f[at + F_ADDRESS + 1] as number);
      const topics = f[at + F_TOPIC_COUNT] as number;
      if (source === undefined || topics === 0) {
        general(at);
        continue;
      }
      const { entry } = source;
      if (source.events !== events) {
        const sourceEvents = source.events;
        events = sourceEvents;
        knownAt = spanCache(body, (start, end) => sourceEvents.get(text(start, end).toLowerCase()));
      }
      const known = knownAt(f[at + F_TOPICS] as number, f[at + F_TOPICS + 1] as number);
      const fast = known?.fast;
      if (known === undefined || fast === undefined || topics !== fast.topics) {
        general(at);
        continue;
      }
      const ts = f[at + F_BLOCK_TIMESTAMP] as number;
      let args: Record<string, unknown>;
      let blockNumber: bigint;
      let blockTimestamp: bigint | undefined;
      const logIndex = quantity(body, f[at + F_LOG_INDEX] as number, f[at + F_LOG_INDEX + 1] as number);
      const transactionIndex = quantity(
        body,
        f[at + F_TRANSACTION_INDEX] as number,
        f[at + F_TRANSACTION_INDEX + 1] as number,
      );
      try {
        if (logIndex < 0 || transactionIndex < 0) throw new Error("not a small quantity");
        blockNumber = blockNumberAt(f[at + F_BLOCK_NUMBER] as number, f[at + F_BLOCK_NUMBER + 1] as number);
        blockTimestamp = ts < 0 ? undefined : timestampAt(ts, f[at + F_BLOCK_TIMESTAMP + 1] as number);
        const dataStart = f[at + F_DATA] as number;
        const dataEnd = f[at + F_DATA + 1] as number;
        // From the bytes; a log they do not cover (a topic that is not a whole word, short data) from strings.
        const fromBytes = fast.fromBytes(body, f, at + F_TOPICS + 2, dataStart, dataEnd);
        if (fromBytes !== undefined) args = fromBytes;
        else {
          const topicList: Hex[] = [];
          for (let i = 0; i < topics; i++)
            topicList.push(hex(f[at + F_TOPICS + 2 * i] as number, f[at + F_TOPICS + 2 * i + 1] as number));
          args = fast(topicList, hex(dataStart, dataEnd));
        }
      } catch {
        general(at); // the same conversions again, and the error they throw there
        continue;
      }
      into.push({
        source: entry.name,
        address: entry.address,
        eventName: known.event.name,
        args,
        blockNumber,
        blockHash: blockHashAt(f[at + F_BLOCK_HASH] as number, f[at + F_BLOCK_HASH + 1] as number),
        blockTimestamp,
        transactionHash: transactionHashAt(
          f[at + F_TRANSACTION_HASH] as number,
          f[at + F_TRANSACTION_HASH + 1] as number,
        ),
        transactionIndex,
        logIndex,
      });
    }
  };
  return Object.assign(decode, { scanned });
}

/**
 * `convert` of a span of `body`, computed once for a run of spans that hold the same bytes (a block's number, hash and
 * timestamp, a transaction's hash, an address). A `convert` that throws leaves the cache as it was.
 */
function spanCache<T>(
  body: Buffer,
  convert: (start: number, end: number) => T,
): (start: number, end: number) => T {
  let start = -1;
  let end = -1;
  let value: T | undefined;
  return (s, e) => {
    if (!sameSpan(body, s, e, start, end)) {
      value = convert(s, e);
      start = s;
      end = e;
    }
    return value as T;
  };
}

/** Whether `b[start, end)` holds the same bytes as `b[prev, prevEnd)` (false when there is no previous span). */
function sameSpan(b: Uint8Array, start: number, end: number, prev: number, prevEnd: number): boolean {
  if (prev < 0 || end - start !== prevEnd - prev) return false;
  for (let i = 0; i < end - start; i++) if (b[start + i] !== b[prev + i]) return false;
  return true;
}

/** The value of a `0x` quantity of 1–13 hex digits at `b[start, end)` (the scanner checked the digits); else -1. */
function quantity(b: Uint8Array, start: number, end: number): number {
  return end - start < 3 || end - start > 15 ? -1 : hexValue(b, start + 2, end);
}
