import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { type Address, getAddress, keccak256, parseEventLogs, toHex } from "viem";
import { securityTokenAbi, securityTokenBytecode, tokenFactoryAbi } from "../generated/index.ts";
import { classConfig, deployFixture, type Fixture, ROLE, walletAddress } from "./helpers/fixture.ts";

let f: Fixture;
let snapshot: `0x${string}`;
before(async () => {
  f = await deployFixture();
  snapshot = await f.testClient.snapshot();
});
after(async () => {
  await f?.stop();
});
beforeEach(async () => {
  await f.testClient.revert({ id: snapshot });
  snapshot = await f.testClient.snapshot();
});

const salt = (s: string) => keccak256(toHex(s));
const cfg = (overrides = {}) =>
  classConfig(f.roles.admin, f.roles.upgrader, { symbol: "ACME-S", ...overrides });

describe("TokenFactory", () => {
  test("creates a class at the predicted address, initialized and bound to the registry", async () => {
    const predicted = await f.read<Address>({
      ...f.factory,
      functionName: "predictTokenAddress",
      args: [cfg(), salt("s")],
    });
    const r = await f.send(f.roles.admin, {
      ...f.factory,
      functionName: "createTokenClass",
      args: [cfg(), salt("s")],
    });
    const created = parseEventLogs({ abi: tokenFactoryAbi, logs: r.logs, eventName: "TokenClassCreated" })[0];
    assert.equal(created?.args.token, predicted);
    assert.equal(created?.args.implementation, f.tokenImpl);
    assert.equal(created?.args.symbol, "ACME-S");
    const token = { address: predicted, abi: securityTokenAbi } as const;
    assert.equal(await f.read({ ...token, functionName: "symbol" }), "ACME-S");
    assert.equal(await f.read({ ...token, functionName: "identityRegistry" }), f.registry.address);
    assert.equal(
      await f.read({ ...token, functionName: "hasRole", args: [ROLE.DEFAULT_ADMIN, f.roles.admin] }),
      true,
    );
    assert.equal(
      await f.read({ ...token, functionName: "hasRole", args: [ROLE.UPGRADER, f.roles.upgrader] }),
      true,
    );
    assert.deepEqual(await f.read({ ...f.registry, functionName: "tokenClasses" }), [
      f.token.address,
      predicted,
    ]);
  });

  test("the same config and salt cannot be deployed twice", async () => {
    await f.send(f.roles.admin, {
      ...f.factory,
      functionName: "createTokenClass",
      args: [cfg(), salt("dup")],
    });
    await assert.rejects(
      f.send(f.roles.admin, { ...f.factory, functionName: "createTokenClass", args: [cfg(), salt("dup")] }),
    );
  });

  test("initialization errors surface through the factory", async () => {
    // The token's errors bubble up through the proxy constructor; decode them with the token's ABI too.
    const factoryWithTokenErrors = {
      address: f.factory.address,
      abi: [...tokenFactoryAbi, ...securityTokenAbi.filter((x) => x.type === "error")],
    } as const;
    assert.deepEqual(
      await f.revertOf(f.roles.admin, {
        ...factoryWithTokenErrors,
        functionName: "createTokenClass",
        args: [cfg({ countryRule: 3 }), salt("x")],
      }),
      { errorName: "InvalidCountryRule", args: [3] },
    );
    assert.deepEqual(
      await f.revertOf(f.roles.admin, {
        ...f.factory,
        functionName: "createTokenClass",
        args: [cfg({ admin: f.zeroAddress }), salt("x")],
      }),
      { errorName: "ZeroAddress", args: [] },
    );
  });

  test("only CLASS_CREATOR_ROLE creates classes; only the admin sets the implementation", async () => {
    assert.deepEqual(
      await f.revertOf(f.roles.outsider, {
        ...f.factory,
        functionName: "createTokenClass",
        args: [cfg(), salt("y")],
      }),
      { errorName: "AccessControlUnauthorizedAccount", args: [f.roles.outsider, ROLE.CLASS_CREATOR] },
    );
    assert.deepEqual(
      await f.revertOf(f.roles.outsider, {
        ...f.factory,
        functionName: "setImplementation",
        args: [walletAddress(1)],
      }),
      { errorName: "AccessControlUnauthorizedAccount", args: [f.roles.outsider, ROLE.DEFAULT_ADMIN] },
    );
    assert.deepEqual(
      await f.revertOf(f.roles.admin, {
        ...f.factory,
        functionName: "setImplementation",
        args: [f.zeroAddress],
      }),
      { errorName: "ZeroAddress", args: [] },
    );
    const impl2 = await f.deploy(securityTokenAbi, securityTokenBytecode, []);
    const r = await f.send(f.roles.admin, { ...f.factory, functionName: "setImplementation", args: [impl2] });
    const ev = parseEventLogs({ abi: tokenFactoryAbi, logs: r.logs })[0];
    assert.deepEqual(ev?.args, { previous: f.tokenImpl, current: impl2 });
    assert.equal(await f.read({ ...f.factory, functionName: "implementation" }), impl2);
  });

  test("a factory without CLASS_BINDER_ROLE on the registry cannot create classes", async () => {
    await f.send(f.roles.admin, {
      ...f.registry,
      functionName: "revokeRole",
      args: [ROLE.CLASS_BINDER, f.factory.address],
    });
    assert.deepEqual(
      await f.revertOf(f.roles.admin, {
        ...f.factory,
        functionName: "createTokenClass",
        args: [cfg(), salt("z")],
      }),
      {
        errorName: "AccessControlUnauthorizedAccount",
        args: [getAddress(f.factory.address), ROLE.CLASS_BINDER],
      },
    );
  });
});

describe("Several classes over one registry", () => {
  test("a class created after investors were registered sees them (pulled from the registry on first use)", async () => {
    await f.registerInvestor(1n, walletAddress(1));
    await f.registerInvestor(2n, walletAddress(2));
    await f.send(f.roles.agent, { ...f.token, functionName: "mint", args: [walletAddress(1), 10n] });
    const late = await f.createClass({ symbol: "ACME-REGS", regS: true, regSDistributionEnd: 2 ** 40 - 1 });
    assert.equal(await f.read({ ...late, functionName: "investorOf", args: [walletAddress(2)] }), 2);
    assert.equal(await f.read({ ...late, functionName: "canMint", args: [walletAddress(2), 5n] }), 0);
    await f.send(f.roles.agent, { ...late, functionName: "mint", args: [walletAddress(2), 5n] });
    await f.send(walletAddress(2), { ...late, functionName: "transfer", args: [walletAddress(1), 2n] });
    assert.equal(await f.read({ ...late, functionName: "investorBalance", args: [1] }), 2n);
    assert.equal(await f.read({ ...late, functionName: "investorBalance", args: [2] }), 3n);
    assert.deepEqual(await f.read({ ...late, functionName: "holderCounts" }), [2n, 0n, 0n, 0n]);
    // the first class is untouched
    assert.equal(await f.read({ ...f.token, functionName: "balanceOf", args: [walletAddress(1)] }), 10n);
  });

  test("registry changes reach every class in the same transaction", async () => {
    await f.registerInvestor(1n, walletAddress(1));
    await f.registerInvestor(2n, walletAddress(2));
    const second = await f.createClass({ symbol: "ACME-B" });
    for (const t of [f.token, second]) {
      await f.send(f.roles.agent, { ...t, functionName: "mint", args: [walletAddress(1), 10n] });
    }
    const frozen = await f.goodRecord({ frozen: true });
    await f.send(f.roles.oracle, { ...f.registry, functionName: "updateInvestor", args: [2, frozen] });
    for (const t of [f.token, second]) {
      assert.equal(
        await f.read({ ...t, functionName: "canTransfer", args: [walletAddress(1), walletAddress(2), 1n] }),
        11,
      );
    }
    await f.send(f.roles.oracle, { ...f.registry, functionName: "linkWallet", args: [walletAddress(3), 1] });
    await f.fund(walletAddress(3));
    for (const t of [f.token, second]) {
      assert.equal(await f.read({ ...t, functionName: "investorOf", args: [walletAddress(3)] }), 1);
      await f.send(walletAddress(1), { ...t, functionName: "transfer", args: [walletAddress(3), 4n] });
      assert.equal(await f.read({ ...t, functionName: "investorBalance", args: [1] }), 10n);
    }
    // a balance in any one class blocks the unlink
    await f.send(walletAddress(3), { ...f.token, functionName: "transfer", args: [walletAddress(1), 4n] });
    assert.deepEqual(
      await f.revertOf(f.roles.oracle, {
        ...f.registry,
        functionName: "unlinkWallet",
        args: [walletAddress(3)],
      }),
      {
        errorName: "WalletHasBalance",
        args: [second.address, walletAddress(3), 4n],
      },
    );
  });
});
