import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  getMultiSendCallOnlyDeployment,
  getProxyFactoryDeployment,
  getSafeL2SingletonDeployment,
} from "@safe-global/safe-deployments";
import { type Address, concat, getAddress, type Hex, zeroHash } from "viem";
import { createSafe } from "../safe/index.ts";
import { DETERMINISTIC_DEPLOYER_CODE } from "./assertCreate2Deployer.ts";
import { deployPlatform } from "./deployPlatform.ts";
import { accounts, type DeployDevnet, demoConfig, startDeployDevnet } from "./test/fixtures.ts";
import type { DeployEvent } from "./types.ts";

/**
 * Base Sepolia rehearsed on anvil (`--chain-id 84532`): the Safe singleton factory is given the deterministic
 * deployer's code, the Safe 1.4.1 artifacts are deployed through it with salt 0 — which reproduces the canonical
 * addresses and code hashes of `@safe-global/safe-deployments` — and the issuer's 2-of-3 Safe is created there
 * beforehand, as an issuer would have done in Safe{Wallet}.
 */
const SAFE_SINGLETON_FACTORY: Address = "0x914d7Fec6aaC8cd542e72Bca78B30650d45643d7";
const artifactsDir = join(
  dirname(createRequire(import.meta.url).resolve("@safe-global/safe-contracts/package.json")),
  "build/artifacts/contracts",
);
const artifacts = [
  "SafeL2.sol/SafeL2.json",
  "Safe.sol/Safe.json",
  "proxies/SafeProxyFactory.sol/SafeProxyFactory.json",
  "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json",
  "libraries/MultiSend.sol/MultiSend.json",
  "libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json",
];

const CHAIN_ID = 84532;
const canonical = (get: typeof getSafeL2SingletonDeployment) =>
  getAddress(
    get({ version: "1.4.1", network: String(CHAIN_ID) })?.networkAddresses[String(CHAIN_ID)] as string,
  );

async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
): Promise<{ details: Record<string, unknown> }> {
  let error: unknown;
  await assert.rejects(promise, (e: unknown) => {
    error = e;
    return (e as { code?: string }).code === code;
  });
  return error as { details: Record<string, unknown> };
}

describe("deployPlatform on a public network (Base Sepolia on anvil)", () => {
  let dev: DeployDevnet;
  let safe: Address;
  let snapshot: Hex;
  const config = (overrides: Record<string, unknown> = {}, safeOverrides: Record<string, unknown> = {}) =>
    demoConfig({ safe: { ...(demoConfig().safe as object), address: safe, ...safeOverrides }, ...overrides });
  const deploy = (cfg: unknown, log?: (e: DeployEvent) => void) =>
    deployPlatform({
      publicClient: dev.publicClient,
      walletClient: dev.walletClient(),
      network: "base-sepolia",
      config: cfg,
      manifestDir: dev.manifestDir,
      ...(log ? { log } : {}),
    });

  before(async () => {
    dev = await startDeployDevnet({ chainId: CHAIN_ID });
    await dev.testClient.setCode({ address: SAFE_SINGLETON_FACTORY, bytecode: DETERMINISTIC_DEPLOYER_CODE });
    for (const path of artifacts) {
      const { bytecode } = JSON.parse(await readFile(join(artifactsDir, path), "utf8")) as { bytecode: Hex };
      const hash = await dev
        .walletClient()
        .sendTransaction({ to: SAFE_SINGLETON_FACTORY, data: concat([zeroHash, bytecode]) });
      assert.equal((await dev.publicClient.waitForTransactionReceipt({ hash })).status, "success", path);
    }
    safe = await createSafe({
      publicClient: dev.publicClient,
      walletClient: dev.walletClient(),
      infrastructure: {
        safeSingleton: canonical(getSafeL2SingletonDeployment),
        safeProxyFactory: canonical(getProxyFactoryDeployment),
        fallbackHandler: getAddress("0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99"),
      },
      owners: accounts.owners.map((o) => o.address),
      threshold: 2,
      saltNonce: 7n,
    });
    snapshot = await dev.testClient.snapshot();
  });
  beforeEach(async () => {
    await rm(join(dev.manifestDir, "deployments"), { recursive: true, force: true });
    await dev.testClient.revert({ id: snapshot });
    snapshot = await dev.testClient.snapshot();
  });
  after(() => dev?.stop());

  it("SAFE_CODE_MISMATCH: a canonical Safe contract with other code, before any transaction", async () => {
    const multiSendCallOnly = canonical(getMultiSendCallOnlyDeployment);
    await dev.testClient.setCode({ address: multiSendCallOnly, bytecode: "0x6080604052" });
    const block = await dev.publicClient.getBlockNumber();
    const e = await rejectsWith(deploy(config()), "SAFE_CODE_MISMATCH");
    assert.equal(e.details.contract, "multiSendCallOnly");
    assert.equal(e.details.address, multiSendCallOnly);
    await dev.testClient.setCode({ address: multiSendCallOnly, bytecode: "0x" });
    const missing = await rejectsWith(deploy(config()), "SAFE_CODE_MISMATCH");
    assert.equal(missing.details.actual, null);
    assert.equal(await dev.publicClient.getBlockNumber(), block);
  });

  it("SAFE_CONFIG_MISMATCH: the configured Safe has other owners or another threshold", async () => {
    const block = await dev.publicClient.getBlockNumber();
    await rejectsWith(deploy(config({}, { threshold: 3 })), "SAFE_CONFIG_MISMATCH");
    const e = await rejectsWith(
      deploy(
        config(
          {},
          { owners: [accounts.owners[0].address, accounts.owners[1].address, accounts.guardian.address] },
        ),
      ),
      "SAFE_CONFIG_MISMATCH",
    );
    assert.match(String(e.details.reason), /owners/);
    await rejectsWith(deploy(config({}, { address: accounts.guardian.address })), "SAFE_NOT_FOUND");
    assert.equal(await dev.publicClient.getBlockNumber(), block);
  });

  it("INVALID_CONFIG: no Safe address, or a zero timelock delay, on a public network", async () => {
    const e = await rejectsWith(deploy(demoConfig({ timelock: { minDelay: 0 } })), "INVALID_CONFIG");
    assert.deepEqual(
      (e.details.issues as { path: string }[]).map((i) => i.path),
      ["safe.address", "timelock.minDelay"],
    );
  });

  it("deploys against the canonical Safe contracts and hands every role to the existing Safe", async () => {
    const events: DeployEvent[] = [];
    const { manifest } = await deploy(config(), (e) => events.push(e));
    assert.equal(manifest.status, "complete");
    assert.equal(manifest.network, "base-sepolia");
    assert.equal(manifest.chainId, CHAIN_ID);
    assert.deepEqual(manifest.safe, {
      address: safe,
      owners: manifest.safe?.owners,
      threshold: 2,
      version: "1.4.1",
      origin: "existing",
      infrastructure: {
        safeSingleton: canonical(getSafeL2SingletonDeployment),
        safeProxyFactory: canonical(getProxyFactoryDeployment),
        fallbackHandler: getAddress("0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99"),
        multiSend: getAddress("0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526"),
        multiSendCallOnly: canonical(getMultiSendCallOnlyDeployment),
      },
    });
    assert.deepEqual(manifest.roles.token?.DEFAULT_ADMIN_ROLE, [safe]);
    assert.deepEqual(manifest.roles.timelock?.PROPOSER_ROLE, [safe]);
    // anvil has no OP-stack GasPriceOracle: the funds check says so instead of failing.
    assert.ok(events.some((e) => e.type === "warn" && /L1 data fee/.test(e.message)));
    // No Safe was deployed by the run: only the deploy layer's own transactions.
    const nonce = await dev.publicClient.getTransactionCount({ address: accounts.deployer.address });
    assert.equal(manifest.transactions.length, nonce - artifacts.length - 1);
  });
});
