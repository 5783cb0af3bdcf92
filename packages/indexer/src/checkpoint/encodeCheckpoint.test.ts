import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { decodeCheckpoint } from "./decodeCheckpoint.ts";
import { type Checkpoint, createCheckpointEncoder, encodeCheckpoint } from "./encodeCheckpoint.ts";

const checkpoint = fc.record({
  blockTimestamp: fc.bigInt({ min: 0n, max: 9_999_999_999n }),
  chainId: fc.constantFrom(1n, 8453n, 84532n, 31337n),
  blockNumber: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  transactionIndex: fc.bigInt({ min: 0n, max: 10_000n }),
  logIndex: fc.bigInt({ min: 0n, max: 10_000n }),
});

const compare = (a: Checkpoint, b: Checkpoint) => {
  for (const k of ["blockTimestamp", "chainId", "blockNumber", "transactionIndex", "logIndex"] as const)
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
};

test("string order is checkpoint order, and decoding inverts encoding", () => {
  fc.assert(
    fc.property(checkpoint, checkpoint, (a, b) => {
      const [ea, eb] = [encodeCheckpoint(a), encodeCheckpoint(b)];
      assert.deepEqual(decodeCheckpoint(ea), { ...a });
      assert.equal(Math.sign(ea < eb ? -1 : ea > eb ? 1 : 0), compare(a, b));
    }),
  );
});

test("out-of-range fields are refused", () => {
  const ok = { blockTimestamp: 1n, chainId: 1n, blockNumber: 1n, transactionIndex: 0n, logIndex: 0n };
  assert.throws(() => encodeCheckpoint({ ...ok, blockTimestamp: 10n ** 10n }), RangeError);
  assert.throws(() => encodeCheckpoint({ ...ok, logIndex: -1n }), RangeError);
  assert.throws(() => decodeCheckpoint("123"), RangeError);
});

test("the batch encoder gives encodeCheckpoint's strings for a stream of logs, blocks and transactions repeating", () => {
  // Logs of a few blocks and transactions, in any order: consecutive logs often share the block or transaction.
  const log = fc.record({
    blockTimestamp: fc.constantFrom(0n, 1_700_000_000n, 9_999_999_999n),
    chainId: fc.constantFrom(1n, 8453n, 31337n),
    blockNumber: fc.bigInt({ min: 0n, max: 3n }),
    transactionIndex: fc.integer({ min: 0, max: 3 }),
    logIndex: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 99_990, max: 200_000 })),
  });
  fc.assert(
    fc.property(fc.array(log, { maxLength: 40 }), (logs) => {
      const encode = createCheckpointEncoder();
      for (const l of logs)
        assert.equal(
          encode(l.blockTimestamp, l.chainId, l.blockNumber, l.transactionIndex, l.logIndex),
          encodeCheckpoint({
            ...l,
            transactionIndex: BigInt(l.transactionIndex),
            logIndex: BigInt(l.logIndex),
          }),
        );
    }),
  );
});

test("the batch encoder refuses what encodeCheckpoint refuses", () => {
  const encode = createCheckpointEncoder();
  assert.throws(() => encode(10n ** 10n, 1n, 1n, 0, 0), RangeError);
  assert.throws(() => encode(1n, 1n, -1n, 0, 0), RangeError);
  assert.throws(() => encode(1n, 1n, 1n, -1, 0), RangeError);
  assert.throws(() => encode(1n, 1n, 1n, 0, 1.5), RangeError);
  assert.throws(() => encode(1n, 1n, 1n, 0, Number.MAX_SAFE_INTEGER + 1), RangeError);
  assert.equal(
    encode(1n, 1n, 1n, 0, 0),
    encodeCheckpoint({
      blockTimestamp: 1n,
      chainId: 1n,
      blockNumber: 1n,
      transactionIndex: 0n,
      logIndex: 0n,
    }),
  );
});
