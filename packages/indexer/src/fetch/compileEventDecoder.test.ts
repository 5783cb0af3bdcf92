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
