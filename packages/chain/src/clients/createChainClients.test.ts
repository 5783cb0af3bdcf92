import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import { parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainError } from "../errors.ts";
import { assertChainId } from "./assertChainId.ts";
import { createChainClients } from "./createChainClients.ts";
import { RpcUnavailableError } from "./errors.ts";

/** A loopback port nothing listens on: bind port 0, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return address.port;
}

describe("createChainClients", () => {
  let anvil: TestAnvil;
  let wrongChain: TestAnvil;

  before(async () => {
    [anvil, wrongChain] = await Promise.all([startAnvil(), startAnvil({ args: ["--chain-id", "5"] })]);
  });
  after(async () => {
    await Promise.all([anvil?.stop(), wrongChain?.stop()]);
  });

  test("a closed primary port falls back to the backup", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const { publicClient, chain, network } = createChainClients({
      network: "devnet",
      rpcUrl: dead,
      rpcUrlBackup: anvil.rpcUrl,
      retryCount: 0,
    });
    assert.equal(network, "devnet");
    assert.equal(chain.id, 31337);
    assert.deepEqual(chain.rpcUrls.default.http, [dead, anvil.rpcUrl]);
    assert.equal(await assertChainId(publicClient, "devnet"), 31337);
    assert.equal(typeof (await publicClient.getBlockNumber()), "bigint");
  });

  test("the wallet client signs locally and sends through the fallback", async () => {
    // anvil's account 0, funded on every anvil; a devnet-only key.
    const account = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    const { publicClient, walletClient } = createChainClients({
      network: "devnet",
      rpcUrl: `http://127.0.0.1:${await closedPort()}`,
      rpcUrlBackup: anvil.rpcUrl,
      retryCount: 0,
      account,
    });
    const to = "0x00000000000000000000000000000000c0ffee01";
    const hash = await walletClient.sendTransaction({ to, value: parseEther("1") });
    const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 10_000 });
    assert.equal(receipt.status, "success");
    assert.equal(await publicClient.getBalance({ address: to }), parseEther("1"));
  });

  test("without an account there is no wallet client", () => {
    const clients = createChainClients({ network: "base", rpcUrl: "https://mainnet.base.org" });
    assert.equal(clients.walletClient, undefined);
    assert.equal(clients.chain.id, 8453);
  });

  test("both endpoints dead → RPC_UNAVAILABLE naming both URLs, quickly", async () => {
    const urls = [`http://127.0.0.1:${await closedPort()}`, `http://127.0.0.1:${await closedPort()}`];
    const { publicClient } = createChainClients({
      network: "devnet",
      rpcUrl: urls[0] ?? "",
      rpcUrlBackup: urls[1] ?? "",
      retryCount: 2,
      retryDelayMs: 20,
      timeoutMs: 1_000,
    });
    const started = Date.now();
    const error = await publicClient.getBlockNumber().then(
      () => assert.fail("expected RPC_UNAVAILABLE"),
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;
    assert.ok(error instanceof RpcUnavailableError, String(error));
    assert.ok(error instanceof ChainError);
    assert.equal(error.code, "RPC_UNAVAILABLE");
    assert.equal(error.retryable, true);
    assert.deepEqual(error.details?.urls, urls);
    for (const url of urls) assert.ok(error.message.includes(url), error.message);
    assert.match(error.message, /ECONNREFUSED/);
    // 3 rounds over 2 URLs, backoff 20 + 40 ms: nowhere near a default 10 s timeout.
    assert.equal((error.details?.attempts as unknown[] | undefined)?.length, 6);
    assert.ok(elapsed < 3_000, `took ${elapsed} ms`);
    // No raw fetch error: no cause, no "fetch failed" text.
    assert.equal(error.cause, undefined);
    assert.doesNotMatch(JSON.stringify(error), /fetch failed/);
  });

  test("an endpoint that never answers → RPC_UNAVAILABLE after the timeout", async () => {
    // A listener that accepts and never responds: the timeout, not the OS, has to end the request.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const address = silent.address();
      assert.ok(address !== null && typeof address === "object");
      const { publicClient } = createChainClients({
        network: "devnet",
        rpcUrl: `http://127.0.0.1:${address.port}`,
        retryCount: 0,
        timeoutMs: 300,
      });
      const started = Date.now();
      await assert.rejects(publicClient.getChainId(), (e: unknown) => {
        assert.ok(e instanceof RpcUnavailableError);
        assert.match(e.message, /timeout after 300 ms/);
        return true;
      });
      assert.ok(Date.now() - started < 2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test("an answer that is an error passes through unchanged", async () => {
    const { publicClient } = createChainClients({ network: "devnet", rpcUrl: anvil.rpcUrl, retryCount: 0 });
    await assert.rejects(
      publicClient.request({ method: "eth_getBalance", params: ["0xnot-an-address", "latest"] } as never),
      (e: unknown) => !(e instanceof RpcUnavailableError),
    );
  });

  test("a node on the wrong chain → CHAIN_ID_MISMATCH with expected and actual", async () => {
    const { publicClient } = createChainClients({
      network: "devnet",
      rpcUrl: wrongChain.rpcUrl,
      retryCount: 0,
    });
    await assert.rejects(assertChainId(publicClient, "devnet"), (e: unknown) => {
      assert.ok(e instanceof ChainError);
      assert.equal(e.code, "CHAIN_ID_MISMATCH");
      assert.equal(e.retryable, false);
      assert.deepEqual(e.details, { network: "devnet", expected: 31337, actual: 5 });
      return true;
    });
    await assert.rejects(assertChainId(publicClient, "base-sepolia"), { code: "CHAIN_ID_MISMATCH" });
  });

  test("unknown network → UNKNOWN_NETWORK; non-http URL → INVALID_RPC_URL", async () => {
    assert.throws(() => createChainClients({ network: "mainnet", rpcUrl: anvil.rpcUrl }), {
      code: "UNKNOWN_NETWORK",
    });
    assert.throws(() => createChainClients({ network: "devnet", rpcUrl: "ws://127.0.0.1:1" }), {
      code: "INVALID_RPC_URL",
    });
    const { publicClient } = createChainClients({ network: "devnet", rpcUrl: anvil.rpcUrl });
    await assert.rejects(assertChainId(publicClient, "goerli"), { code: "UNKNOWN_NETWORK" });
  });
});
