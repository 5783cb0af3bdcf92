import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ReorgBelowFinalityError } from "../errors/errors.ts";
import { createFakeChain, type FakeChain } from "../test/fakeChain.ts";
import { createBlockTracker } from "./createBlockTracker.ts";

/** A tracker that has followed `chain` block by block with finality `depth`. */
async function follow(chain: FakeChain, depth: number) {
  const tracker = createBlockTracker({ publicClient: chain.client, finality: { type: "depth", depth } });
  tracker.reset({ tip: await tracker.getHeader({ blockNumber: 0n }), floor: 0n });
  for (let n = 1n; n <= chain.head().number; n++) {
    const header = await tracker.getHeader({ blockNumber: n });
    assert.equal(await tracker.check(header), undefined);
    tracker.append([header], await tracker.getFinalizedBlockNumber(header));
  }
  return tracker;
}

describe("createBlockTracker", () => {
  test("finds the common ancestor of any reorg above finality", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }).chain((depth) =>
          fc.record({
            depth: fc.constant(depth),
            length: fc.integer({ min: depth + 1, max: depth + 30 }),
            k: fc.integer({ min: 1, max: depth }),
            extra: fc.integer({ min: -3, max: 3 }),
          }),
        ),
        async ({ depth, length, k, extra }) => {
          const chain = createFakeChain();
          for (let i = 0; i < length; i++) chain.mine();
          const tracker = await follow(chain, depth);
          // Only unfinalized headers are kept.
          assert.ok(tracker.headers().every((h) => h.number > BigInt(length - depth)));
          const replaced = Math.max(1, k + extra);
          chain.reorg(
            k,
            Array.from({ length: replaced }, () => []),
          );
          const head = chain.head().number;
          const probe = head > BigInt(length) ? BigInt(length) + 1n : head;
          const reorg = await tracker.check(await tracker.getHeader({ blockNumber: probe }));
          assert.ok(reorg !== undefined);
          assert.equal(reorg.commonAncestor.number, BigInt(length - k));
          assert.equal(reorg.commonAncestor.hash, chain.blocks[length - k]?.hash);
          assert.equal(reorg.depth, k);
          // After the rollback the new branch links on.
          tracker.rollback(reorg.commonAncestor);
          for (let n = reorg.commonAncestor.number + 1n; n <= head; n++) {
            const h = await tracker.getHeader({ blockNumber: n });
            assert.equal(await tracker.check(h), undefined);
            tracker.append([h], n - BigInt(depth));
          }
          assert.equal(tracker.tip().hash, chain.head().hash);
        },
      ),
      { numRuns: 80 },
    );
  });

  test("a head below the tip with the same hash is a lagging node, not a reorg", async () => {
    const chain = createFakeChain();
    for (let i = 0; i < 10; i++) chain.mine();
    const tracker = await follow(chain, 5);
    assert.equal(await tracker.check(await tracker.getHeader({ blockNumber: 8n })), undefined);
    assert.equal(await tracker.check(await tracker.getHeader({ blockNumber: 10n })), undefined);
  });

  test("a reorg that reaches the finalized block is fatal", async () => {
    const chain = createFakeChain();
    for (let i = 0; i < 20; i++) chain.mine();
    const tracker = await follow(chain, 3);
    assert.equal(tracker.floor(), 17n);
    chain.reorg(5, [[], [], [], [], [], []]);
    const error = await tracker.check(await tracker.getHeader({ blockNumber: 21n })).catch((e: unknown) => e);
    assert.ok(error instanceof ReorgBelowFinalityError);
    assert.equal(error.retryable, false);
  });

  test("after a restart, a replaced checkpoint rolls back to its finalized floor", async () => {
    const chain = createFakeChain();
    for (let i = 0; i < 20; i++) chain.mine();
    const checkpoint = chain.blocks[20];
    assert.ok(checkpoint);
    chain.reorg(3, [[], [], [], []]);
    const tracker = createBlockTracker({ publicClient: chain.client, finality: { type: "depth", depth: 5 } });
    tracker.reset({
      tip: { number: 20n, hash: checkpoint.hash, parentHash: checkpoint.parentHash, timestamp: 0n },
      floor: 15n,
    });
    const before = chain.requests.length;
    const reorg = await tracker.check(await tracker.getHeader({ blockNumber: 20n }));
    assert.equal(reorg?.commonAncestor.number, 15n);
    assert.equal(reorg?.commonAncestor.hash, chain.blocks[15]?.hash);
    assert.equal(reorg?.depth, 5);
    // Nothing stored between the floor and the tip: it jumps straight to the floor.
    assert.equal(chain.requests.length - before, 2);
  });

  test("finality from the node's finalized tag", async () => {
    const chain = createFakeChain();
    for (let i = 0; i < 10; i++) chain.mine();
    chain.finalizedTag = 4n;
    const tracker = createBlockTracker({
      publicClient: chain.client,
      finality: { type: "tag", tag: "finalized" },
    });
    const head = await tracker.getHeader({ blockTag: "latest" });
    assert.equal(await tracker.getFinalizedBlockNumber(head), 4n);
  });
});
