import assert from "node:assert/strict";
import { it } from "node:test";
import { CheckpointNotFoundError } from "../errors.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeHash } from "../testing/fakes.ts";
import { findCheckpoint } from "./findCheckpoint.ts";
import { getCheckpoint } from "./getCheckpoint.ts";
import { insertRows } from "./insertRows.ts";
import { rollbackTo } from "./rollbackTo.ts";
import { setCheckpoint } from "./setCheckpoint.ts";

describeDatabases("checkpoints", (ctx) => {
  it("is absent before the first block: find → undefined, get → CHECKPOINT_NOT_FOUND", async () => {
    assert.equal(await findCheckpoint(ctx.db, 31337), undefined);
    await assert.rejects(getCheckpoint(ctx.db, 31337), CheckpointNotFoundError);
    await assert.rejects(getCheckpoint(ctx.db, 31337), { code: "CHECKPOINT_NOT_FOUND" });
  });

  it("is set and moved per chain, hashes stored lower-case", async () => {
    await ctx.db.transaction((tx) =>
      setCheckpoint(tx, { chainId: 31337, blockNumber: 10n, blockHash: fakeHash(0xab) }),
    );
    await ctx.db.transaction((tx) =>
      setCheckpoint(tx, {
        chainId: 31337,
        blockNumber: 11n,
        blockHash: fakeHash(0xcd).toUpperCase().replace("0X", "0x") as `0x${string}`,
      }),
    );
    await ctx.db.transaction((tx) =>
      setCheckpoint(tx, { chainId: 8453, blockNumber: 1n, blockHash: fakeHash(1) }),
    );
    const checkpoint = await getCheckpoint(ctx.db, 31337);
    assert.equal(checkpoint.chainId, 31337);
    assert.equal(checkpoint.blockNumber, 11n);
    assert.equal(checkpoint.blockHash, fakeHash(0xcd));
    assert.ok(checkpoint.updatedAt instanceof Date);
    assert.equal((await getCheckpoint(ctx.db, 8453)).blockNumber, 1n);
  });

  it("keeps the finalized floor: set, kept when omitted, capped by a rollback, refused above the block", async () => {
    const chainId = 10;
    await ctx.db.transaction((tx) =>
      setCheckpoint(tx, { chainId, blockNumber: 20n, blockHash: fakeHash(20), finalizedBlockNumber: 15n }),
    );
    assert.equal((await getCheckpoint(ctx.db, chainId)).finalizedBlockNumber, 15n);
    await ctx.db.transaction((tx) =>
      setCheckpoint(tx, { chainId, blockNumber: 21n, blockHash: fakeHash(21) }),
    );
    assert.equal((await getCheckpoint(ctx.db, chainId)).finalizedBlockNumber, 15n);
    await ctx.db.transaction((tx) => rollbackTo(tx, chainId, 12n));
    const lowered = await getCheckpoint(ctx.db, chainId);
    assert.equal(lowered.blockNumber, 12n);
    assert.equal(lowered.finalizedBlockNumber, 12n);
    await assert.rejects(
      ctx.db.transaction((tx) =>
        setCheckpoint(tx, { chainId, blockNumber: 30n, blockHash: fakeHash(30), finalizedBlockNumber: 31n }),
      ),
      { code: "VALIDATION_FAILED" },
    );
    assert.equal((await getCheckpoint(ctx.db, chainId)).blockNumber, 12n);
  });

  it("commits or rolls back together with the rows it covers", async () => {
    const chainId = 84532;
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        await insertRows(
          tx,
          "blocks",
          ["chain_id", "block_number", "block_hash", "parent_hash", "block_timestamp"],
          [[chainId, 1n, fakeHash(2), fakeHash(1), 100n]],
        );
        await setCheckpoint(tx, { chainId, blockNumber: 1n, blockHash: fakeHash(2) });
        throw new Error("crash before commit");
      }),
      /crash before commit/,
    );
    assert.equal(await findCheckpoint(ctx.db, chainId), undefined);
    const { rows } = await ctx.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM blocks WHERE chain_id = $1",
      [chainId],
    );
    assert.equal(rows[0]?.n, 0n);
  });
});
