import assert from "node:assert/strict";
import { test } from "node:test";
import type { Address, Hex } from "viem";
import { encodeCheckpoint } from "../checkpoint/encodeCheckpoint.ts";
import { testAddress } from "../test/fakeChain.ts";
import { createMemoryStore } from "./createMemoryStore.ts";
import type { IndexedLog } from "./types.ts";

const token = testAddress(1);
const [alice, bob] = [testAddress(2), testAddress(3)];
const zero = "0x0000000000000000000000000000000000000000" as Address;
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

function transfer(block: bigint, logIndex: number, from: Address, to: Address, value: bigint): IndexedLog {
  return {
    chainId: 31337,
    source: "token",
    address: token,
    eventName: "Transfer",
    args: { from, to, value },
    blockNumber: block,
    blockHash: hash(Number(block)),
    blockTimestamp: 1000n + block,
    transactionHash: hash(1000 + logIndex),
    transactionIndex: 0,
    logIndex,
    checkpoint: encodeCheckpoint({
      blockTimestamp: 1000n + block,
      chainId: 31337n,
      blockNumber: block,
      transactionIndex: 0n,
      logIndex: BigInt(logIndex),
    }),
  };
}

const cp = (n: bigint) => ({ blockNumber: n, blockHash: hash(Number(n)), finalizedBlockNumber: 0n });

test("balances follow transfers and rollbacks; a failed write changes nothing", async () => {
  const failing = { on: false };
  const store = createMemoryStore({
    beforeApply: () => {
      if (failing.on) throw new Error("disk full");
    },
  });
  assert.equal(await store.getCheckpoint(31337), undefined);
  await store.applyBatch({
    chainId: 31337,
    fromBlock: 1n,
    toBlock: 2n,
    blocks: [],
    logs: [transfer(1n, 0, zero, alice, 100n), transfer(2n, 0, alice, bob, 30n)],
    checkpoint: cp(2n),
  });
  assert.equal(store.getBalance(31337, token, alice), 70n);
  assert.equal(store.getBalance(31337, token, bob), 30n);
  const before = store.checksum(31337);

  failing.on = true;
  await assert.rejects(
    store.applyBatch({
      chainId: 31337,
      fromBlock: 3n,
      toBlock: 3n,
      blocks: [],
      logs: [transfer(3n, 0, bob, alice, 30n)],
      checkpoint: cp(3n),
    }),
  );
  assert.equal(store.checksum(31337), before);
  assert.deepEqual(await store.getCheckpoint(31337), cp(2n));

  failing.on = false;
  await store.applyBatch({
    chainId: 31337,
    fromBlock: 3n,
    toBlock: 3n,
    blocks: [],
    logs: [transfer(3n, 0, bob, alice, 30n)],
    checkpoint: cp(3n),
  });
  assert.equal(store.getBalance(31337, token, bob), 0n);
  await store.rollbackTo({ chainId: 31337, checkpoint: cp(2n) });
  assert.equal(store.checksum(31337), before);
  assert.deepEqual(store.rollbacks, [{ chainId: 31337, checkpoint: cp(2n) }]);
  // A batch must continue the checkpoint.
  await assert.rejects(
    store.applyBatch({
      chainId: 31337,
      fromBlock: 5n,
      toBlock: 5n,
      blocks: [],
      logs: [],
      checkpoint: cp(5n),
    }),
  );
});
