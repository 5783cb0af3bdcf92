import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ANVIL_DEV_ADDRESSES, type Devnet, encryptKeystore, startDevnet } from "@coinscious/chain";
import { securityTokenAbi, securityTokenBytecode } from "@coinscious/contracts";
import { startAnvil } from "@coinscious/contracts/anvil";
import { createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { main } from "./main.ts";

// The `coinscious` command end to end, in-process, against a real devnet: deploy, send, propose, sign,
// execute, list — and every kind of bad input with its code and exit status.

type Run = { code: number; out: string; err: string };

let dir: string;
let devnet: Devnet;

async function run(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { COINSCIOUS_HOME: join(dir, ".coinscious"), ...env },
    cwd: dir,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const rpc = () => ["--network", "devnet", "--rpc-url", devnet.rpcUrl];
const INVESTOR = "0x00000000000000000000000000000000000a11ce";
const OTHER = "0x0000000000000000000000000000000000000b0b";

function manifest() {
  return JSON.parse(readFileSync(join(dir, "deployments", "31337.json"), "utf8")) as {
    contracts: { token: { address: `0x${string}` } };
    safe: { address: string };
  };
}

async function balanceOf(wallet: `0x${string}`): Promise<bigint> {
  const client = createPublicClient({ transport: http(devnet.rpcUrl) });
  return client.readContract({
    address: manifest().contracts.token.address,
    abi: securityTokenAbi,
    functionName: "balanceOf",
    args: [wallet],
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function proposalIdOf(r: Run): `0x${string}` {
  const m = /proposal (0x[0-9a-f]{64})/.exec(r.out);
  assert.ok(m, `no proposal id in: ${r.out}\n${r.err}`);
  return m[1] as `0x${string}`;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "coinscious-cli-"));
  devnet = await startDevnet({ stateDir: join(dir, "devnet"), handleSignals: false });
});
after(async () => {
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("coinscious: usage", () => {
  test("--help lists the commands; unknown command and network exit 2", async () => {
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    for (const c of ["dev", "deploy", "propose", "sign", "cancel", "execute", "proposals", "send"])
      assert.match(help.out, new RegExp(c));
    const unknown = await run(["frobnicate"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^error USAGE: unknown command/);
    const net = await run(["deploy", "--network", "mainnet", "--rpc-url", devnet.rpcUrl]);
    assert.equal(net.code, 2);
    assert.match(net.err, /error USAGE: unknown network "mainnet"/);
  });

  test("sign, execute and cancel refuse a missing or malformed proposal id before connecting (exit 2)", async () => {
    // No RPC URL anywhere: a command that connected first would fail differently.
    for (const command of ["sign", "execute", "cancel"]) {
      const missing = await run([command]);
      assert.equal(missing.code, 2, command);
      assert.match(missing.err, /^error USAGE: name the proposal id/);
      const malformed = await run([command, "0x1234"]);
      assert.equal(malformed.code, 2, command);
      assert.match(malformed.err, /^error USAGE: not a proposal id/);
    }
    // cancel's own option is parsed with the connection flags.
    const described = await run(["cancel", "0x1234", "--description", "typo in the amount"]);
    assert.match(described.err, /^error USAGE: not a proposal id/);
  });

  test("a chain-id mismatch is refused", async () => {
    const other = await startAnvil({ args: ["--chain-id", "5"] });
    try {
      const r = await run(["deploy", "--network", "devnet", "--rpc-url", other.rpcUrl]);
      assert.equal(r.code, 1);
      assert.match(r.err, /^error CHAIN_ID_MISMATCH/);
    } finally {
      await other.stop();
    }
  });

  test("both RPCs dead is a clear, retryable error", async () => {
    const r = await run([
      "proposals",
      "--network",
      "devnet",
      "--rpc-url",
      `http://127.0.0.1:${await closedPort()}`,
    ]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error RPC_UNAVAILABLE/);
  });

  test("an unfunded deployer gets INSUFFICIENT_FUNDS before any transaction", async () => {
    const r = await run(["deploy", ...rpc()], { PRIVATE_KEY: `0x${"11".repeat(32)}` });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /error INSUFFICIENT_FUNDS/);
  });
});

describe("coinscious: deploy and the Safe flow", () => {
  test("deploy writes the manifest; a re-run sends nothing", async () => {
    const r = await run(["deploy", ...rpc()]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /deployed to chain 31337: \d+ transactions/);
    assert.ok(manifest().safe.address);
    const again = await run(["deploy", ...rpc()]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /deployed to chain 31337: 0 transactions/);
  });

  test("send: the registry oracle registers investors directly", async () => {
    const kyc = String(Math.floor(Date.now() / 1000) + 365 * 86400);
    for (const [id, wallet] of [
      ["1", INVESTOR],
      ["2", OTHER],
    ] as const) {
      const r = await run([
        "send",
        "register-investor",
        ...rpc(),
        "--dev-account",
        "5",
        "--id",
        id,
        "--wallet",
        wallet,
        "--country",
        "276",
        "--kyc-expiry",
        kyc,
      ]);
      assert.equal(r.code, 0, r.err);
    }
    const bad = await run([
      "send",
      "register-investor",
      ...rpc(),
      "--dev-account",
      "5",
      "--id",
      "1",
      "--wallet",
      INVESTOR,
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--country is required/);
  });

  test("propose, sign by two owners, execute", async () => {
    const p = await run(["propose", "mint", ...rpc(), "--to", INVESTOR, "--amount", "500"]);
    assert.equal(p.code, 0, p.err);
    assert.match(p.err, /preflight: OK/);
    const id = proposalIdOf(p);
    assert.equal((await run(["sign", id, ...rpc(), "--dev-account", "1"])).code, 0);
    const early = await run(["execute", id, ...rpc()]);
    assert.equal(early.code, 1);
    assert.match(early.err, /error THRESHOLD_NOT_MET/);
    const outsider = await run(["sign", id, ...rpc(), "--dev-account", "9"]);
    assert.equal(outsider.code, 1);
    assert.match(outsider.err, /error SIGNER_NOT_OWNER/);
    const second = await run(["sign", id, ...rpc(), "--dev-account", "2"]);
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /2 of 2 signatures/);
    const ex = await run(["execute", id, ...rpc()]);
    assert.equal(ex.code, 0, ex.err);
    assert.equal(await balanceOf(INVESTOR), 500n);
  });

  test("two proposals at one nonce: one executed, the other reported as replaced", async () => {
    const a = proposalIdOf(await run(["propose", "mint", ...rpc(), "--to", INVESTOR, "--amount", "7"]));
    const listed = await run(["proposals", ...rpc(), "--json"]);
    const nonce = (JSON.parse(listed.out).proposals as { id: string; tx: { nonce: string } }[]).find(
      (x) => x.id === a,
    )?.tx.nonce;
    const b = proposalIdOf(
      await run(["propose", "mint", ...rpc(), "--to", OTHER, "--amount", "9", "--nonce", String(nonce)]),
    );
    for (const id of [a, b])
      for (const owner of ["1", "3"]) await run(["sign", id, ...rpc(), "--dev-account", owner]);
    assert.equal((await run(["execute", b, ...rpc()])).code, 0);
    const after = await run(["proposals", ...rpc()]);
    assert.match(after.out, new RegExp(`${a}\\s+nonce\\s+\\d+\\s+replaced`));
    assert.match(after.out, new RegExp(`${b}\\s+nonce\\s+\\d+\\s+executed`));
    assert.equal(await balanceOf(OTHER), 9n);
  });

  test("cancel: a no-op at the same nonce; once executed the original is reported cancelled", async () => {
    const original = proposalIdOf(
      await run(["propose", "mint", ...rpc(), "--to", INVESTOR, "--amount", "3"]),
    );
    const c = await run(["cancel", original, ...rpc()]);
    assert.equal(c.code, 0, c.err);
    const cancellation = proposalIdOf(c);
    for (const owner of ["2", "3"])
      assert.equal((await run(["sign", cancellation, ...rpc(), "--dev-account", owner])).code, 0);
    assert.equal((await run(["execute", cancellation, ...rpc()])).code, 0);
    const list = await run(["proposals", ...rpc(), "--status", "cancelled"]);
    assert.match(list.out, new RegExp(original));
  });

  test("a keystore signs with its password file; a wrong password is refused", async () => {
    const ownerKey = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"; // dev account 1
    const keystore = await encryptKeystore(ownerKey, "correct horse", {
      kdf: "pbkdf2",
      pbkdf2Iterations: 1000,
    });
    const ks = join(dir, "owner1.json");
    writeFileSync(ks, JSON.stringify(keystore));
    writeFileSync(join(dir, "good.txt"), "correct horse\n");
    writeFileSync(join(dir, "bad.txt"), "battery staple\n");
    const id = proposalIdOf(await run(["propose", "mint", ...rpc(), "--to", INVESTOR, "--amount", "4"]));
    const bad = await run(["sign", id, ...rpc()], {
      KEYSTORE_PATH: ks,
      KEYSTORE_PASSWORD_FILE: join(dir, "bad.txt"),
    });
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^error KEYSTORE_BAD_PASSWORD/);
    const good = await run(["sign", id, ...rpc()], {
      KEYSTORE_PATH: ks,
      KEYSTORE_PASSWORD_FILE: join(dir, "good.txt"),
    });
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /signed by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8/);
    // complete it, so that no pending proposal holds the queue for the next tests
    assert.equal((await run(["sign", id, ...rpc(), "--dev-account", "2"])).code, 0);
    assert.equal((await run(["execute", id, ...rpc()])).code, 0);
  });

  test("an upgrade goes through the timelock: scheduled by the Safe, executable by anyone after the delay", async () => {
    const deployer = createWalletClient({
      account: privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
      transport: http(devnet.rpcUrl),
      chain: { ...foundry, rpcUrls: { default: { http: [devnet.rpcUrl] } } },
    });
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const hash = await deployer.deployContract({ abi: securityTokenAbi, bytecode: securityTokenBytecode });
    const impl = (await client.waitForTransactionReceipt({ hash })).contractAddress as `0x${string}`;
    const upgradeFlags = ["--contract", "token", "--implementation", impl];
    const id = proposalIdOf(await run(["propose", "schedule-upgrade", ...rpc(), ...upgradeFlags]));
    for (const owner of ["1", "2"]) await run(["sign", id, ...rpc(), "--dev-account", owner]);
    const scheduled = await run(["execute", id, ...rpc()]);
    assert.equal(scheduled.code, 0, scheduled.err);
    const early = await run(["send", "execute-upgrade", ...rpc(), "--dev-account", "7", ...upgradeFlags]);
    assert.equal(early.code, 1, "not before the delay");
    assert.match(early.err, /error PREFLIGHT_FAILED/);
    await client.request({ method: "evm_increaseTime" as never, params: [61] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    const done = await run(["send", "execute-upgrade", ...rpc(), "--dev-account", "7", ...upgradeFlags]);
    assert.equal(done.code, 0, done.err);
    const slot = await client.getStorageAt({
      address: manifest().contracts.token.address,
      slot: "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc",
    });
    assert.equal(`0x${slot?.slice(26)}`, impl.toLowerCase());
    assert.equal((await balanceOf(INVESTOR)) > 0n, true, "state survives the upgrade");
  });

  test("the anchorer key anchors a day's audit-log root", async () => {
    const today = Math.floor(Date.now() / 86_400_000);
    const root = `0x${"12".repeat(32)}`;
    const r = await run([
      "send",
      "anchor-root",
      ...rpc(),
      "--dev-account",
      "6",
      "--day",
      String(today - 1),
      "--root",
      root,
      "--leaf-count",
      "3",
    ]);
    assert.equal(r.code, 0, r.err);
    const again = await run([
      "send",
      "anchor-root",
      ...rpc(),
      "--dev-account",
      "6",
      "--day",
      String(today - 1),
      "--root",
      root,
      "--leaf-count",
      "3",
    ]);
    assert.equal(again.code, 1);
    assert.match(again.err, /ROOT_ALREADY_ANCHORED|RootAlreadyAnchored/);
  });

  test("a preflight that fails is not proposed; the reasons are shown", async () => {
    const r = await run([
      "propose",
      "mint",
      ...rpc(),
      "--to",
      ANVIL_DEV_ADDRESSES[7] as string,
      "--amount",
      "1",
    ]);
    assert.equal(r.code, 1);
    assert.match(r.err, /WOULD FAIL/);
    assert.match(r.err, /21 WALLET_NOT_WHITELISTED_TO/);
    assert.match(r.err, /error PREFLIGHT_FAILED/);
  });

  test("malformed address, malformed amount, unknown proposal id, action sent by the wrong path", async () => {
    const addr = await run(["propose", "mint", ...rpc(), "--to", "0x123", "--amount", "5"]);
    assert.equal(addr.code, 1);
    assert.match(addr.err, /^error INVALID_ACTION/);
    const amount = await run(["propose", "mint", ...rpc(), "--to", INVESTOR, "--amount", "1.5"]);
    assert.equal(amount.code, 2);
    assert.match(amount.err, /--amount must be an amount in base units/);
    const unknownId = await run(["sign", `0x${"ab".repeat(32)}`, ...rpc(), "--dev-account", "1"]);
    assert.equal(unknownId.code, 1);
    assert.match(unknownId.err, /^error PROPOSAL_NOT_FOUND/);
    const notAnId = await run(["sign", "42", ...rpc()]);
    assert.equal(notAnId.code, 2);
    const wrongPath = await run([
      "propose",
      "register-investor",
      ...rpc(),
      "--id",
      "3",
      "--wallet",
      INVESTOR,
      "--country",
      "1",
      "--kyc-expiry",
      "1",
    ]);
    assert.equal(wrongPath.code, 2);
    assert.match(wrongPath.err, /use `coinscious send register-investor`/);
    const unknownAction = await run(["propose", "teleport", ...rpc()]);
    assert.equal(unknownAction.code, 2);
  });

  test("the backup RPC serves when the primary is dead", async () => {
    const r = await run([
      "proposals",
      "--network",
      "devnet",
      "--rpc-url",
      `http://127.0.0.1:${await closedPort()}`,
      "--rpc-url-backup",
      devnet.rpcUrl,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /executed/);
  });

  test("anvil's dev keys are refused on a public network, however they are given", async () => {
    const sepolia = await startAnvil({ args: ["--chain-id", "84532"] });
    try {
      const base = [
        "deploy",
        "--network",
        "base-sepolia",
        "--rpc-url",
        sepolia.rpcUrl,
        "--config",
        "unused.json",
      ];
      const byIndex = await run([...base.slice(0, 5), "--dev-account", "0"]);
      assert.equal(byIndex.code, 1, byIndex.err);
      assert.match(byIndex.err, /^error DEV_KEY_ON_PUBLIC_NETWORK/);
      const anvilKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
      const byKey = await run(
        ["sign", `0x${"ab".repeat(32)}`, "--network", "base-sepolia", "--rpc-url", sepolia.rpcUrl],
        {
          PRIVATE_KEY: anvilKey0,
        },
      );
      assert.equal(byKey.code, 1);
      assert.match(byKey.err, /^error DEV_KEY_ON_PUBLIC_NETWORK/);
      assert.doesNotMatch(byKey.err, /ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80/);
    } finally {
      await sepolia.stop();
    }
  });
});
