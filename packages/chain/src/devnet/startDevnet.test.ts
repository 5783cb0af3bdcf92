import assert from "node:assert/strict";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createChainClients } from "../clients/createChainClients.ts";
import { resolveSigner } from "../signers/resolveSigner.ts";
import { isProcessAlive } from "./isProcessAlive.ts";
import { resetDevnetState } from "./resetDevnetState.ts";
import { type Devnet, startDevnet } from "./startDevnet.ts";
import { waitForProcessesGone } from "./waitForProcessesGone.ts";

describe("startDevnet", () => {
  let root: string;
  const running = new Set<Devnet>();
  const start = async (stateDir: string, options: { port?: number } = {}) => {
    const devnet = await startDevnet({ stateDir, ...options });
    running.add(devnet);
    return devnet;
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "coinscious-devnet-"));
  });
  after(async () => {
    await Promise.all([...running].map((d) => d.stop()));
    await rm(root, { recursive: true, force: true });
  });

  test("starts on a free loopback port, serves chain 31337, stop leaves no process", async () => {
    const devnet = await start(join(root, "basic"));
    assert.match(devnet.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(devnet.port, 8545);
    assert.equal(devnet.chainId, 31337);
    assert.ok(isProcessAlive(devnet.pid));
    assert.ok(isProcessAlive(devnet.watchdogPid));
    const { publicClient } = createChainClients({ network: "devnet", rpcUrl: devnet.rpcUrl });
    assert.equal(await publicClient.getChainId(), 31337);
    // The identity marker was put back: the coinbase is anvil's default.
    assert.equal(
      await publicClient.request({ method: "eth_coinbase" } as never),
      "0x0000000000000000000000000000000000000000",
    );
    await devnet.stop();
    assert.equal(isProcessAlive(devnet.pid), false);
    assert.equal(isProcessAlive(devnet.watchdogPid), false);
    await devnet.stop(); // idempotent
  });

  test("the chain survives a restart on the same state directory", async () => {
    const stateDir = join(root, "persist");
    const first = await start(stateDir);
    const account = await resolveSigner({ network: "devnet", devAccountIndex: 0 });
    const to = privateKeyToAccount(`0x${"42".repeat(32)}`).address;
    let clients = createChainClients({ network: "devnet", rpcUrl: first.rpcUrl, account });
    const hash = await clients.walletClient.sendTransaction({ to, value: parseEther("1.5") });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash, timeout: 10_000 });
    assert.equal(receipt.status, "success");
    await first.stop();
    assert.ok((await stat(first.stateFile)).size > 0);

    const second = await start(stateDir);
    clients = createChainClients({ network: "devnet", rpcUrl: second.rpcUrl, account });
    assert.equal(await clients.publicClient.getBalance({ address: to }), parseEther("1.5"));
    assert.equal(await clients.publicClient.getTransactionCount({ address: account.address }), 1);
    assert.ok((await clients.publicClient.getBlockNumber()) >= receipt.blockNumber);
    await second.stop();
  });

  test("one anvil per state: a second start and a reset are refused while it runs", async () => {
    const stateDir = join(root, "exclusive");
    const devnet = await start(stateDir);
    await assert.rejects(startDevnet({ stateDir }), {
      code: "DEVNET_STATE_IN_USE",
      details: { pid: devnet.pid, stateFile: devnet.stateFile },
    });
    await assert.rejects(resetDevnetState(stateDir), { code: "DEVNET_STATE_IN_USE" });
    const { publicClient } = createChainClients({ network: "devnet", rpcUrl: devnet.rpcUrl });
    await publicClient.request({ method: "evm_mine" } as never);
    await devnet.stop();

    assert.equal(await resetDevnetState(stateDir), true);
    assert.equal(await resetDevnetState(stateDir), false);
    const fresh = await start(stateDir);
    const clients = createChainClients({ network: "devnet", rpcUrl: fresh.rpcUrl });
    assert.equal(await clients.publicClient.getBlockNumber(), 0n);
    await fresh.stop();
  });

  test("taken ports do not matter with port 0; an explicitly taken port fails fast", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const address = blocker.address();
      assert.ok(address !== null && typeof address === "object");
      const [a, b] = await Promise.all([start(join(root, "port-a")), start(join(root, "port-b"))]);
      assert.notEqual(a.port, b.port);
      assert.notEqual(a.port, address.port);
      await Promise.all([a.stop(), b.stop()]);

      const started = Date.now();
      await assert.rejects(
        startDevnet({ stateDir: join(root, "port-taken"), port: address.port }),
        (e: unknown) => {
          assert.equal((e as { code?: string }).code, "DEVNET_START_FAILED");
          assert.match(String((e as { details?: { output?: string } }).details?.output), /in use/i);
          return true;
        },
      );
      assert.ok(Date.now() - started < 5_000);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test("anvil dying on its own settles `exited` and takes the watchdog with it", async () => {
    const devnet = await start(join(root, "crash"));
    process.kill(devnet.pid, "SIGKILL");
    assert.equal((await devnet.exited).signal, "SIGKILL");
    await waitForProcessesGone([devnet.watchdogPid], 3_000);
    await devnet.stop();
  });

  test("an unreadable saved state → DEVNET_STATE_CORRUPT", async () => {
    const stateDir = join(root, "corrupt");
    const devnet = await start(stateDir);
    await devnet.stop();
    await writeFile(devnet.stateFile, '{"block": {"number": "0x');
    await assert.rejects(startDevnet({ stateDir }), { code: "DEVNET_STATE_CORRUPT" });
    await resetDevnetState(stateDir);
    await (await start(stateDir)).stop();
  });
});
