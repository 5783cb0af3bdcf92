import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { concat, type Hex, keccak256, parseEventLogs, toHex } from "viem";
import { logAnchorAbi } from "../generated/index.ts";
import { deployFixture, type Fixture, ROLE } from "./helpers/fixture.ts";

let f: Fixture;
before(async () => {
  f = await deployFixture();
});
after(async () => {
  await f?.stop();
});

/** OpenZeppelin's sorted-pair Merkle tree: root and proof for each leaf. */
function merkle(leaves: Hex[]): { root: Hex; proofs: Hex[][] } {
  const hashPair = (a: Hex, b: Hex) => keccak256(BigInt(a) < BigInt(b) ? concat([a, b]) : concat([b, a]));
  let level = leaves.map((leaf, i) => ({ hash: leaf, members: [i] }));
  const proofs: Hex[][] = leaves.map(() => []);
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (!left) break;
      if (!right) {
        next.push(left);
        continue;
      }
      for (const m of left.members) proofs[m]?.push(right.hash);
      for (const m of right.members) proofs[m]?.push(left.hash);
      next.push({ hash: hashPair(left.hash, right.hash), members: [...left.members, ...right.members] });
    }
    level = next;
  }
  return { root: level[0]?.hash ?? `0x${"00".repeat(32)}`, proofs };
}

describe("LogAnchor", () => {
  const leaves = ["entry-1", "entry-2", "entry-3", "entry-4", "entry-5"].map((s) => keccak256(toHex(s)));
  const tree = merkle(leaves);

  test("anchors a day's root once, emits RootAnchored, and verifies proofs", async () => {
    const today = Number((await f.now()) / 86400n);
    const r = await f.send(f.roles.anchorer, {
      ...f.anchor,
      functionName: "anchor",
      args: [today - 1, tree.root, 5n],
    });
    const [ev] = parseEventLogs({ abi: logAnchorAbi, logs: r.logs });
    assert.deepEqual(ev?.args, { day: today - 1, root: tree.root, leafCount: 5n });
    const [root, count, at] = await f.read<readonly [Hex, bigint, bigint]>({
      ...f.anchor,
      functionName: "anchorOf",
      args: [today - 1],
    });
    assert.equal(root, tree.root);
    assert.equal(count, 5n);
    assert.ok(at > 0n);
    for (const [i, leaf] of leaves.entries()) {
      const ok = await f.read({
        ...f.anchor,
        functionName: "verify",
        args: [today - 1, leaf, tree.proofs[i] ?? []],
      });
      assert.equal(ok, true, `leaf ${i}`);
    }
    const forged = keccak256(toHex("entry-6"));
    assert.equal(
      await f.read({ ...f.anchor, functionName: "verify", args: [today - 1, forged, tree.proofs[0] ?? []] }),
      false,
    );
    assert.equal(
      await f.read({
        ...f.anchor,
        functionName: "verify",
        args: [today - 2, leaves[0], tree.proofs[0] ?? []],
      }),
      false,
    );
  });

  test("a root once written can never change", async () => {
    const today = Number((await f.now()) / 86400n);
    await f.send(f.roles.anchorer, { ...f.anchor, functionName: "anchor", args: [today, tree.root, 5n] });
    const other = keccak256(toHex("other"));
    assert.deepEqual(
      await f.revertOf(f.roles.anchorer, { ...f.anchor, functionName: "anchor", args: [today, other, 1n] }),
      { errorName: "RootAlreadyAnchored", args: [today, tree.root] },
    );
    // Not even the admin can: there is no function that writes an existing day.
    assert.ok(
      !logAnchorAbi.some((x) => x.type === "function" && /delete|overwrite|set|upgrade/i.test(x.name)),
    );
  });

  test("rejects zero roots, future days and callers without ANCHORER_ROLE", async () => {
    const today = Number((await f.now()) / 86400n);
    assert.deepEqual(
      await f.revertOf(f.roles.anchorer, {
        ...f.anchor,
        functionName: "anchor",
        args: [today - 5, `0x${"00".repeat(32)}`, 0n],
      }),
      { errorName: "ZeroRoot", args: [] },
    );
    assert.deepEqual(
      await f.revertOf(f.roles.anchorer, {
        ...f.anchor,
        functionName: "anchor",
        args: [today + 1, tree.root, 1n],
      }),
      { errorName: "DayInFuture", args: [today + 1, today] },
    );
    for (const who of [f.roles.admin, f.roles.outsider]) {
      assert.deepEqual(
        await f.revertOf(who, { ...f.anchor, functionName: "anchor", args: [today - 5, tree.root, 1n] }),
        { errorName: "AccessControlUnauthorizedAccount", args: [who, ROLE.ANCHORER] },
      );
    }
  });
});
