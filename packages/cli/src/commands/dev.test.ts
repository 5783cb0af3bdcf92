import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { securityTokenAbi } from "@coinscious/contracts";
import { createDatabase } from "@coinscious/db";
import { createPublicClient, http } from "viem";
import type { DevInfo } from "../context.ts";

// `coinscious dev` (npm start) as a user runs it: a real process, stopped with Ctrl-C (SIGINT).

const BIN = fileURLToPath(new URL("../../bin/coinscious.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "coinscious-dev-"));
const home = join(dir, ".coinscious");
const children: ChildProcess[] = [];
after(async () => {
  // A failed assertion must not leave a `coinscious dev` (and its anvil) running.
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      await gone;
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

type Running = { child: ChildProcess; stderr: () => string; info: DevInfo };

async function startDev(args: string[] = []): Promise<Running> {
  const child = spawn(process.execPath, [BIN, "dev", "--investors", "8", "--transfers", "10", ...args], {
    cwd: dir,
    env: { ...process.env, COINSCIOUS_HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  child.stdout?.resume();
  const file = join(home, "dev.json");
  const deadline = Date.now() + 150_000;
  while (!existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`coinscious dev exited ${child.exitCode}:\n${err}`);
    if (Date.now() > deadline) throw new Error(`no dev.json after 150 s:\n${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, stderr: () => err, info: JSON.parse(readFileSync(file, "utf8")) as DevInfo };
}

async function stop(r: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => r.child.once("exit", (code) => resolve(code)));
  r.child.kill("SIGINT");
  return exited;
}

async function chainId(rpcUrl: string): Promise<number | undefined> {
  try {
    return await createPublicClient({
      transport: http(rpcUrl, { retryCount: 0, timeout: 1_000 }),
    }).getChainId();
  } catch {
    return undefined;
  }
}

describe("coinscious dev", () => {
  test("brings everything up, seeds, writes dev.json; Ctrl-C stops it all; a restart reuses the state", async () => {
    const first = await startDev();
    assert.equal(first.info.chainId, 31337);
    assert.match(first.info.safe, /^0x[0-9a-fA-F]{40}$/);
    assert.equal(await chainId(first.info.rpcUrl), 31337);
    const client = createPublicClient({ transport: http(first.info.rpcUrl) });
    const supply = await client.readContract({
      address: first.info.token as `0x${string}`,
      abi: securityTokenAbi,
      functionName: "totalSupply",
    });
    assert.ok(supply > 0n, "the demo issuance happened");
    const [holders] = await client.readContract({
      address: first.info.token as `0x${string}`,
      abi: securityTokenAbi,
      functionName: "holderCounts",
    });
    assert.ok(holders > 0n);
    assert.match(first.stderr(), /seed: made 10 transfers/);
    assert.match(first.stderr(), /indexer: caught up at block \d+/);

    assert.equal(await stop(first), 0);
    // The indexer projected the seed into PGlite: the journal and the balances add up to the supply.
    const db = await createDatabase({ dataDir: join(home, "db") });
    try {
      const journal = await db.query<{ kind: string; n: bigint }>(
        "SELECT kind, count(*) AS n FROM transfers GROUP BY kind ORDER BY kind",
      );
      assert.deepEqual(
        journal.rows.map((r) => [r.kind, r.n]),
        [
          ["issuance", holders],
          ["transfer", 10n],
        ],
      );
      const total = await db.query<{ s: string }>("SELECT sum(balance) AS s FROM balances");
      assert.equal(BigInt(total.rows[0]?.s ?? "0"), supply);
      const executions = await db.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM safe_executions WHERE success",
      );
      assert.equal(executions.rows[0]?.n, 1n, "the Safe's issuance proposal");
    } finally {
      await db.close();
    }
    assert.equal(await chainId(first.info.rpcUrl), undefined, "anvil is gone");
    assert.equal(existsSync(join(home, "dev.json")), false, "dev.json is removed when it stops");

    const second = await startDev();
    assert.match(second.stderr(), /contracts: already deployed \(state reused\)/);
    assert.match(second.stderr(), /seed: already seeded/);
    assert.match(second.stderr(), /indexer: caught up at block \d+/);
    assert.equal(second.info.token, first.info.token);
    const again = await createPublicClient({ transport: http(second.info.rpcUrl) }).readContract({
      address: second.info.token as `0x${string}`,
      abi: securityTokenAbi,
      functionName: "totalSupply",
    });
    assert.equal(again, supply, "the chain state survived the restart");
    assert.equal(await stop(second), 0);

    const third = await startDev(["--reset"]);
    assert.match(third.stderr(), /reset: removed the devnet state/);
    assert.match(third.stderr(), /contracts: deployed \(\d+ transactions\)/);
    assert.equal(await stop(third), 0);
  });
});
