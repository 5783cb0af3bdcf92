import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256, pad, zeroAddress } from "viem";
import { SAFE_VERSION, safeArtifacts, safeProxyFactoryAbi } from "./abis.ts";
import { createSafe } from "./createSafe.ts";
import { deploySafeInfrastructure } from "./deploySafeInfrastructure.ts";
import { SafeError } from "./errors.ts";
import { getSafeInfo } from "./getSafeInfo.ts";
import { predictSafeAddress } from "./predictSafeAddress.ts";
import {
  DETERMINISTIC_DEPLOYER,
  DETERMINISTIC_DEPLOYER_CODE,
  predictSafeInfrastructure,
} from "./predictSafeInfrastructure.ts";
import { type SafeDevnet, startSafeDevnet } from "./safeFixture.ts";

const isCode = (code: string) => (e: unknown) => e instanceof SafeError && e.code === code;

describe("Safe infrastructure and creation on anvil", () => {
  let d: SafeDevnet;
  before(async () => {
    d = await startSafeDevnet();
  });
  after(async () => {
    await d?.stop();
  });

  it("deploys the five contracts at their CREATE2 addresses with the canonical runtime code", async () => {
    assert.deepEqual(d.infrastructure, predictSafeInfrastructure());
    const published = {
      safeSingleton: "0xb1f926978a0f44a2c0ec8fe822418ae969bd8c3f18d61e5103100339894f81ff",
      safeProxyFactory: "0x50c3cdc4074750a7a974204a716c999edd37482f907608d960b2b025ee0b3317",
      fallbackHandler: "0x7c6007a5d711cea8dfd5d91f5940ec29c7f200fe511eb1fc1397b367af3c42f9",
      multiSendCallOnly: "0xecd5bd14a08c5d2122379900b2f272bdf107a7e92423c10dd5fe3254386c9939",
    } as const;
    for (const [key, codeHash] of Object.entries(published)) {
      const code = await d.publicClient.getCode({ address: d.infrastructure[key as keyof typeof published] });
      assert.equal(code && keccak256(code), codeHash, `${key} matches safe-deployments' code hash`);
    }
    const multiSend = await d.publicClient.getCode({ address: d.infrastructure.multiSend });
    assert.ok(multiSend?.toLowerCase().includes(pad(d.infrastructure.multiSend).slice(2).toLowerCase()));
  });

  it("is idempotent: a re-run sends no transaction and returns the same addresses", async () => {
    const blockBefore = await d.publicClient.getBlockNumber();
    const again = await deploySafeInfrastructure({
      publicClient: d.publicClient,
      walletClient: d.deployerClient,
    });
    assert.deepEqual(again, d.infrastructure);
    assert.equal(await d.publicClient.getBlockNumber(), blockBefore);
  });

  it("creates a 2-of-3 Safe at the predicted address, and finds it again", async () => {
    const owners = d.owners.map((o) => o.address);
    assert.equal(
      d.safe,
      predictSafeAddress({ infrastructure: d.infrastructure, owners, threshold: 2, saltNonce: 0n }),
    );
    const creationCode = await d.publicClient.readContract({
      address: d.infrastructure.safeProxyFactory,
      abi: safeProxyFactoryAbi,
      functionName: "proxyCreationCode",
    });
    assert.equal(
      creationCode,
      safeArtifacts.safeProxy.bytecode,
      "the factory deploys the SafeProxy artifact",
    );
    assert.ok(d.createReceipt);
    console.log(`createSafe (2-of-3) gasUsed=${d.createReceipt.gasUsed}`);
    assert.ok(d.createReceipt.gasUsed > 250_000n && d.createReceipt.gasUsed < 350_000n);

    const blockBefore = await d.publicClient.getBlockNumber();
    const again = await createSafe({
      publicClient: d.publicClient,
      walletClient: d.deployerClient,
      infrastructure: d.infrastructure,
      owners,
      threshold: 2,
      saltNonce: 0n,
    });
    assert.equal(again, d.safe);
    assert.equal(await d.publicClient.getBlockNumber(), blockBefore, "no transaction for an existing Safe");

    const other = await createSafe({
      publicClient: d.publicClient,
      walletClient: d.deployerClient,
      infrastructure: d.infrastructure,
      owners,
      threshold: 2,
      saltNonce: 1n,
    });
    assert.notEqual(other, d.safe, "another salt nonce, another Safe");
  });

  it("getSafeInfo reads owners, threshold, nonce, version and settings", async () => {
    const info = await getSafeInfo(d.publicClient, d.safe);
    assert.deepEqual(
      info.owners,
      d.owners.map((o) => o.address),
    );
    assert.equal(info.threshold, 2);
    assert.equal(info.nonce, 0n);
    assert.equal(info.version, SAFE_VERSION);
    assert.equal(info.singleton, d.infrastructure.safeSingleton);
    assert.equal(info.fallbackHandler, d.infrastructure.fallbackHandler);
    assert.equal(info.guard, zeroAddress);
    assert.deepEqual(info.modules, []);
    await assert.rejects(getSafeInfo(d.publicClient, d.outsider.address), isCode("SAFE_NOT_FOUND"));
    await assert.rejects(getSafeInfo(d.publicClient, d.infrastructure.multiSend), isCode("SAFE_NOT_FOUND"));
  });

  it("rejects bad owners and thresholds before sending", async () => {
    const base = {
      publicClient: d.publicClient,
      walletClient: d.deployerClient,
      infrastructure: d.infrastructure,
      saltNonce: 9n,
    };
    const [a, b] = d.owners.map((o) => o.address) as [`0x${string}`, `0x${string}`];
    for (const bad of [
      { owners: [], threshold: 1 },
      { owners: [a, b], threshold: 3 },
      { owners: [a, b], threshold: 0 },
      { owners: [a, a], threshold: 1 },
      { owners: [a, zeroAddress], threshold: 1 },
      { owners: [a, "0x0000000000000000000000000000000000000001"], threshold: 1 },
    ] as const) {
      await assert.rejects(
        createSafe({ ...base, ...bad, owners: [...bad.owners] }),
        isCode("INVALID_ARGUMENT"),
      );
    }
    await assert.rejects(
      createSafe({
        ...base,
        infrastructure: predictSafeInfrastructure(`0x${"11".repeat(32)}`),
        owners: [a],
        threshold: 1,
      }),
      isCode("INFRASTRUCTURE_MISSING"),
    );
  });

  it("refuses foreign code at a target address, and a missing deployment proxy", async () => {
    const salt = `0x${"22".repeat(32)}` as const;
    const snapshot = await d.testClient.snapshot();
    try {
      await d.testClient.setCode({ address: predictSafeInfrastructure(salt).multiSend, bytecode: "0x6000" });
      await assert.rejects(
        deploySafeInfrastructure({ publicClient: d.publicClient, walletClient: d.deployerClient, salt }),
        isCode("CODE_MISMATCH"),
      );
      await d.testClient.setCode({ address: DETERMINISTIC_DEPLOYER, bytecode: "0x" });
      await assert.rejects(
        deploySafeInfrastructure({ publicClient: d.publicClient, walletClient: d.deployerClient, salt }),
        isCode("DEPLOYER_MISSING"),
      );
    } finally {
      await d.testClient.revert({ id: snapshot });
    }
    assert.equal(
      await d.publicClient.getCode({ address: DETERMINISTIC_DEPLOYER }),
      DETERMINISTIC_DEPLOYER_CODE,
    );
  });
});
