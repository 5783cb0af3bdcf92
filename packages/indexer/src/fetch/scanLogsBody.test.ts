import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { investorRegistryAbi, securityTokenAbi } from "@coinscious/contracts";
import fc from "fast-check";
import { type Abi, type AbiEvent, toEventSelector } from "viem";
import { createIndexerMetrics } from "../common/createIndexerMetrics.ts";
import { createSourceRegistry } from "../sources/createSourceRegistry.ts";
import { testAddress } from "../test/fakeChain.ts";
import { createLogDecoder, type LogDecoder } from "./createLogDecoder.ts";
import { LOG_FIELDS, scanLogsBody } from "./scanLogsBody.ts";
import type { DecodedLog, RpcLog } from "./types.ts";

const token = testAddress(1);
const registryAddress = testAddress(2);
const sources = {
  chainId: 31337,
  startBlock: 1n,
  contracts: [
    { name: "token", address: token, abi: securityTokenAbi as Abi, startBlock: 1n },
    { name: "registry", address: registryAddress, abi: investorRegistryAbi as Abi, startBlock: 1n },
  ],
  factories: [],
};
const selector = (abi: Abi, name: string) =>
  toEventSelector(abi.find((i): i is AbiEvent => i.type === "event" && i.name === name) as AbiEvent);
const TRANSFER = selector(securityTokenAbi as Abi, "Transfer");
/** An event with a dynamic parameter: decoded by viem, not by a compiled decoder. */
const INVESTOR_REGISTERED = selector(investorRegistryAbi as Abi, "InvestorRegistered");

/** What decoding an answer gives: the logs, the unknown logs reported, the unknown count, or the error. */
type Outcome = { logs?: DecodedLog[]; unknown: RpcLog[]; unknownCount: number; error?: string };

/** What `run` gives with a fresh decoder: the logs it collects, or the error it throws, and the unknown logs. */
function outcomeOf(run: (decode: LogDecoder, logs: DecodedLog[]) => void): Outcome {
  const metrics = createIndexerMetrics();
  const unknown: RpcLog[] = [];
  const decode = createLogDecoder({
    sources: createSourceRegistry(sources),
    metrics,
    onUnknownLog: (l) => unknown.push(l),
  });
  const logs: DecodedLog[] = [];
  try {
    run(decode, logs);
    return { logs, unknown, unknownCount: unknownCount(metrics) };
  } catch (error) {
    return { unknown, unknownCount: unknownCount(metrics), error: describeError(error) };
  }
}

/** The reference: `JSON.parse` of the whole answer and the decoder applied to each of its logs. */
const viaJson = (body: Buffer): Outcome =>
  outcomeOf((decode, logs) => {
    for (const log of (JSON.parse(body.toString("utf8")) as { result: RpcLog[] }).result) {
      if (log.removed === true) continue;
      const decoded = decode(log);
      if (decoded !== undefined) logs.push(decoded);
    }
  });

/** The fast way: the scanner, then the decoder's `scanned`; undefined when the scanner does not take the answer. */
function viaScan(body: Buffer): Outcome | undefined {
  const scanned = scanLogsBody(body);
  return scanned === undefined ? undefined : outcomeOf((decode, logs) => decode.scanned(scanned, logs));
}

const unknownCount = (metrics: ReturnType<typeof createIndexerMetrics>) =>
  metrics.snapshot().counters.unknownLogsTotal?.[""] ?? 0;
const describeError = (error: unknown) =>
  error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);

const hexOf = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString("hex"));
/** Hex as a node might send it: lower case mostly, sometimes upper or mixed. */
const cased = (hex: fc.Arbitrary<string>) =>
  fc
    .tuple(hex, fc.constantFrom("lower", "lower", "lower", "upper", "mixed"))
    .map(([h, c]) =>
      c === "lower"
        ? h
        : c === "upper"
          ? h.toUpperCase()
          : [...h].map((x, i) => (i % 3 === 0 ? x.toUpperCase() : x)).join(""),
    );
const quantity = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }).map((n) => `0x${n.toString(16)}`),
  fc.bigInt({ min: 0n, max: 2n ** 70n }).map((n) => `0x${n.toString(16)}`),
  fc.constantFrom("0x", "0x00", "0x0001"),
);
const addressTopic = cased(
  fc.constantFrom(...Array.from({ length: 6 }, (_, i) => testAddress(100 + i).slice(2))),
).map((a) => `0x${"0".repeat(24)}${a}`);
const topic0 = fc.oneof(
  fc.constant(TRANSFER).map((t) => t as string),
  fc.constant(TRANSFER.toUpperCase().replace("0X", "0x")),
  fc.constant(INVESTOR_REGISTERED as string),
  hexOf(32).map((h) => `0x${h}`),
);
const pooled = (size: number) =>
  fc.constantFrom(...Array.from({ length: size }, (_, i) => `0x${i.toString(16).padStart(64, "a")}`));

/** One log as a list of [key, value] pairs (so that the order and the extra keys can vary). */
const logEntries = fc
  .record({
    address: fc.oneof(
      cased(fc.constant(token.slice(2).toLowerCase())).map((a) => `0x${a}`),
      fc.constant(registryAddress.toLowerCase()),
      fc.constant(testAddress(9).toLowerCase()),
    ),
    topics: fc.oneof(
      fc.tuple(topic0, addressTopic, addressTopic).map((t) => [...t]),
      fc.array(
        fc.oneof(
          topic0,
          addressTopic,
          hexOf(32).map((h) => `0x${h}`),
          hexOf(20).map((h) => `0x${h}`),
        ),
        {
          maxLength: 5,
        },
      ),
    ),
    data: fc.oneof(
      hexOf(32).map((h) => `0x${h}`),
      fc.nat({ max: 160 }).chain((n) => hexOf(n).map((h) => `0x${h}`)),
    ),
    blockHash: cased(pooled(3)),
    blockNumber: fc.oneof(fc.constantFrom("0x10", "0x11", "0x12"), quantity),
    blockTimestamp: fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.constantFrom("0x6b08fc19", "0x6b08fc1a"),
      quantity,
    ),
    transactionHash: cased(pooled(4)),
    transactionIndex: quantity,
    logIndex: quantity,
    removed: fc.constantFrom(undefined, false, false, true),
    // Mostly none; sometimes a plain value the scanner skips, rarely one it leaves to JSON.parse.
    extra: fc.oneof(
      { arbitrary: fc.constant(null), weight: 20 },
      { arbitrary: fc.oneof(fc.string(), fc.integer(), fc.constant(true)), weight: 3 },
      { arbitrary: fc.constantFrom({ nested: 1 }, [1]), weight: 1 },
    ),
    // Rarely a missing field.
    drop: fc.oneof(
      { arbitrary: fc.constant(null), weight: 40 },
      {
        arbitrary: fc.constantFrom("address", "topics", "data", "blockHash", "logIndex", "transactionHash"),
        weight: 1,
      },
    ),
  })
  .chain((log) => {
    const entries: [string, unknown][] = Object.entries(log).filter(
      ([k, v]) => k !== "extra" && k !== "drop" && k !== log.drop && v !== undefined,
    );
    if (log.extra !== null) entries.push(["extraField", log.extra]);
    return fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length });
  });

/** JSON of `value` with random whitespace between tokens (outside strings). */
function spaced(json: string, spaces: number[]): string {
  let out = "";
  let inString = false;
  let k = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i] as string;
    out += c;
    if (c === '"' && json[i - 1] !== "\\") inString = !inString;
    if (!inString && (c === "," || c === ":" || c === "[" || c === "{"))
      out += " \n\t\r".slice(0, spaces[k++ % spaces.length]);
  }
  return out;
}

const answers = fc
  .record({
    logs: fc.array(logEntries, { maxLength: 12 }),
    idFirst: fc.boolean(),
    spaces: fc.option(fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 8 })),
  })
  .map(({ logs, idFirst, spaces }) => {
    const result = logs.map((entries) => Object.fromEntries(entries));
    const envelope = idFirst ? { jsonrpc: "2.0", id: 7, result } : { result, jsonrpc: "2.0", id: "abc" };
    const json = JSON.stringify(envelope);
    return spaces === null ? json : spaced(json, spaces);
  });

/** A plain answer: every log has the usual fields, no extra key with an object value, no escapes. */
const plainLog = (i: number, topics: string[], data = `0x${"00".repeat(31)}05`) => ({
  address: token.toLowerCase(),
  topics,
  data,
  blockHash: `0x${"ab".repeat(32)}`,
  blockNumber: `0x${(16 + (i >> 2)).toString(16)}`,
  blockTimestamp: "0x6b08fc19",
  transactionHash: `0x${(i >> 1).toString(16).padStart(64, "c")}`,
  transactionIndex: `0x${(i >> 1).toString(16)}`,
  logIndex: `0x${i.toString(16)}`,
  removed: false,
});

describe("scanLogsBody and the scanned decoder", () => {
  test("decode exactly what JSON.parse and the decoder give: logs, unknown logs, errors (property)", () => {
    let taken = 0;
    fc.assert(
      fc.property(answers, (text) => {
        const body = Buffer.from(text, "utf8");
        const fast = viaScan(body);
        if (fast === undefined) return;
        taken++;
        assert.deepEqual(fast, viaJson(body));
      }),
      { numRuns: 1_500 },
    );
    // About half the answers are plain throughout (no field the scanner leaves to JSON.parse): it takes those.
    assert.ok(taken > 600, `the scanner took ${taken} of 1,500 answers`);
  });

  test("whatever the scanner takes is valid JSON that decodes the same: truncated and corrupted answers (property)", () => {
    fc.assert(
      fc.property(
        answers,
        fc.nat(),
        fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 255 })),
        (text, at, byte) => {
          const whole = Buffer.from(text, "utf8");
          const cut = at % (whole.length + 1);
          const body =
            byte === undefined
              ? whole.subarray(0, cut)
              : Buffer.concat([whole.subarray(0, cut), Buffer.from([byte]), whole.subarray(cut + 1)]);
          const fast = viaScan(body);
          if (fast === undefined) return;
          let parsed: unknown;
          assert.doesNotThrow(
            () => {
              parsed = JSON.parse(body.toString("utf8"));
            },
            `the scanner took invalid JSON: ${body.toString("latin1")}`,
          );
          assert.ok(parsed !== undefined);
          assert.deepEqual(fast, viaJson(body));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  test("a plain answer is taken, and each log's fields are read from their spans", () => {
    const topics = (i: number) => [
      TRANSFER,
      `0x${"0".repeat(24)}${testAddress(100 + (i % 3))
        .slice(2)
        .toLowerCase()}`,
      `0x${"0".repeat(24)}${testAddress(101).slice(2).toLowerCase()}`,
    ];
    const result = Array.from({ length: 8 }, (_, i) => plainLog(i, topics(i)));
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 1, result }));
    const scanned = scanLogsBody(body);
    assert.ok(scanned);
    assert.equal(scanned.count, 8);
    assert.equal(scanned.fields.length, 8 * LOG_FIELDS);
    // Read from the spans: no log goes through JSON.parse.
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = (...args: Parameters<typeof JSON.parse>) => {
      parses++;
      return parse(...args);
    };
    let fast: Outcome | undefined;
    try {
      fast = viaScan(body);
    } finally {
      JSON.parse = parse;
    }
    assert.equal(parses, 0);
    const logs = fast?.logs;
    assert.ok(logs);
    assert.deepEqual(fast, viaJson(body));
    assert.equal(fast?.unknown.length, 0);
    assert.deepEqual(
      logs.map((l) => [l.blockNumber, l.logIndex, l.transactionIndex, l.transactionHash, l.args.value]),
      result.map((_, i) => [BigInt(16 + (i >> 2)), i, i >> 1, result[i]?.transactionHash, 5n]),
    );
  });

  test("answers the scanner leaves to JSON.parse", () => {
    const log = plainLog(0, [TRANSFER]);
    const ok = (result: unknown) => JSON.stringify({ jsonrpc: "2.0", id: 1, result });
    for (const [why, text] of [
      ["an error answer", '{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"too many"}}'],
      ["an escape in a value", ok([log]).replace('"0xab', '"\\u0030xab')],
      ["a non-hex digit in a hash", ok([{ ...log, blockHash: `0x${"zz".repeat(32)}` }])],
      ["a value without 0x", ok([{ ...log, logIndex: "12" }])],
      ["a non-ASCII character", ok([{ ...log, note: "é" }])],
      ["an object as an extra value", ok([{ ...log, extra: {} }])],
      ["five topics", ok([{ ...log, topics: [TRANSFER, TRANSFER, TRANSFER, TRANSFER, TRANSFER] }])],
      ["a missing field", ok([{ ...log, data: undefined }])],
      ["removed: null", ok([{ ...log, removed: null }])],
      ["a result that is not an array", '{"jsonrpc":"2.0","id":1,"result":null}'],
      ["two results", '{"jsonrpc":"2.0","id":1,"result":[],"result":[]}'],
      ["no result", '{"jsonrpc":"2.0","id":1}'],
      ["trailing garbage", `${ok([log])}x`],
      ["a truncated answer", ok([log]).slice(0, -2)],
      ["not an object", "[]"],
    ] as const)
      assert.equal(scanLogsBody(Buffer.from(text, "utf8")), undefined, why);
    // Taken: whitespace anywhere between tokens, keys in any order, extra plain fields, an empty result.
    for (const text of [
      ` { "result" : [ ] , "id" : 1 , "jsonrpc" : "2.0" } \n`,
      ok([{ extra: "x y", ...log, n: -1.5e3, t: true, f: false, z: null }]),
      ok([{ ...log, blockTimestamp: null }]),
      ok([]),
    ])
      assert.ok(scanLogsBody(Buffer.from(text, "utf8")), text);
  });
});
