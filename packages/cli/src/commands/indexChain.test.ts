import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Devnet, startDevnet } from "@coinscious/chain";
import { createDatabase } from "@coinscious/db";
import { createPublicClient, http } from "viem";
import { main } from "../main.ts";

// `coinscious index` in-process against a real devnet with the platform deployed: NDJSON progress, the
// projection in PGlite, restart from the checkpoint, and bad input with its code and exit status.

type Run = { code: number; out: string[]; err: string };

let dir: string;
let devnet: Devnet;

/** Runs a command; `stopWhen` decides from the stdout lines so far when to "press Ctrl-C". */
async function run(argv: string[], stopWhen?: (out: string[]) => boolean): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const code = await main(argv, {
    out: (l) => {
      out.push(l);
      if (stopWhen?.(out)) stop();
    },
    err: (l) => err.push(l),
    env: { COINSCIOUS_HOME: join(dir, ".coinscious") },
    cwd: dir,
    untilStopped: () => stopped,
  });
  return { code, out, err: err.join("\n") };
}

const rpc = () => ["--network", "devnet", "--rpc-url", devnet.rpcUrl];
const events = (r: Run) => r.out.map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
const caughtUp = (out: string[]) => out.some((l) => l.includes('"type":"caught-up"'));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "coinscious-index-"));
  devnet = await startDevnet({ stateDir: join(dir, "devnet"), handleSignals: false });
  const deployed = await run(["deploy", ...rpc()]);
  assert.equal(deployed.code, 0, deployed.err);
  const kyc = String(Math.floor(Date.now() / 1000) + 365 * 86400);
  const registered = await run([
    "send",
    "register-investor",
    ...rpc(),
    "--dev-account",
    "5",
    "--id",
    "1",
    "--wallet",
    "0x00000000000000000000000000000000000a11ce",
    "--country",
    "276",
    "--kyc-expiry",
    kyc,
  ]);
  assert.equal(registered.code, 0, registered.err);
});
after(async () => {
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("coinscious index", () => {
  const dataDir = () => join(dir, "idx");

  test("backfills the deployment into PGlite with NDJSON progress, then resumes from the checkpoint", async () => {
    const first = await run(["index", ...rpc(), "--data-dir", dataDir(), "--progress", "json"], caughtUp);
    assert.equal(first.code, 0, first.err);
    const lines = events(first);
    assert.deepEqual(lines[0], { type: "role", role: "writer", at: lines[0]?.at });
    const batches = lines.filter((e) => e.type === "batch");
    assert.ok(batches.length > 0);
    for (const b of batches) {
      assert.equal(typeof b.at, "number");
      assert.match(String(b.toBlock), /^\d+$/);
    }
    const up = lines.find((e) => e.type === "caught-up");
    assert.ok(up);

    const db = await createDatabase({ dataDir: dataDir() });
    try {
      const count = async (table: string) =>
        (await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n;
      assert.equal(await count("investor_changes"), 1n);
      assert.equal(await count("wallet_links"), 1n);
      // The Safe's SafeSetup: three owners and the threshold.
      assert.equal(await count("safe_owner_changes"), 4n);
      assert.equal(await count("token_classes"), 1n);
      const checkpoint = await db.query<{ block_number: bigint }>("SELECT block_number FROM checkpoints");
      assert.equal(String(checkpoint.rows[0]?.block_number), up.blockNumber);
    } finally {
      await db.close();
    }

    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    await client.request({ method: "anvil_mine" as never, params: ["0x3"] as never });
    const second = await run(["index", ...rpc(), "--data-dir", dataDir(), "--progress", "json"], caughtUp);
    assert.equal(second.code, 0, second.err);
    const resumed = events(second).filter((e) => e.type === "batch");
    assert.equal(resumed[0]?.fromBlock, String(BigInt(up.blockNumber as string) + 1n));
  });

  test("bad input: unknown progress mode, both databases, bad numbers, a manifest of another chain, a locked directory", async () => {
    const mode = await run(["index", ...rpc(), "--progress", "fancy"]);
    assert.equal(mode.code, 2);
    assert.match(mode.err, /error USAGE: --progress must be one of/);
    const both = await run(["index", ...rpc(), "--data-dir", "x", "--database-url", "postgres://h/db"]);
    assert.equal(both.code, 2);
    assert.match(both.err, /not both/);
    const batch = await run(["index", ...rpc(), "--batch-blocks", "0"]);
    assert.equal(batch.code, 2);
    assert.match(batch.err, /--batch-blocks must be an integer ≥ 1/);
    const level = await run(["index", ...rpc(), "--log-level", "loud"]);
    assert.equal(level.code, 2);

    const manifest = JSON.parse(readFileSync(join(dir, "deployments", "31337.json"), "utf8"));
    const other = join(dir, "other-chain.json");
    writeFileSync(other, JSON.stringify({ ...manifest, chainId: 8453 }));
    const mismatch = await run(["index", ...rpc(), "--manifest", other]);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.err, /error CHAIN_ID_MISMATCH/);
    const garbage = join(dir, "garbage.json");
    writeFileSync(garbage, "{ not json");
    const unreadable = await run(["index", ...rpc(), "--manifest", garbage]);
    assert.equal(unreadable.code, 2);

    const holder = await createDatabase({ dataDir: dataDir() });
    try {
      const locked = await run(["index", ...rpc(), "--data-dir", dataDir(), "--progress", "none"]);
      assert.equal(locked.code, 1);
      assert.match(locked.err, /error DB_LOCKED/);
    } finally {
      await holder.close();
    }
  });
});
