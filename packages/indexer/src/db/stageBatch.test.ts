import assert from "node:assert/strict";
import { it } from "node:test";
import type { Database } from "@coinscious/db";
import { describeDatabases } from "@coinscious/db/testing";
import { type Address, getAddress, type Hex, keccak256, toHex } from "viem";
import { encodeCheckpoint } from "../checkpoint/encodeCheckpoint.ts";
import type { ApplyBatchParameters, IndexedLog, IndexerStore } from "../store/types.ts";
import type { BlockHeader } from "../sync/types.ts";
import { createDatabaseStore } from "./createDatabaseStore.ts";

const CHAIN = 31337;
const TOKEN = getAddress("0x00000000000000000000000000000000000000aa");
const ZERO = "0x0000000000000000000000000000000000000000" as Address;
const wallet = (i: number) => getAddress(`0x${(0xa000 + i).toString(16).padStart(40, "0")}`);
const hashOf = (n: bigint): Hex => keccak256(toHex(`block ${n}`));
const header = (n: bigint): BlockHeader => ({
  number: n,
  hash: hashOf(n),
  parentHash: hashOf(n - 1n),
  timestamp: 1_000n + n,
});

function transfer(block: bigint, logIndex: number, from: Address, to: Address, value: bigint): IndexedLog {
  return {
    source: "token",
    address: TOKEN,
    eventName: "Transfer",
    args: { from, to, value },
    blockNumber: block,
    blockHash: hashOf(block),
    blockTimestamp: 1_000n + block,
    transactionHash: keccak256(toHex(`tx ${block}.${logIndex}`)),
    transactionIndex: logIndex,
    logIndex,
    chainId: CHAIN,
    checkpoint: encodeCheckpoint({
      blockTimestamp: 1_000n + block,
      chainId: BigInt(CHAIN),
      blockNumber: block,
      transactionIndex: BigInt(logIndex),
      logIndex: BigInt(logIndex),
    }),
  };
}

/** Blocks `from..to`, one transfer log per (block, pair) as `moves` says. */
function batch(from: bigint, to: bigint, moves: [number, number, bigint][]): ApplyBatchParameters {
  const blocks: BlockHeader[] = [];
  for (let n = from; n <= to; n++) blocks.push(header(n));
  const logs = moves.map(([a, b, value], i) =>
    transfer(from + BigInt(i % Number(to - from + 1n)), i, a < 0 ? ZERO : wallet(a), wallet(b), value),
  );
  logs.sort((x, y) =>
    x.blockNumber === y.blockNumber ? x.logIndex - y.logIndex : x.blockNumber < y.blockNumber ? -1 : 1,
  );
  return {
    chainId: CHAIN,
    fromBlock: from,
    toBlock: to,
    blocks,
    logs,
    checkpoint: { blockNumber: to, blockHash: hashOf(to), finalizedBlockNumber: 0n },
  };
}

// An issuance to wallets 0–3, then two batches whose second moves what the first just moved.
const b1 = batch(1n, 1n, [
  [-1, 0, 100n],
  [-1, 1, 100n],
  [-1, 2, 100n],
  [-1, 3, 100n],
]);
const b2 = batch(2n, 3n, [
  [0, 1, 30n],
  [1, 2, 50n],
  [2, 4, 20n],
]);
const b3 = batch(4n, 6n, [
  [1, 0, 80n],
  [4, 3, 20n],
  [2, 1, 130n],
  [3, 4, 5n],
]);

async function journal(db: Database) {
  const balances = await db.query(
    "SELECT token, wallet, balance, block_number, log_index FROM balances ORDER BY wallet",
  );
  const rows = await db.query(
    "SELECT block_number, log_index, from_wallet, to_wallet, amount, from_balance_after, to_balance_after FROM transfer_journal ORDER BY block_number, log_index",
  );
  const checkpoint = await db.query("SELECT block_number, block_hash FROM checkpoints");
  return { balances: balances.rows, transfers: rows.rows, checkpoint: checkpoint.rows };
}

describeDatabases(
  "database store: staged batches (pipelining)",
  (ctx) => {
    let expected: Awaited<ReturnType<typeof journal>> | undefined;
    const reference = async () => {
      if (expected !== undefined) return expected;
      const db = await ctx.createTestDatabase();
      const store = createDatabaseStore({ db });
      for (const b of [b1, b2, b3]) await store.applyBatch(b);
      expected = await journal(db);
      return expected;
    };

    for (const maxCachedEntries of [undefined, 1])
      it(`stages a batch while the one before is written: the same rows as one batch at a time${maxCachedEntries === 1 ? " (cache bound reached at every batch)" : ""}`, async () => {
        const db = await ctx.createTestDatabase();
        const store = createDatabaseStore({
          db,
          ...(maxCachedEntries === undefined ? {} : { maxCachedEntries }),
        });
        await store.applyBatch(b1);
        const write2 = await (store.stageBatch as NonNullable<typeof store.stageBatch>)(b2);
        const writing2 = write2();
        // Staged from the state after b2, which the database does not hold yet.
        const write3 = await (store.stageBatch as NonNullable<typeof store.stageBatch>)(b3);
        await writing2;
        await write3();
        assert.deepEqual(await journal(db), await reference());
        assert.equal(store.batches, 3);
      });

    it("refuses a write staged on one that failed, and starts again from the database", async () => {
      const db = await ctx.createTestDatabase();
      const store = createDatabaseStore({ db });
      const stage = store.stageBatch as NonNullable<typeof store.stageBatch>;
      await store.applyBatch(b1);
      const write2 = await stage(b2);
      // Another writer moved the checkpoint: b2's write fails (and b3 was staged on it meanwhile).
      await db.query("UPDATE checkpoints SET block_number = 99 WHERE chain_id = $1", [CHAIN]);
      const writing2 = write2();
      const write3 = await stage(b3);
      await assert.rejects(writing2, { code: "INDEXER_STORE_CONFLICT" });
      await assert.rejects(write3(), { code: "INDEXER_STORE_STATE_CHANGED", retryable: true });
      await db.query("UPDATE checkpoints SET block_number = 1 WHERE chain_id = $1", [CHAIN]);
      // A batch staged and then dropped without its write is forgotten too.
      await stage(b2);
      await store.applyBatch(b2);
      await store.applyBatch(b3);
      assert.deepEqual(await journal(db), await reference());
    });

    it("refuses a batch written twice as a conflict, not as the duplicate rows its statements meet", async () => {
      const db = await ctx.createTestDatabase();
      await createDatabaseStore({ db }).applyBatch(b1);
      // Two writers stage b2 from the same state; the first writes it.
      const late = await (createDatabaseStore({ db }).stageBatch as NonNullable<IndexerStore["stageBatch"]>)(
        b2,
      );
      await createDatabaseStore({ db }).applyBatch(b2);
      const before = await journal(db);
      // The second's transaction is sent whole: its checkpoint check runs first and stops it before its COPY meets
      // the rows already written. The conflict is what it reports.
      await assert.rejects(late(), { code: "INDEXER_STORE_CONFLICT" });
      assert.deepEqual(await journal(db), before);
    });

    it("rolls back what was written, and stages the next batch from the database", async () => {
      const db = await ctx.createTestDatabase();
      const store = createDatabaseStore({ db });
      for (const b of [b1, b2, b3]) await store.applyBatch(b);
      await store.rollbackTo({
        chainId: CHAIN,
        checkpoint: { blockNumber: 3n, blockHash: hashOf(3n), finalizedBlockNumber: 0n },
      });
      await store.applyBatch(b3);
      assert.deepEqual(await journal(db), await reference());
    });
  },
  { pgliteWorker: true },
);
