import assert from "node:assert/strict";
import { mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { getAddress, type Hex, keccak256, toHex, zeroAddress } from "viem";
import { createJsonProposalStore } from "./createJsonProposalStore.ts";
import { SafeError } from "./errors.ts";
import type { Proposal } from "./types.ts";

const isCode = (code: string) => (e: unknown) => e instanceof SafeError && e.code === code;
const SAFE = getAddress("0x00000000000000000000000000000000000000aa");

function sample(i: number, overrides: Partial<Proposal> = {}): Proposal {
  const id = keccak256(toHex(`proposal ${i}`));
  return {
    id,
    safe: SAFE,
    chainId: 31337,
    tx: {
      to: getAddress("0x00000000000000000000000000000000000000bb"),
      value: 2n ** 256n - 1n,
      data: "0xdeadbeef",
      operation: 0,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce: BigInt(i % 5),
    },
    safeTxHash: id,
    description: `proposal ${i}`,
    createdAt: new Date(1_700_000_000_000 + i).toISOString(),
    createdBy: "ops@example.com",
    signatures: [],
    status: "pending",
    version: 0,
    ...overrides,
  };
}

describe("createJsonProposalStore", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "coinscious-proposals-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("round-trips proposals (bigints as decimal strings) and filters list()", async () => {
    const path = join(dir, "roundtrip", "proposals.json");
    const store = createJsonProposalStore(path);
    assert.equal(await store.get(sample(0).id), undefined);
    assert.deepEqual(await store.list(), []);
    const signed = sample(1, {
      signatures: [{ signer: SAFE, signature: `0x${"ab".repeat(65)}`, addedAt: new Date(0).toISOString() }],
    });
    const stored = await store.put(signed);
    assert.equal(stored.version, 1);
    assert.deepEqual(await store.get(signed.id), stored);
    assert.deepEqual(
      await createJsonProposalStore(path).get(signed.id),
      stored,
      "a fresh store reads the file",
    );
    const text = await readFile(path, "utf8");
    assert.ok(text.includes(`"value": "${2n ** 256n - 1n}"`));

    await store.put(sample(2));
    await store.put(sample(7, { status: "executed", executedTxHash: keccak256("0x07") }));
    assert.deepEqual(
      (await store.list({ status: "pending" })).map((p) => p.description),
      ["proposal 1", "proposal 2"],
    );
    assert.deepEqual(
      (await store.list({ status: ["executed"], safe: SAFE.toLowerCase() as Hex })).map((p) => p.description),
      ["proposal 7"],
    );
    assert.deepEqual(
      (await store.list({ nonce: 2n })).map((p) => p.description),
      ["proposal 2", "proposal 7"],
    );
    assert.deepEqual(await store.list({ chainId: 1 }), []);
  });

  it("optimistic concurrency: a stale or blind write is a PROPOSAL_CONFLICT", async () => {
    const store = createJsonProposalStore(join(dir, "occ.json"));
    const v1 = await store.put(sample(3));
    const v2 = await store.put({ ...v1, description: "edited" });
    assert.equal(v2.version, 2);
    await assert.rejects(store.put({ ...v1, description: "stale" }), isCode("PROPOSAL_CONFLICT"));
    await assert.rejects(store.put(sample(3)), isCode("PROPOSAL_CONFLICT"));
    assert.equal((await store.get(v1.id))?.description, "edited");
    await assert.rejects(store.put(sample(4, { safe: "0x1234" })), isCode("INVALID_ARGUMENT"));
  });

  it("writes atomically: a new file is renamed over the old one, no temp file is left, readers never see a partial file", async () => {
    const path = join(dir, "atomic.json");
    const store = createJsonProposalStore(path);
    await store.put(sample(10));
    // Held open, the first file's inode stays allocated: the file system cannot hand its number to a later file, so
    // an equal number below would mean the file was rewritten in place.
    const original = await open(path, "r");
    const inodeBefore = (await original.stat()).ino;
    let writing = true;
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path, "utf8");
        JSON.parse(text); // throws on a torn file
        reads++;
      }
    })();
    for (let i = 11; i < 40; i++) await store.put(sample(i));
    writing = false;
    await reader;
    assert.ok(reads > 0);
    const inodeAfter = (await stat(path)).ino;
    await original.close();
    assert.notEqual(inodeAfter, inodeBefore, "the file was replaced, not rewritten in place");
    const leftovers = (await readdir(dir)).filter((f) => f.startsWith("atomic.json."));
    assert.deepEqual(leftovers, [], "no temp or lock files remain");
    assert.equal((await store.list()).length, 30);
  });

  it("serializes concurrent puts, within one store and across two stores on the same file", async () => {
    const path = join(dir, "concurrent.json");
    const a = createJsonProposalStore(path);
    const b = createJsonProposalStore(path);
    const ids = Array.from({ length: 40 }, (_, i) => 100 + i);
    await Promise.all(ids.map((i) => (i % 2 ? a : b).put(sample(i))));
    assert.deepEqual(
      (await a.list()).map((p) => p.description).sort(),
      ids.map((i) => `proposal ${i}`).sort(),
    );
    // Same record updated from both at once: exactly one wins, the other gets a conflict.
    const base = await a.get(sample(100).id);
    assert.ok(base);
    const results = await Promise.allSettled([
      a.put({ ...base, description: "from a" }),
      b.put({ ...base, description: "from b" }),
    ]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.ok(results.some((r) => r.status === "rejected" && isCode("PROPOSAL_CONFLICT")(r.reason)));
  });

  it("reports a corrupt file, waits for a held lock, and breaks a stale one", async () => {
    const corrupt = join(dir, "corrupt.json");
    await writeFile(corrupt, "{ not json");
    await assert.rejects(createJsonProposalStore(corrupt).list(), isCode("STORE_CORRUPT"));
    await writeFile(corrupt, JSON.stringify({ format: "other", proposals: [] }));
    await assert.rejects(createJsonProposalStore(corrupt).list(), isCode("STORE_CORRUPT"));

    const locked = join(dir, "locked.json");
    await writeFile(`${locked}.lock`, "999999\n");
    const store = createJsonProposalStore(locked, { lockTimeoutMs: 100, staleLockMs: 60_000 });
    await assert.rejects(
      store.put(sample(200)),
      (e: unknown) => isCode("STORE_LOCKED")(e) && (e as SafeError).retryable,
    );
    const old = new Date(Date.now() - 120_000);
    await utimes(`${locked}.lock`, old, old);
    assert.equal((await store.put(sample(200))).version, 1, "a lock older than staleLockMs is broken");
  });
});
