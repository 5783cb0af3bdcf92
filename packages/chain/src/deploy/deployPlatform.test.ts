import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  compilerVersion,
  investorRegistryAbi,
  securityTokenAbi,
  sourceHash,
  timelockControllerAbi,
  tokenFactoryAbi,
} from "@coinscious/contracts";
import { type Address, decodeAbiParameters, getAddress, type Hex, keccak256, toHex, zeroAddress } from "viem";
import { getSafeInfo } from "../safe/index.ts";
import { deployPlatform } from "./deployPlatform.ts";
import { planDeployment } from "./planDeployment.ts";
import { GAS_BUDGET } from "./planRemainingTransactions.ts";
import { resolveDeployNetwork } from "./resolveDeployNetwork.ts";
import {
  accounts,
  type DeployDevnet,
  demoConfig,
  gasUsedInBlocks,
  roleHoldersFromLogs,
  startDeployDevnet,
} from "./test/fixtures.ts";
import type { DeployEvent, DeploymentManifest } from "./types.ts";
import { validateDeployConfig } from "./validateDeployConfig.ts";
import { defaultStandardInputPath } from "./writeVerificationInputs.ts";

const role = (name: string): Hex =>
  name === "DEFAULT_ADMIN_ROLE" ? `0x${"00".repeat(32)}` : keccak256(toHex(name));

describe("deployPlatform on the devnet", () => {
  let dev: DeployDevnet;
  let manifest: DeploymentManifest;
  let manifestText: string;
  let firstBlock: bigint;
  let lastBlock: bigint;
  let sentGas: bigint;
  const events: DeployEvent[] = [];

  before(async () => {
    dev = await startDeployDevnet();
    firstBlock = (await dev.publicClient.getBlockNumber()) + 1n;
    const started = performance.now();
    const result = await deployPlatform({
      publicClient: dev.publicClient,
      walletClient: dev.walletClient(),
      network: "devnet",
      config: demoConfig(),
      manifestDir: dev.manifestDir,
      log: (e) => events.push(e),
    });
    const ms = performance.now() - started;
    lastBlock = await dev.publicClient.getBlockNumber();
    manifest = result.manifest;
    sentGas = result.gasUsed;
    manifestText = await readFile(result.manifestPath, "utf8");
    const total = await gasUsedInBlocks(dev.publicClient, firstBlock, lastBlock);
    console.log(
      `full devnet deployment: ${Number(lastBlock - firstBlock) + 1} transactions, ${total} gas ` +
        `(${sentGas} in the deploy layer's ${result.sent.length} transactions, the rest the Safe's), ${ms.toFixed(0)} ms`,
    );
  });
  after(() => dev?.stop());

  it("deploys every planned contract at its predicted address", async () => {
    const config = validateDeployConfig(demoConfig(), resolveDeployNetwork("devnet"));
    const plan = planDeployment({ deployer: accounts.deployer.address, config });
    for (const [key, planned] of Object.entries(plan.contracts)) {
      const entry = manifest.contracts[key as keyof typeof plan.contracts];
      assert.ok(entry, key);
      assert.equal(entry.address, planned.address, key);
      const code = await dev.publicClient.getCode({ address: entry.address });
      assert.ok(code, key);
      assert.equal(entry.codeHash, keccak256(code), key);
      assert.equal(entry.artifactHash, planned.artifactHash, key);
      assert.match(entry.txHash ?? "", /^0x[0-9a-f]{64}$/, key);
      const receipt = await dev.publicClient.getTransactionReceipt({ hash: entry.txHash as Hex });
      assert.equal(Number(receipt.blockNumber), entry.blockNumber, key);
    }
    const c = manifest.contracts;
    assert.equal(c.registry?.implementation, c.registryImplementation?.address);
    assert.equal(c.token?.implementation, c.tokenImplementation?.address);
    const read = dev.publicClient.readContract.bind(dev.publicClient);
    const token = c.token?.address as Address;
    assert.equal(await read({ address: token, abi: securityTokenAbi, functionName: "symbol" }), "ACME-A");
    assert.equal(
      getAddress(
        await read({
          address: c.factory?.address as Address,
          abi: tokenFactoryAbi,
          functionName: "implementation",
        }),
      ),
      c.tokenImplementation?.address,
    );
    const classes = await read({
      address: c.registry?.address as Address,
      abi: investorRegistryAbi,
      functionName: "tokenClasses",
    });
    assert.deepEqual(
      classes.map((a) => getAddress(a)),
      [token],
    );
    assert.equal(
      await read({
        address: c.timelock?.address as Address,
        abi: timelockControllerAbi,
        functionName: "getMinDelay",
      }),
      3600n,
    );
  });

  it("creates a 2-of-3 Safe 1.4.1 owned by the configured owners", async () => {
    const safe = manifest.safe;
    assert.ok(safe);
    assert.equal(safe.origin, "created");
    const info = await getSafeInfo(dev.publicClient, safe.address);
    assert.deepEqual([...info.owners].sort(), accounts.owners.map((o) => o.address).sort());
    assert.equal(Number(info.threshold), 2);
    assert.equal(info.version, "1.4.1");
    // The block of its SafeSetup is recorded, so the indexer starts the Safe there and sees its owners.
    const head = Number(await dev.publicClient.getBlockNumber());
    assert.ok(typeof safe.blockNumber === "number" && safe.blockNumber > 0 && safe.blockNumber <= head);
    assert.deepEqual(
      { ...safe, infrastructure: undefined },
      {
        address: safe.address,
        owners: [...info.owners],
        threshold: 2,
        version: "1.4.1",
        origin: "created",
        blockNumber: safe.blockNumber,
        infrastructure: undefined,
      },
    );
    for (const address of Object.values(safe.infrastructure))
      assert.ok(await dev.publicClient.getCode({ address }), address);
  });

  it("leaves exactly the planned role holders on every contract (from the event log) and none for the deployer", async () => {
    const c = manifest.contracts;
    const safe = manifest.safe?.address as Address;
    const timelock = c.timelock?.address as Address;
    const expected: Record<string, Record<string, Address[]>> = {
      timelock: {
        DEFAULT_ADMIN_ROLE: [timelock],
        PROPOSER_ROLE: [safe],
        CANCELLER_ROLE: [safe],
        EXECUTOR_ROLE: [zeroAddress],
      },
      registryImplementation: {},
      registry: {
        DEFAULT_ADMIN_ROLE: [safe],
        REGISTRY_ORACLE_ROLE: [accounts.registryOracle.address],
        CLASS_BINDER_ROLE: [c.factory?.address as Address],
        UPGRADER_ROLE: [timelock],
      },
      tokenImplementation: {},
      factory: { DEFAULT_ADMIN_ROLE: [safe], CLASS_CREATOR_ROLE: [safe] },
      logAnchor: { DEFAULT_ADMIN_ROLE: [safe], ANCHORER_ROLE: [accounts.anchorer.address] },
      token: {
        DEFAULT_ADMIN_ROLE: [safe],
        AGENT_ROLE: [safe],
        FREEZER_ROLE: [safe],
        GUARDIAN_ROLE: [accounts.guardian.address],
        UPGRADER_ROLE: [timelock],
      },
    };
    for (const [key, roles] of Object.entries(expected)) {
      const address = c[key as keyof typeof c]?.address as Address;
      const actual = await roleHoldersFromLogs(dev.publicClient, address);
      const want = new Map(Object.entries(roles).map(([name, holders]) => [role(name), new Set(holders)]));
      assert.deepEqual(actual, want, `${key}: role holders`);
      for (const holders of actual.values()) assert.ok(!holders.has(accounts.deployer.address), key);
      // The manifest's role table says the same.
      assert.deepEqual(
        manifest.roles[key as keyof typeof manifest.roles] ?? {},
        roles,
        `${key}: manifest roles`,
      );
    }
    // The deployer did hold roles during the run — and renounced each (RoleRevoked with sender = deployer).
    const renounced = events.filter((e) => e.type === "step" && e.step.startsWith("renounce:"));
    assert.deepEqual(renounced.map((e) => (e as { step: string }).step).sort(), [
      "renounce:factory.CLASS_CREATOR_ROLE",
      "renounce:factory.DEFAULT_ADMIN_ROLE",
      "renounce:logAnchor.DEFAULT_ADMIN_ROLE",
      "renounce:registry.DEFAULT_ADMIN_ROLE",
      "renounce:timelock.DEFAULT_ADMIN_ROLE",
      "renounce:token.DEFAULT_ADMIN_ROLE",
    ]);
  });

  it("writes the manifest: identity, compiler, timelock, token class, start block, transactions", async () => {
    assert.deepEqual(JSON.parse(manifestText), manifest);
    assert.equal(manifest.version, 1);
    assert.equal(manifest.network, "devnet");
    assert.equal(manifest.chainId, 31337);
    assert.equal(manifest.status, "complete");
    assert.equal(manifest.deployer, accounts.deployer.address);
    assert.equal(manifest.salt, keccak256(toHex("coinscious-test-1")));
    assert.equal(manifest.genesisHash, (await dev.publicClient.getBlock({ blockNumber: 0n })).hash);
    assert.deepEqual(manifest.compiler, { version: compilerVersion, sourceHash });
    assert.deepEqual(manifest.timelock, {
      address: manifest.contracts.timelock?.address,
      minDelay: "3600",
      executor: "anyone",
    });
    assert.equal(manifest.tokenClass?.config.symbol, "ACME-A");
    assert.equal(manifest.tokenClass?.config.maxBalancePerInvestor, "1000000000");
    assert.equal(manifest.tokenClass?.config.admin, accounts.deployer.address);
    assert.equal(manifest.tokenClass?.config.upgrader, manifest.contracts.timelock?.address);
    const blocks = Object.values(manifest.contracts).map((c) => c.blockNumber as number);
    assert.equal(manifest.startBlock, Math.min(...blocks));
    assert.equal(manifest.startBlock, manifest.contracts.timelock?.blockNumber);
    assert.ok(manifest.transactions.length > 20);
    for (const t of manifest.transactions) assert.equal(t.status, "success", t.step);
    assert.equal(
      sentGas,
      manifest.transactions.reduce((s, t) => s + BigInt(t.gasUsed ?? 0), 0n),
    );
  });

  it("writes the explorer verification inputs", async () => {
    const dir = join(dev.manifestDir, "deployments");
    assert.equal(manifest.verification?.standardInput, "31337/standard-input.json");
    assert.equal(
      await readFile(join(dir, "31337", "standard-input.json"), "utf8"),
      await readFile(defaultStandardInputPath(), "utf8"),
    );
    const factory = JSON.parse(
      await readFile(join(dir, manifest.verification?.contracts.factory as string), "utf8"),
    );
    assert.equal(factory.contractName, "TokenFactory");
    assert.equal(factory.sourcePath, "TokenFactory.sol");
    assert.equal(factory.compilerVersion, `v${compilerVersion.replace(".Emscripten.clang", "")}`);
    assert.equal(factory.address, manifest.contracts.factory?.address);
    const [registry, implementation, admin] = decodeAbiParameters(
      [{ type: "address" }, { type: "address" }, { type: "address" }],
      factory.constructorArgs,
    );
    assert.deepEqual(
      [registry, implementation, admin],
      [
        manifest.contracts.registry?.address,
        manifest.contracts.tokenImplementation?.address,
        accounts.deployer.address,
      ],
    );
    const token = JSON.parse(
      await readFile(join(dir, manifest.verification?.contracts.token as string), "utf8"),
    );
    assert.equal(
      token.fullyQualifiedName,
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol:ERC1967Proxy",
    );
  });

  it("stays within the gas budgets the funds check uses", () => {
    for (const t of manifest.transactions) {
      const [kind, rest] = t.step.split(":") as [string, string];
      const budget =
        kind === "deploy"
          ? GAS_BUDGET[rest as keyof typeof GAS_BUDGET]
          : kind === "grant"
            ? GAS_BUDGET.grant
            : GAS_BUDGET.renounce;
      assert.ok(BigInt(t.gasUsed as string) <= budget, `${t.step}: ${t.gasUsed} > ${budget}`);
    }
  });

  it("stays within the Safe's gas budget (the blocks before the first contract)", async () => {
    const safeGas = await gasUsedInBlocks(
      dev.publicClient,
      firstBlock,
      BigInt(manifest.startBlock as number) - 1n,
    );
    assert.ok(safeGas <= GAS_BUDGET.safeInfrastructure + GAS_BUDGET.createSafe, `${safeGas}`);
  });

  it("is a no-op when run again: same addresses, no transaction, the same manifest bytes", async () => {
    const nonce = await dev.publicClient.getTransactionCount({ address: accounts.deployer.address });
    const block = await dev.publicClient.getBlockNumber();
    const again = await deployPlatform({
      publicClient: dev.publicClient,
      walletClient: dev.walletClient(),
      network: "devnet",
      config: demoConfig(),
      manifestDir: dev.manifestDir,
    });
    assert.equal(again.sent.length, 0);
    assert.equal(await dev.publicClient.getBlockNumber(), block);
    assert.equal(await dev.publicClient.getTransactionCount({ address: accounts.deployer.address }), nonce);
    assert.deepEqual(again.manifest, manifest);
    assert.equal(await readFile(again.manifestPath, "utf8"), manifestText);
  });
});
