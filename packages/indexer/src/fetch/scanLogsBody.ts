/**
 * Where each field of each log lies in an `eth_getLogs` answer's bytes: the answer read without building a
 * JavaScript object per log. `fields` holds {@link LOG_FIELDS} byte offsets into `body` per log; the scanner takes
 * ASCII only, so a span read as Latin-1 is the field's string.
 */
export type ScannedLogs = {
  /** The answer's bytes. */
  body: Buffer;
  /** How many logs the answer holds. */
  count: number;
  /** `count × LOG_FIELDS` offsets; see the `F_*` constants. A string field's span excludes its quotes. */
  fields: Int32Array;
};

/** Offsets of one log's fields, relative to `i × LOG_FIELDS`. Starts and ends are [start, end) spans. */
export const F_ADDRESS = 0;
/** Topics: their number, then four start/end pairs (unused pairs are 0). */
export const F_TOPIC_COUNT = 2;
export const F_TOPICS = 3;
export const F_DATA = 11;
export const F_BLOCK_HASH = 13;
export const F_BLOCK_NUMBER = 15;
/** -1 when the log has no `blockTimestamp` or it is null. */
export const F_BLOCK_TIMESTAMP = 17;
export const F_TRANSACTION_HASH = 19;
export const F_TRANSACTION_INDEX = 21;
export const F_LOG_INDEX = 23;
/** 1 when `removed` is true, else 0. */
export const F_REMOVED = 25;
/** The log object's own span, from its `{` to after its `}`: valid JSON, for `JSON.parse` of that one log. */
export const F_OBJECT = 26;
export const LOG_FIELDS = 28;

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** 1 for the hex digits 0-9, a-f, A-F. */
const HEX = new Uint8Array(256);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;
/** 1 for characters a string may hold without an escape (printable ASCII but `"` and `\`). */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = c === QUOTE || c === 0x5c ? 0 : 1;

/** The keys the scanner reads, with their field, by their first byte. */
const KEYS: [field: number, bytes: Uint8Array][][] = [];
for (const [key, field] of [
  ["address", F_ADDRESS],
  ["topics", F_TOPIC_COUNT],
  ["data", F_DATA],
  ["blockHash", F_BLOCK_HASH],
  ["blockNumber", F_BLOCK_NUMBER],
  ["blockTimestamp", F_BLOCK_TIMESTAMP],
  ["transactionHash", F_TRANSACTION_HASH],
  ["transactionIndex", F_TRANSACTION_INDEX],
  ["logIndex", F_LOG_INDEX],
  ["removed", F_REMOVED],
] as const) {
  const bytes = Buffer.from(key, "latin1");
  const first = bytes[0] as number;
  KEYS[first] = [...(KEYS[first] ?? []), [field, bytes]];
}

/**
 * The field of the key whose first byte is at `start` (its closing quote at `start + length`), or -1 for a key the
 * scanner does not read.
 */
function knownKey(b: Uint8Array, start: number): number {
  const candidates = KEYS[b[start] as number];
  if (candidates === undefined) return -1;
  for (const [field, bytes] of candidates) {
    if (b[start + bytes.length] !== QUOTE) continue;
    let i = 1;
    while (i < bytes.length && b[start + i] === bytes[i]) i++;
    if (i === bytes.length) return field;
  }
  return -1;
}

/** The length of each known key, by field. */
const KEY_LENGTHS: number[] = [];
for (const list of KEYS) for (const [field, bytes] of list ?? []) KEY_LENGTHS[field] = bytes.length;

/** Whether the bytes at `start` spell `word` (an envelope key). */
function matches(b: Uint8Array, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (b[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** Every field a log must have for the scanner to take it (blockTimestamp and removed are optional). */
const REQUIRED =
  (1 << F_ADDRESS) |
  (1 << F_TOPIC_COUNT) |
  (1 << F_DATA) |
  (1 << F_BLOCK_HASH) |
  (1 << F_BLOCK_NUMBER) |
  (1 << F_TRANSACTION_HASH) |
  (1 << F_TRANSACTION_INDEX) |
  (1 << F_LOG_INDEX);

/**
 * Scans a JSON-RPC answer to `eth_getLogs` — `{"jsonrpc":"2.0","id":…,"result":[{log}, …]}`, keys in any order,
 * any JSON whitespace — and returns where each log's fields are, or `undefined` for anything else: an error answer,
 * malformed or truncated JSON, a value with an escape or a non-ASCII character, a hex field with a non-hex digit, a
 * log without one of the fields every node sends, more than four topics, a key of a log whose value is an object or
 * an array. The caller then parses the answer with `JSON.parse`, so that an answer the scanner takes and one it
 * leaves mean exactly the same thing: whatever it takes is valid JSON (every byte is checked), and each field it
 * reports is the very string `JSON.parse` would give (no escapes, ASCII only).
 *
 * Fields of the log that the indexer does not read (a node's extra keys) are skipped when their value is a plain
 * string, a number, `true`, `false` or `null`.
 *
 * @example
 * const scanned = scanLogsBody(body);
 * if (scanned === undefined) return JSON.parse(new TextDecoder().decode(body)); // the general path
 */
export function scanLogsBody(body: Buffer): ScannedLogs | undefined {
  const b = body;
  const n = b.length;
  let fields = new Int32Array(LOG_FIELDS * 64);
  let count = 0;
  let resultSeen = false;
  let i = skipWs(b, 0);
  if (b[i] !== OPEN_BRACE) return undefined;
  i = skipWs(b, i + 1);
  if (b[i] === CLOSE_BRACE) return undefined;
  for (;;) {
    // A top-level key: "jsonrpc", "id" or "result"; anything else ("error") is the general path's.
    if (b[i] !== QUOTE) return undefined;
    const keyStart = i + 1;
    const keyEnd = endOfPlainString(b, keyStart);
    if (keyEnd < 0) return undefined;
    i = skipWs(b, keyEnd + 1);
    if (b[i] !== COLON) return undefined;
    i = skipWs(b, i + 1);
    const length = keyEnd - keyStart;
    if (length === 6 && matches(b, keyStart, "result")) {
      if (resultSeen || b[i] !== OPEN_BRACKET) return undefined;
      resultSeen = true;
      i = skipWs(b, i + 1);
      if (b[i] === CLOSE_BRACKET) i++;
      else
        for (;;) {
          if ((count + 1) * LOG_FIELDS > fields.length) {
            const grown = new Int32Array(fields.length * 2);
            grown.set(fields);
            fields = grown;
          }
          i = scanLog(b, i, fields, count * LOG_FIELDS);
          if (i < 0) return undefined;
          count++;
          i = skipWs(b, i);
          if (b[i] === COMMA) i = skipWs(b, i + 1);
          else if (b[i] === CLOSE_BRACKET) {
            i++;
            break;
          } else return undefined;
        }
    } else if (
      (length === 7 && matches(b, keyStart, "jsonrpc")) ||
      (length === 2 && matches(b, keyStart, "id"))
    ) {
      i = skipScalar(b, i);
      if (i < 0) return undefined;
    } else return undefined;
    i = skipWs(b, i);
    if (b[i] === COMMA) i = skipWs(b, i + 1);
    else if (b[i] === CLOSE_BRACE) break;
    else return undefined;
  }
  if (!resultSeen || skipWs(b, i + 1) !== n) return undefined;
  return { body, count, fields: fields.subarray(0, count * LOG_FIELDS) };
}

/** Scans one log object at `i` into `fields[at…]`; the offset after its `}`, or -1. */
function scanLog(b: Uint8Array, i: number, fields: Int32Array, at: number): number {
  if (b[i] !== OPEN_BRACE) return -1;
  fields[at + F_OBJECT] = i;
  fields[at + F_BLOCK_TIMESTAMP] = -1;
  fields[at + F_BLOCK_TIMESTAMP + 1] = -1;
  fields[at + F_REMOVED] = 0;
  let seen = 0;
  i = skipWs(b, i + 1);
  if (b[i] === CLOSE_BRACE) return -1;
  for (;;) {
    if (b[i] !== QUOTE) return -1;
    const keyStart = i + 1;
    const field = knownKey(b, keyStart);
    const keyEnd = field >= 0 ? keyStart + (KEY_LENGTHS[field] as number) : endOfPlainString(b, keyStart);
    if (keyEnd < 0) return -1;
    i = skipWs(b, keyEnd + 1);
    if (b[i] !== COLON) return -1;
    i = skipWs(b, i + 1);
    if (field === F_TOPIC_COUNT) {
      if (b[i] !== OPEN_BRACKET) return -1;
      i = skipWs(b, i + 1);
      let topics = 0;
      if (b[i] === CLOSE_BRACKET) i++;
      else
        for (;;) {
          if (topics === 4 || b[i] !== QUOTE) return -1;
          const end = endOfHex(b, i + 1);
          if (end < 0) return -1;
          fields[at + F_TOPICS + 2 * topics] = i + 1;
          fields[at + F_TOPICS + 2 * topics + 1] = end;
          topics++;
          i = skipWs(b, end + 1);
          if (b[i] === COMMA) i = skipWs(b, i + 1);
          else if (b[i] === CLOSE_BRACKET) {
            i++;
            break;
          } else return -1;
        }
      for (let t = topics; t < 4; t++) {
        fields[at + F_TOPICS + 2 * t] = 0;
        fields[at + F_TOPICS + 2 * t + 1] = 0;
      }
      fields[at + F_TOPIC_COUNT] = topics;
    } else if (field === F_REMOVED) {
      const value = literal(b, i);
      if (value !== TRUE && value !== FALSE) return -1;
      fields[at + F_REMOVED] = value === TRUE ? 1 : 0;
      i += value === TRUE ? 4 : 5;
    } else if (field === F_BLOCK_TIMESTAMP && literal(b, i) === NULL) {
      fields[at + F_BLOCK_TIMESTAMP] = -1;
      fields[at + F_BLOCK_TIMESTAMP + 1] = -1;
      i += 4;
    } else if (field >= 0) {
      if (b[i] !== QUOTE) return -1;
      const end = endOfHex(b, i + 1);
      if (end < 0) return -1;
      fields[at + field] = i + 1;
      fields[at + field + 1] = end;
      i = end + 1;
    } else {
      i = skipScalar(b, i);
      if (i < 0) return -1;
    }
    if (field >= 0) seen |= 1 << field;
    i = skipWs(b, i);
    if (b[i] === COMMA) i = skipWs(b, i + 1);
    else if (b[i] === CLOSE_BRACE) break;
    else return -1;
  }
  if ((seen & REQUIRED) !== REQUIRED) return -1;
  fields[at + F_OBJECT + 1] = i + 1;
  return i + 1;
}

/** The closing quote's offset of a `0x`-prefixed hex string whose first character is at `i`; -1 otherwise. */
function endOfHex(b: Uint8Array, i: number): number {
  if (b[i] !== 0x30 || (b[i + 1] !== 0x78 && b[i + 1] !== 0x58)) return -1;
  i += 2;
  // Four digits a step while they last (a hash is 64), then one by one. Past the end, b[i] is undefined: not hex.
  while (
    ((HEX[b[i] as number] as number) &
      (HEX[b[i + 1] as number] as number) &
      (HEX[b[i + 2] as number] as number) &
      (HEX[b[i + 3] as number] as number)) ===
    1
  )
    i += 4;
  while (HEX[b[i] as number] === 1) i++;
  return b[i] === QUOTE ? i : -1;
}

/** The closing quote's offset of a string of printable ASCII without escapes starting at `i`; -1 otherwise. */
function endOfPlainString(b: Uint8Array, i: number): number {
  while (PLAIN[b[i] as number] === 1) i++;
  return b[i] === QUOTE ? i : -1;
}

const TRUE = 1;
const FALSE = 2;
const NULL = 3;

function literal(b: Uint8Array, i: number): number {
  if (b[i] === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) return TRUE;
  if (b[i] === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65)
    return FALSE;
  if (b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) return NULL;
  return 0;
}

/** Skips a plain string, a JSON number, `true`, `false` or `null` at `i`; the offset after it, or -1. */
function skipScalar(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === QUOTE) {
    const end = endOfPlainString(b, i + 1);
    return end < 0 ? -1 : end + 1;
  }
  const l = literal(b, i);
  if (l !== 0) return i + (l === FALSE ? 5 : 4);
  return endOfNumber(b, i);
}

/** A JSON number (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`) at `i`: the offset after it, or -1. */
function endOfNumber(b: Uint8Array, i: number): number {
  if (b[i] === 0x2d) i++;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    if (b[i] === 0x2b || b[i] === 0x2d) i++;
    if (!isDigit(b[i])) return -1;
    while (isDigit(b[i])) i++;
  }
  return i;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function skipWs(b: Uint8Array, i: number): number {
  for (;;) {
    const c = b[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}
