import assert from "node:assert/strict";
import { it } from "node:test";
import { CheckpointMismatchError } from "../errors.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeHash } from "../testing/fakes.ts";
import { expectCheckpointStatement } from "./expectCheckpoint.ts";
import { findCheckpoint } from "./findCheckpoint.ts";
import { insertRowsStatements } from "./insertRows.ts";
import { setCheckpointStatement } from "./setCheckpoint.ts";

const BLOCK_COLUMNS = ["chain_id", "block_number", "block_hash", "parent_hash", "block_timestamp"];

/** A write of blocks from..to that continues checkpoint `from - 1`, as the indexer's store sends it. */
function write(chainId: number, from: bigint, to: bigint) {
  const rows = [];
  for (let b = from; b <= to; b++)
    rows.push([chainId, b, fakeHash(Number(b)), fakeHash(Number(b) + 1_000), 0n]);
  return [
    expectCheckpointStatement(chainId, from - 1n),
    ...insertRowsStatements("blocks", BLOCK_COLUMNS, rows),
    setCheckpointStatement({ chainId, blockNumber: to, blockHash: fakeHash(Number(to)) }),
  ];
}

describeDatabases(
  "expectCheckpointStatement",
  (ctx) => {
    it("passes on a chain without a checkpoint and on the checkpoint's block", async () => {
      await ctx.db.runStatements(write(7, 0n, 4n));
      await ctx.db.runStatements(write(7, 5n, 9n));
      assert.equal((await findCheckpoint(ctx.db, 7))?.blockNumber, 9n);
    });

    it("fails on any other block with CHECKPOINT_MISMATCH and the stored block, before the rows it would meet", async () => {
      await ctx.db.runStatements(write(8, 0n, 4n));
      for (const from of [0n, 3n, 4n, 6n, 100n]) {
        // A replay (from 0 or 3) would meet its own blocks rows (a duplicate key) if the check did not run first.
        await assert.rejects(ctx.db.runStatements(write(8, from, from + 2n)), (error: unknown) => {
          assert.ok(error instanceof CheckpointMismatchError, String(error));
          assert.equal(error.code, "CHECKPOINT_MISMATCH");
          assert.equal(error.storedBlockNumber, 4n);
          assert.match(error.message, /checkpoint of chain 8 is at block 4, not/);
          return true;
        });
      }
      assert.equal((await findCheckpoint(ctx.db, 8))?.blockNumber, 4n);
      const { rows } = await ctx.db.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM blocks WHERE chain_id = 8",
      );
      assert.equal(rows[0]?.n, 5n);
    });

    if (ctx.kind === "postgres") {
      it("makes a second writer wait for the first, then fail on the checkpoint it moved", async () => {
        await ctx.db.runStatements(write(9, 0n, 4n));
        let releaseFirst: () => void = () => {};
        const held = new Promise<void>((resolve) => {
          releaseFirst = resolve;
        });
        let locked: () => void = () => {};
        const firstLocked = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const first = ctx.db.transaction(async (tx) => {
          const [check, ...rest] = write(9, 5n, 6n);
          await tx.query(check?.sql ?? "", check?.params);
          locked();
          await held;
          for (const s of rest) await tx.query(s.sql, s.params);
        });
        await firstLocked;
        const second = ctx.db.runStatements(write(9, 5n, 7n));
        const settled = await Promise.race([
          second.then(
            () => "done",
            () => "failed",
          ),
          new Promise((resolve) => setTimeout(() => resolve("waiting"), 300)),
        ]);
        assert.equal(settled, "waiting");
        releaseFirst();
        await first;
        await assert.rejects(second, { code: "CHECKPOINT_MISMATCH", storedBlockNumber: 6n });
        assert.equal((await findCheckpoint(ctx.db, 9))?.blockNumber, 6n);
      });
    }
  },
  { pgliteWorker: true },
);
