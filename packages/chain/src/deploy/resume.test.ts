import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { deployPlatform } from "./deployPlatform.ts";
import { accounts, type DeployDevnet, demoConfig, startDeployDevnet } from "./test/fixtures.ts";
import type { DeployEvent, DeploymentManifest } from "./types.ts";

const childScript = join(dirname(fileURLToPath(import.meta.url)), "test", "deployChild.ts");

type ChildRun = { code: number | null; signal: NodeJS.Signals | null; events: DeployEvent[] };

/**
 * Runs the deployment in a child process and SIGKILLs it as soon as `kill` says so (checked on every event the
 * child prints and every 5 ms against the chain's block number) — an honest crash: no finally blocks, no
 * flushing, the process is gone between two instructions.
 */
function runChild(
  dev: DeployDevnet,
  kill: (state: { events: DeployEvent[]; block: bigint }) => boolean,
): Promise<ChildRun> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", childScript, dev.anvil.rpcUrl, dev.manifestDir, JSON.stringify(demoConfig())],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const events: DeployEvent[] = [];
  let block = 0n;
  let stderr = "";
  const check = () => {
    if (child.exitCode === null && child.signalCode === null && kill({ events, block }))
      child.kill("SIGKILL");
  };
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf("\n"); i !== -1; i = buffer.indexOf("\n")) {
      events.push(JSON.parse(buffer.slice(0, i)) as DeployEvent);
      buffer = buffer.slice(i + 1);
      check();
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setInterval(async () => {
    block = await dev.publicClient.getBlockNumber();
    check();
  }, 5);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearInterval(timer);
      if (code !== 0 && signal === null) reject(new Error(`child failed (${code}):\n${stderr}`));
      else resolve({ code, signal, events });
    });
  });
}

const sentCount = (events: DeployEvent[]) =>
  events.filter((e) => e.type === "tx" && e.status === "sent").length;

async function readManifest(dev: DeployDevnet): Promise<DeploymentManifest> {
  return JSON.parse(await readFile(join(dev.manifestDir, "deployments", "31337.json"), "utf8"));
}

describe("deployPlatform after a crash", () => {
  let dev: DeployDevnet;
  let reference: DeploymentManifest;
  let referenceNonce: number;

  before(async () => {
    dev = await startDeployDevnet();
    // The reference: an uninterrupted deployment, then the chain is rolled back to before it.
    const snapshot = await dev.testClient.snapshot();
    const refDir = await mkdtemp(join(tmpdir(), "coinscious-deploy-ref-"));
    try {
      reference = (
        await deployPlatform({
          publicClient: dev.publicClient,
          walletClient: dev.walletClient(),
          network: "devnet",
          config: demoConfig(),
          manifestDir: refDir,
        })
      ).manifest;
    } finally {
      await rm(refDir, { recursive: true, force: true });
    }
    referenceNonce = await dev.publicClient.getTransactionCount({ address: accounts.deployer.address });
    await dev.testClient.revert({ id: snapshot });
    assert.equal(
      await dev.publicClient.getCode({ address: reference.contracts.registry?.address as `0x${string}` }),
      undefined,
    );
  });
  after(() => dev?.stop());

  it("completes at the same addresses after SIGKILLs in the Safe, contract and role phases", async () => {
    const start = await dev.publicClient.getBlockNumber();

    const t0 = performance.now();
    const lap = (label: string) => console.log(`${label}: ${(performance.now() - t0).toFixed(0)} ms`);
    // 1. Killed while the Safe infrastructure is being deployed (two of its transactions mined).
    const first = await runChild(dev, ({ block }) => block >= start + 2n);
    assert.equal(first.signal, "SIGKILL");
    const afterFirst = await dev.publicClient.getBlockNumber();
    assert.ok(afterFirst >= start + 2n, `killed at block ${afterFirst}`);
    // The Safe phase is 6 transactions (5 infrastructure contracts, the Safe); the kill normally lands inside it.
    console.log(`first crash after ${afterFirst - start} transactions (the Safe phase is the first 6)`);

    lap("first child");
    // 2. Killed right after sending its third contract transaction (while waiting for the receipt).
    const second = await runChild(dev, ({ events }) => sentCount(events) >= 3);
    assert.equal(second.signal, "SIGKILL");
    const partial = await readManifest(dev);
    assert.equal(partial.status, "partial");
    assert.ok(partial.safe?.address, "the Safe is recorded");
    const last = partial.transactions.at(-1);
    assert.ok(last && ["pending", "success"].includes(last.status), JSON.stringify(last));
    console.log(`second crash left its last transaction ${last?.status} (${last?.step})`);

    lap("second child");
    // 3. Killed in the middle of the role grants.
    const third = await runChild(dev, ({ events }) => sentCount(events) >= 8);
    assert.equal(third.signal, "SIGKILL");
    assert.equal((await readManifest(dev)).status, "partial");

    lap("third child");
    // 4. Resumed in-process: completes.
    const done = await deployPlatform({
      publicClient: dev.publicClient,
      walletClient: dev.walletClient(),
      network: "devnet",
      config: demoConfig(),
      manifestDir: dev.manifestDir,
    });
    const m = done.manifest;
    assert.equal(m.status, "complete");
    for (const [key, entry] of Object.entries(reference.contracts))
      assert.equal(m.contracts[key as keyof typeof m.contracts]?.address, entry.address, key);
    assert.equal(m.safe?.address, reference.safe?.address);
    assert.deepEqual(m.roles, reference.roles);
    assert.deepEqual(m.safe, reference.safe);
    assert.equal(m.startBlock, reference.startBlock);

    // Nothing was sent twice: as many transactions as the uninterrupted run, one successful one per step.
    assert.equal(
      await dev.publicClient.getTransactionCount({ address: accounts.deployer.address }),
      referenceNonce,
    );
    const steps = m.transactions.filter((t) => t.status === "success").map((t) => t.step);
    assert.equal(new Set(steps).size, steps.length, "no step succeeded twice");
    assert.deepEqual(
      m.transactions.map((t) => t.status).filter((s) => s !== "success"),
      [],
      "every recorded transaction settled as mined",
    );
    for (const key of Object.keys(reference.contracts)) {
      const entry = m.contracts[key as keyof typeof m.contracts];
      assert.match(entry?.txHash ?? "", /^0x/, `${key} has its transaction`);
      assert.equal(typeof entry?.blockNumber, "number", key);
    }

    lap("resume");
    // And a further run is a no-op.
    const again = await deployPlatform({
      publicClient: dev.publicClient,
      walletClient: dev.walletClient(),
      network: "devnet",
      config: demoConfig(),
      manifestDir: dev.manifestDir,
    });
    assert.equal(again.sent.length, 0);
  });
});
