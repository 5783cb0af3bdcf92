import assert from "node:assert/strict";
import { test } from "node:test";
import { safeAbi } from "@coinscious/chain";
import {
  investorRegistryAbi,
  logAnchorAbi,
  securityTokenAbi,
  timelockControllerAbi,
  tokenFactoryAbi,
} from "@coinscious/contracts";
import fc from "fast-check";
import {
  type Abi,
  type AbiEvent,
  type AbiParameter,
  decodeEventLog,
  encodeAbiParameters,
  encodeEventTopics,
  type Hex,
  toHex,
} from "viem";
import { compileEventDecoder } from "./compileEventDecoder.ts";

const events = [
  securityTokenAbi,
  investorRegistryAbi,
  tokenFactoryAbi,
  logAnchorAbi,
  timelockControllerAbi,
  safeAbi,
]
  .flatMap((abi) => (abi as Abi).filter((i): i is AbiEvent => i.type === "event"))
  .concat([
    {
      type: "event",
      name: "Signed",
      inputs: [
        { type: "int8", name: "a", indexed: true },
        { type: "int256", name: "b", indexed: false },
        { type: "int48", name: "c", indexed: false },
        { type: "bytes4", name: "d", indexed: false },
      ],
    },
  ]);

/** An arbitrary value of a static ABI type, in the form viem's encoder takes. */
function arbitraryOf(param: AbiParameter): fc.Arbitrary<unknown> {
  if (param.type === "address") return fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => toHex(b));
  if (param.type === "bool") return fc.boolean();
  const bytes = /^bytes(\d+)$/.exec(param.type);
  if (bytes)
    return fc.uint8Array({ minLength: Number(bytes[1]), maxLength: Number(bytes[1]) }).map((b) => toHex(b));
  const int = /^(u?)int(\d*)$/.exec(param.type);
  if (int) {
    const bits = BigInt(int[2] === "" ? 256 : Number(int[2]));
    const value =
      int[1] === "u"
        ? fc.bigInt({ min: 0n, max: (1n << bits) - 1n })
        : fc.bigInt({ min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n });
    return bits <= 48n ? value.map(Number) : value;
  }
  throw new Error(`not static: ${param.type}`);
}

test("decodes every all-static platform event exactly as viem's decodeEventLog (property)", () => {
  const compiled = events.filter((e) => compileEventDecoder(e) !== undefined);
  // The hot ones must take the fast path.
  for (const name of [
    "Transfer",
    "ForcedTransfer",
    "WalletLinked",
    "HolderCountsChanged",
    "ExecutionSuccess",
    "RootAnchored",
  ])
    assert.ok(
      compiled.some((e) => e.name === name),
      name,
    );
  // Dynamic or tuple parameters go to viem.
  for (const name of ["InvestorRegistered", "SafeSetup", "CallScheduled", "TokenClassCreated"])
    assert.ok(!compiled.some((e) => e.name === name), name);
  fc.assert(
    fc.property(
      fc
        .constantFrom(...compiled)
        .chain((event) => fc.tuple(fc.constant(event), fc.tuple(...event.inputs.map(arbitraryOf)))),
      ([event, values]) => {
        const args = Object.fromEntries(event.inputs.map((p, i) => [p.name, values[i]]));
        const topics = encodeEventTopics({ abi: [event], eventName: event.name, args } as never) as Hex[];
        const unindexed = event.inputs.filter((p) => !p.indexed);
        const data = encodeAbiParameters(
          unindexed,
          unindexed.map((p) => args[p.name as string]),
        );
        const expected = decodeEventLog({ abi: [event], topics: topics as [Hex], data, strict: true });
        const decode = compileEventDecoder(event);
        assert.deepEqual(decode?.(topics, data), expected.args);
        // Again: address topics now come from the cache.
        assert.deepEqual(decode?.(topics, data), expected.args);
      },
    ),
    { numRuns: 2_000 },
  );
});

/** 64 hex digits: 0–64 leading zeros, then random digits. */
const anyWord = fc
  .tuple(fc.nat({ max: 64 }), fc.uint8Array({ minLength: 32, maxLength: 32 }))
  .map(([zeros, b]) => `${"0".repeat(zeros)}${Buffer.from(b).toString("hex")}`.slice(0, 64));

/** The topics and data laid out as in an `eth_getLogs` answer, with the spans `fromBytes` takes. */
function inBytes(topics: readonly string[], data: string) {
  const parts = [...topics, data].map((h) => `"${h}"`);
  const bytes = Buffer.from(`{"topics":[${parts.slice(0, -1).join(",")}],"data":${parts.at(-1)}}`, "latin1");
  const spans = new Int32Array(2 * parts.length);
  let from = 0;
  for (const [i, part] of parts.entries()) {
    const start = bytes.indexOf(part, from, "latin1") + 1;
    spans[2 * i] = start;
    spans[2 * i + 1] = start + part.length - 2;
    from = start + part.length - 1;
  }
  const dataAt = 2 * topics.length;
  return { bytes, spans, dataStart: spans[dataAt] as number, dataEnd: spans[dataAt + 1] as number };
}

test("fromBytes reads every all-static platform event as the string decoder does, in any case (property)", () => {
  const compiled = events.filter((e) => compileEventDecoder(e) !== undefined);
  /** Each hex digit of `hex` (after 0x) upper-cased where the mask says so. */
  const recase = (hex: string, mask: boolean[]) =>
    `0x${[...hex.slice(2)].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c)).join("")}`;
  fc.assert(
    fc.property(
      fc.constantFrom(...compiled).chain((event) =>
        fc.tuple(
          fc.constant(event),
          fc.tuple(...event.inputs.map(arbitraryOf)),
          fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }),
          fc.nat({ max: 3 }),
          fc.boolean(),
          // Or words no encoder writes (any digits, any number of leading zeros): both read them alike.
          fc.option(fc.array(anyWord, { minLength: 8, maxLength: 8 }), { freq: 2 }),
        ),
      ),
      ([event, values, mask, extraWords, cut, words]) => {
        const args = Object.fromEntries(event.inputs.map((p, i) => [p.name, values[i]]));
        const decode = compileEventDecoder(event) as NonNullable<ReturnType<typeof compileEventDecoder>>;
        const unindexed = event.inputs.filter((p) => !p.indexed);
        let topics = encodeEventTopics({ abi: [event], eventName: event.name, args } as never) as Hex[];
        let data = (encodeAbiParameters(
          unindexed,
          unindexed.map((p) => args[p.name as string]),
        ) + "ab".repeat(32 * extraWords)) as Hex;
        if (words !== null) {
          const word = (i: number) => words[i % words.length] as string;
          topics = topics.map((t, i) => (i === 0 ? t : (`0x${word(i)}` as Hex)));
          data = `0x${Array.from({ length: (data.length - 2) / 64 }, (_, i) => word(4 + i)).join("")}` as Hex;
        }
        topics = topics.map((t) => recase(t, mask) as Hex);
        data = recase(data, mask) as Hex;
        // Short data: fromBytes leaves it to the string decoder, which throws.
        if (cut && data.length > 2) data = data.slice(0, data.length - 2) as Hex;
        const { bytes, spans, dataStart, dataEnd } = inBytes(topics, data);
        const read = decode.fromBytes(bytes, spans, 2, dataStart, dataEnd);
        if (cut && unindexed.length > 0 && extraWords === 0) {
          assert.equal(read, undefined);
          assert.throws(() => decode(topics, data), /data too short/);
          return;
        }
        assert.deepEqual(read, decode(topics, data));
        // Again: addresses now come from the caches.
        assert.deepEqual(decode.fromBytes(bytes, spans, 2, dataStart, dataEnd), read);
      },
    ),
    { numRuns: 2_000 },
  );
});

test("fromBytes tells apart addresses that share their first digits", () => {
  const transfer = events.find((e) => e.name === "Transfer") as AbiEvent;
  const decode = compileEventDecoder(transfer) as NonNullable<ReturnType<typeof compileEventDecoder>>;
  const topic0 = encodeEventTopics({ abi: [transfer], eventName: "Transfer" } as never)[0] as Hex;
  const word = (address: string) => `0x${"00".repeat(12)}${address}` as Hex;
  const data = encodeAbiParameters([{ type: "uint256" }], [2n ** 200n + 7n]);
  // Three addresses in one cache chain (the same first seven digits) that differ in their last digit only.
  const wallets = ["1234567", "1234567", "1234567"].map((p, i) => `${p}${"0".repeat(32)}${i}`);
  for (const [from, to] of [
    [wallets[0], wallets[1]],
    [wallets[1], wallets[2]],
    [wallets[2], wallets[0]],
  ] as [string, string][]) {
    const topics = [topic0, word(from), word(to)];
    const { bytes, spans, dataStart, dataEnd } = inBytes(topics, data);
    const read = decode.fromBytes(bytes, spans, 2, dataStart, dataEnd);
    assert.ok(read);
    assert.deepEqual(read, decode(topics, data));
    assert.equal((read.from as string).toLowerCase(), `0x${from}`);
    assert.equal(read.value, 2n ** 200n + 7n);
  }
});

/** Transfer's compiled decoder, and the topics of a transfer from 0x1111… to 0x2222…. */
function transferFixture() {
  const transfer = events.find((e) => e.name === "Transfer") as AbiEvent;
  const decode = compileEventDecoder(transfer) as NonNullable<ReturnType<typeof compileEventDecoder>>;
  const [topic0, from, to] = encodeEventTopics({
    abi: [transfer],
    eventName: "Transfer",
    args: { from: `0x${"11".repeat(20)}`, to: `0x${"22".repeat(20)}` },
  } as never) as Hex[];
  return { decode, topic0, from, to };
}

test("fromBytes leaves a topic that is not a whole word to the string decoder", () => {
  const { decode, topic0, from, to } = transferFixture();
  const data = encodeAbiParameters([{ type: "uint256" }], [5n]);
  for (const topics of [
    [topic0, `0x${(from as string).slice(4)}`, to],
    [topic0, from, `${to}00`],
  ] as Hex[][]) {
    const { bytes, spans, dataStart, dataEnd } = inBytes(topics, data);
    assert.equal(decode.fromBytes(bytes, spans, 2, dataStart, dataEnd), undefined);
  }
});

test("fromBytes reads integers on both sides of 13 hex digits exactly", () => {
  const { decode, topic0, from, to } = transferFixture();
  for (const value of [
    0n,
    1n,
    2n ** 52n - 1n,
    2n ** 52n,
    16n ** 13n - 1n,
    16n ** 13n,
    2n ** 53n + 1n,
    16n ** 14n - 1n,
  ]) {
    const data = encodeAbiParameters([{ type: "uint256" }], [value]);
    const { bytes, spans, dataStart, dataEnd } = inBytes([topic0, from, to] as Hex[], data);
    assert.equal(decode.fromBytes(bytes, spans, 2, dataStart, dataEnd)?.value, value);
  }
});

test("an address topic in upper-case hex decodes to the same checksummed address", () => {
  const transfer = events.find((e) => e.name === "Transfer") as AbiEvent;
  const decode = compileEventDecoder(transfer);
  assert.ok(decode);
  const word = (address: string) => `0x${"00".repeat(12)}${address.slice(2)}` as Hex;
  const [from, to] = [
    "0x52908400098527886e0f7030069857d2e4169ee7",
    "0xde709f2102306220921060314715629080e2fb77",
  ];
  const topic0 = encodeEventTopics({ abi: [transfer], eventName: "Transfer" } as never)[0] as Hex;
  const data = encodeAbiParameters([{ type: "uint256" }], [5n]);
  const lower = decode([topic0, word(from), word(to)], data);
  const upper = decode([topic0, `0x${word(from).slice(2).toUpperCase()}` as Hex, word(to)], data);
  assert.deepEqual(upper, lower);
  assert.equal(lower.from, "0x52908400098527886E0F7030069857D2E4169EE7");
});

test("refuses a log with missing topics or short data", () => {
  const transfer = events.find((e) => e.name === "Transfer") as AbiEvent;
  const decode = compileEventDecoder(transfer);
  assert.ok(decode);
  const topic = `0x${"00".repeat(32)}` as Hex;
  assert.throws(() => decode([topic, topic], `0x${"00".repeat(32)}`), /expected 3 topics/);
  assert.throws(() => decode([topic, topic, topic], "0x"), /data too short/);
});
