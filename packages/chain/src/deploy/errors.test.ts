import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { erc1967ProxyDeployedBytecode, logAnchorDeployedBytecode } from "@coinscious/contracts";
import { type Address, concat, encodeFunctionData, type Hex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { accessControlAbi } from "./accessControlAbi.ts";
import { deployPlatform } from "./deployPlatform.ts";
import { DETERMINISTIC_DEPLOYER, type DeploymentPlan, planDeployment } from "./planDeployment.ts";
import { deployRoleIds, planRoles } from "./planRoles.ts";
import { resolveDeployNetwork } from "./resolveDeployNetwork.ts";
import { accounts, type DeployDevnet, demoConfig, startDeployDevnet } from "./test/fixtures.ts";
import { validateDeployConfig } from "./validateDeployConfig.ts";
import { verifyDeploymentRoles } from "./verifyDeploymentRoles.ts";

/** Asserts that `promise` rejects with a `code` (and returns the error for more checks). */
async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
): Promise<{ code: string; details: Record<string, unknown> }> {
  let error: unknown;
  await assert.rejects(promise, (e: unknown) => {
    error = e;
    return (e as { code?: string }).code === code;
  });
  return error as { code: string; details: Record<string, unknown> };
}

describe("deployPlatform refuses", () => {
  let dev: DeployDevnet;
  let snapshot: Hex;
  const config = validateDeployConfig(demoConfig(), resolveDeployNetwork("devnet"));
  const plan: DeploymentPlan = planDeployment({ deployer: accounts.deployer.address, config });
  const deploy = (overrides: Partial<Parameters<typeof deployPlatform>[0]> = {}) =>
    deployPlatform({
      publicClient: dev.publicClient,
      walletClient: dev.walletClient(),
      network: "devnet",
      config: demoConfig(),
      manifestDir: dev.manifestDir,
      ...overrides,
    });
  /** The chain's block number and the deployer's nonce: both unchanged = nothing was sent. */
  const chainState = async (address: Address = accounts.deployer.address) => [
    await dev.publicClient.getBlockNumber(),
    await dev.publicClient.getTransactionCount({ address }),
  ];

  before(async () => {
    dev = await startDeployDevnet();
    snapshot = await dev.testClient.snapshot();
  });
  beforeEach(async () => {
    await rm(join(dev.manifestDir, "deployments"), { recursive: true, force: true });
    await dev.testClient.revert({ id: snapshot });
    snapshot = await dev.testClient.snapshot();
  });
  after(() => dev?.stop());

  it("INSUFFICIENT_FUNDS: a deployer with 0 ETH, before any transaction", async () => {
    const poor = privateKeyToAccount(generatePrivateKey());
    const before = await chainState(poor.address);
    const e = await rejectsWith(deploy({ walletClient: dev.walletClient(poor) }), "INSUFFICIENT_FUNDS");
    assert.equal(e.details.available, "0");
    assert.ok(BigInt(e.details.needed as string) > 0n);
    assert.equal(e.details.shortfall, e.details.needed);
    assert.deepEqual(await chainState(poor.address), before);
  });

  it("INSUFFICIENT_FUNDS: a deployer with some ETH but not enough for ~20M gas", async () => {
    const poor = privateKeyToAccount(generatePrivateKey());
    await dev.testClient.setBalance({ address: poor.address, value: parseEther("0.001") });
    const before = await chainState(poor.address);
    const e = await rejectsWith(deploy({ walletClient: dev.walletClient(poor) }), "INSUFFICIENT_FUNDS");
    assert.equal(e.details.available, parseEther("0.001").toString());
    assert.ok(BigInt(e.details.gas as string) > 15_000_000n);
    assert.deepEqual(await chainState(poor.address), before);
  });

  it("ADDRESS_CODE_MISMATCH: another contract at a predicted address, before any transaction", async () => {
    await dev.testClient.setCode({
      address: plan.contracts.registryImplementation.address,
      bytecode: logAnchorDeployedBytecode,
    });
    const before = await chainState();
    const e = await rejectsWith(deploy(), "ADDRESS_CODE_MISMATCH");
    assert.equal(e.details.contract, "registryImplementation");
    assert.equal(e.details.address, plan.contracts.registryImplementation.address);
    assert.deepEqual(await chainState(), before);
  });

  it("ADDRESS_CODE_MISMATCH: a proxy at the registry's address that points elsewhere", async () => {
    await dev.testClient.setCode({
      address: plan.contracts.registry.address,
      bytecode: erc1967ProxyDeployedBytecode,
    });
    const e = await rejectsWith(deploy(), "ADDRESS_CODE_MISMATCH");
    assert.equal(e.details.contract, "registry");
    assert.equal(e.details.expectedImplementation, plan.contracts.registryImplementation.address);
  });

  it("ADDRESS_CODE_MISMATCH: the same contract built for another deployment (other immutables)", async () => {
    // Another deployer's factory: the same artifact, but its `registry` immutable points at another registry.
    const other = planDeployment({ deployer: accounts.guardian.address, config }).contracts.factory;
    const hash = await dev.walletClient().sendTransaction({
      to: DETERMINISTIC_DEPLOYER,
      data: concat([other.salt, other.initCode]),
    });
    await dev.publicClient.waitForTransactionReceipt({ hash });
    const code = await dev.publicClient.getCode({ address: other.address });
    assert.ok(code);
    await dev.testClient.setCode({ address: plan.contracts.factory.address, bytecode: code });
    const e = await rejectsWith(deploy(), "ADDRESS_CODE_MISMATCH");
    assert.equal(e.details.contract, "factory");
    assert.match(String(e.details.reason), /different runtime code/);
  });

  it("CREATE2_DEPLOYER_MISSING: no deterministic deployment proxy on the chain", async () => {
    await dev.testClient.setCode({ address: DETERMINISTIC_DEPLOYER, bytecode: "0x" });
    const before = await chainState();
    await rejectsWith(deploy(), "CREATE2_DEPLOYER_MISSING");
    await dev.testClient.setCode({ address: DETERMINISTIC_DEPLOYER, bytecode: "0x6080" });
    await rejectsWith(deploy(), "CREATE2_DEPLOYER_MISSING");
    assert.deepEqual(await chainState(), before);
  });

  it("UNKNOWN_NETWORK, CHAIN_ID_MISMATCH and INVALID_CONFIG", async () => {
    await rejectsWith(deploy({ network: "mainnet" }), "UNKNOWN_NETWORK");
    const safe = accounts.owners[0].address;
    await rejectsWith(
      deploy({
        network: "base-sepolia",
        config: demoConfig({ safe: { ...(demoConfig().safe as object), address: safe } }),
      }),
      "CHAIN_ID_MISMATCH",
    );
    const e = await rejectsWith(
      deploy({ config: demoConfig({ guardian: accounts.deployer.address }) }),
      "INVALID_CONFIG",
    );
    assert.deepEqual(e.details.issues, [
      { path: "guardian", message: "must not be the deployer (the deployer ends holding no role)" },
    ]);
  });

  it("MANIFEST_CONFLICT: another salt, or a changed config, against an existing manifest", async () => {
    await deploy();
    await rejectsWith(deploy({ config: demoConfig({ salt: "another" }) }), "MANIFEST_CONFLICT");
    const e = await rejectsWith(
      deploy({ config: demoConfig({ timelock: { minDelay: 7200 } }) }),
      "MANIFEST_CONFLICT",
    );
    assert.equal(e.details.contract, "timelock");
  });

  it("DEPLOYER_STILL_HAS_ROLE is detected, and a re-run renounces what was given back", async () => {
    const { manifest } = await deploy();
    const safe = manifest.safe?.address as Address;
    // The Safe (impersonated) hands the deployer a role again.
    await dev.testClient.impersonateAccount({ address: safe });
    await dev.testClient.setBalance({ address: safe, value: parseEther("1") });
    const hash = await dev.walletClient().sendTransaction({
      account: safe,
      to: plan.contracts.token.address,
      data: encodeFunctionData({
        abi: accessControlAbi,
        functionName: "grantRole",
        args: [deployRoleIds.AGENT_ROLE, accounts.deployer.address],
      }),
    });
    await dev.publicClient.waitForTransactionReceipt({ hash });
    await dev.testClient.stopImpersonatingAccount({ address: safe });

    const { assignments } = planRoles({ plan, safe, config });
    const e = await rejectsWith(
      verifyDeploymentRoles(dev.publicClient, { plan, assignments, deployer: accounts.deployer.address }),
      "DEPLOYER_STILL_HAS_ROLE",
    );
    assert.deepEqual(e.details.held, [{ contract: "token", role: "AGENT_ROLE" }]);
    const again = await deploy();
    assert.deepEqual(
      again.sent.map((t) => t.step),
      ["renounce:token.AGENT_ROLE"],
    );
    await verifyDeploymentRoles(dev.publicClient, { plan, assignments, deployer: accounts.deployer.address });
  });
});
