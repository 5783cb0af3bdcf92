import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { type Address, parseEventLogs } from "viem";
import { investorRegistryAbi, investorRegistryBytecode } from "../generated/index.ts";
import {
  COUNTRY,
  deployFixture,
  type Fixture,
  type InvestorRecord,
  ROLE,
  walletAddress,
} from "./helpers/fixture.ts";

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

const reg = () => f.registry;
const oracle = () => f.roles.oracle;

function events(receipt: { logs: readonly unknown[] }) {
  return parseEventLogs({ abi: investorRegistryAbi, logs: receipt.logs as never });
}

async function getInvestor(id: number) {
  return f.read<readonly [InvestorRecord, number]>({ ...reg(), functionName: "getInvestor", args: [id] });
}

describe("InvestorRegistry: registration", () => {
  test("registers an investor with a wallet and emits InvestorRegistered + WalletLinked", async () => {
    const record = await f.goodRecord({ country: COUNTRY.US, usPerson: true, lockupUntil: 1234 });
    const r = await f.send(oracle(), {
      ...reg(),
      functionName: "registerInvestor",
      args: [7, walletAddress(1), record],
    });
    const [registered, linked] = events(r);
    assert.equal(registered?.eventName, "InvestorRegistered");
    assert.deepEqual(registered?.args, { investorId: 7, record });
    assert.equal(linked?.eventName, "WalletLinked");
    assert.deepEqual(linked?.args, { wallet: walletAddress(1), investorId: 7 });
    const [stored, walletCount] = await getInvestor(7);
    assert.deepEqual(stored, record);
    assert.equal(walletCount, 1);
    assert.equal(await f.read({ ...reg(), functionName: "investorOf", args: [walletAddress(1)] }), 7);
    assert.equal(await f.read({ ...reg(), functionName: "isRegistered", args: [7] }), true);
    assert.equal(await f.read({ ...reg(), functionName: "isVerified", args: [walletAddress(1)] }), true);
  });

  test("packs every field at its extremes without bleeding into its neighbours", async () => {
    const max40 = 2 ** 40 - 1;
    const record: InvestorRecord = {
      country: 999,
      kycExpiry: max40,
      accreditationExpiry: 1,
      lockupUntil: max40,
      usPerson: true,
      frozen: true,
    };
    await f.send(oracle(), {
      ...reg(),
      functionName: "registerInvestor",
      args: [2 ** 48 - 1, walletAddress(2), record],
    });
    assert.deepEqual((await getInvestor(2 ** 48 - 1))[0], record);
  });

  test("rejects double registration, id 0, zero wallet, a linked wallet and a bad country", async () => {
    const record = await f.goodRecord();
    await f.send(oracle(), {
      ...reg(),
      functionName: "registerInvestor",
      args: [1, walletAddress(1), record],
    });
    const cases: [readonly [number, Address, InvestorRecord], string, readonly unknown[]][] = [
      [[1, walletAddress(2), record], "InvestorAlreadyRegistered", [1]],
      [[0, walletAddress(2), record], "ZeroInvestorId", []],
      [[2, f.zeroAddress, record], "ZeroAddress", []],
      [[2, walletAddress(1), record], "WalletAlreadyLinked", [walletAddress(1), 1]],
      [[2, walletAddress(2), { ...record, country: 1000 }], "InvalidCountry", [1000]],
    ];
    for (const [args, errorName, errArgs] of cases) {
      const err = await f.revertOf(oracle(), { ...reg(), functionName: "registerInvestor", args });
      assert.deepEqual(err, { errorName, args: errArgs }, errorName);
    }
  });

  test("batch registration is all or nothing and checks lengths", async () => {
    const rec = await f.goodRecord();
    const r = await f.send(oracle(), {
      ...reg(),
      functionName: "batchRegisterInvestors",
      args: [
        [1, 2, 3],
        [walletAddress(1), walletAddress(2), walletAddress(3)],
        [rec, rec, rec],
      ],
    });
    assert.equal(events(r).filter((e) => e.eventName === "InvestorRegistered").length, 3);
    const failing = await f.revertOf(oracle(), {
      ...reg(),
      functionName: "batchRegisterInvestors",
      args: [
        [4, 3],
        [walletAddress(4), walletAddress(5)],
        [rec, rec],
      ],
    });
    assert.deepEqual(failing, { errorName: "InvestorAlreadyRegistered", args: [3] });
    assert.deepEqual(
      await f.revertOf(oracle(), {
        ...reg(),
        functionName: "batchRegisterInvestors",
        args: [[4, 5], [walletAddress(4)], [rec, rec]],
      }),
      { errorName: "ArrayLengthMismatch", args: [2n, 1n] },
    );
    assert.deepEqual(
      await f.revertOf(oracle(), {
        ...reg(),
        functionName: "batchRegisterInvestors",
        args: [[4], [walletAddress(4)], []],
      }),
      { errorName: "ArrayLengthMismatch", args: [1n, 0n] },
    );
    assert.deepEqual(
      await f.revertOf(oracle(), { ...reg(), functionName: "batchRegisterInvestors", args: [[], [], []] }),
      { errorName: "EmptyBatch", args: [] },
    );
  });
});

describe("InvestorRegistry: updates, wallets, removal", () => {
  test("updateInvestor replaces the record, keeps the wallet count, emits InvestorUpdated", async () => {
    await f.registerInvestor(1n, walletAddress(1));
    const next = await f.goodRecord({ country: COUNTRY.JP, frozen: true, accreditationExpiry: 0 });
    const r = await f.send(oracle(), { ...reg(), functionName: "updateInvestor", args: [1, next] });
    assert.deepEqual(events(r)[0]?.args, { investorId: 1, record: next });
    assert.deepEqual(await getInvestor(1), [next, 1]);
    assert.equal(await f.read({ ...reg(), functionName: "isVerified", args: [walletAddress(1)] }), false);
    assert.deepEqual(
      await f.revertOf(oracle(), { ...reg(), functionName: "updateInvestor", args: [9, next] }),
      {
        errorName: "UnknownInvestor",
        args: [9],
      },
    );
  });

  test("batchUpdateInvestors updates all and rejects mismatched or empty batches", async () => {
    await f.registerInvestor(1n, walletAddress(1));
    await f.registerInvestor(2n, walletAddress(2));
    const next = await f.goodRecord({ country: COUNTRY.CH });
    await f.send(oracle(), {
      ...reg(),
      functionName: "batchUpdateInvestors",
      args: [
        [1, 2],
        [next, next],
      ],
    });
    assert.equal((await getInvestor(2))[0].country, COUNTRY.CH);
    assert.deepEqual(
      await f.revertOf(oracle(), { ...reg(), functionName: "batchUpdateInvestors", args: [[1, 2], [next]] }),
      { errorName: "ArrayLengthMismatch", args: [2n, 1n] },
    );
    assert.deepEqual(
      await f.revertOf(oracle(), { ...reg(), functionName: "batchUpdateInvestors", args: [[], []] }),
      {
        errorName: "EmptyBatch",
        args: [],
      },
    );
  });

  test("link and unlink wallets, with counts and events", async () => {
    await f.registerInvestor(1n, walletAddress(1));
    const r = await f.send(oracle(), { ...reg(), functionName: "linkWallet", args: [walletAddress(2), 1] });
    assert.deepEqual(events(r)[0]?.args, { wallet: walletAddress(2), investorId: 1 });
    await f.send(oracle(), { ...reg(), functionName: "batchLinkWallets", args: [[walletAddress(3)], [1]] });
    assert.equal((await getInvestor(1))[1], 3);
    const u = await f.send(oracle(), { ...reg(), functionName: "unlinkWallet", args: [walletAddress(2)] });
    assert.equal(events(u)[0]?.eventName, "WalletUnlinked");
    assert.equal((await getInvestor(1))[1], 2);
    assert.equal(await f.read({ ...reg(), functionName: "investorOf", args: [walletAddress(2)] }), 0);
    const bad: [string, readonly unknown[], string, readonly unknown[]][] = [
      ["linkWallet", [walletAddress(3), 1], "WalletAlreadyLinked", [walletAddress(3), 1]],
      ["linkWallet", [walletAddress(4), 5], "UnknownInvestor", [5]],
      ["linkWallet", [f.zeroAddress, 1], "ZeroAddress", []],
      ["unlinkWallet", [walletAddress(9)], "WalletNotLinked", [walletAddress(9)]],
      ["batchLinkWallets", [[walletAddress(4)], []], "ArrayLengthMismatch", [1n, 0n]],
      ["batchLinkWallets", [[], []], "EmptyBatch", []],
    ];
    for (const [functionName, args, errorName, errArgs] of bad) {
      assert.deepEqual(
        await f.revertOf(oracle(), {
          ...reg(),
          functionName: functionName as "linkWallet",
          args: args as never,
        }),
        { errorName, args: errArgs },
        `${functionName} → ${errorName}`,
      );
    }
  });

  test("a wallet holding tokens cannot be unlinked (per-investor totals would break)", async () => {
    await f.registerInvestor(1n, walletAddress(1));
    await f.send(f.roles.agent, { ...f.token, functionName: "mint", args: [walletAddress(1), 5n] });
    assert.deepEqual(
      await f.revertOf(oracle(), { ...reg(), functionName: "unlinkWallet", args: [walletAddress(1)] }),
      {
        errorName: "WalletHasBalance",
        args: [f.token.address, walletAddress(1), 5n],
      },
    );
    await f.send(f.roles.agent, { ...f.token, functionName: "burn", args: [walletAddress(1), 5n] });
    await f.send(oracle(), { ...reg(), functionName: "unlinkWallet", args: [walletAddress(1)] });
    assert.equal(await f.read({ ...f.token, functionName: "investorOf", args: [walletAddress(1)] }), 0);
  });

  test("removeInvestor needs every wallet unlinked first, and the id can be registered again", async () => {
    await f.registerInvestor(1n, walletAddress(1));
    assert.deepEqual(await f.revertOf(oracle(), { ...reg(), functionName: "removeInvestor", args: [1] }), {
      errorName: "InvestorHasWallets",
      args: [1, 1n],
    });
    await f.send(oracle(), { ...reg(), functionName: "unlinkWallet", args: [walletAddress(1)] });
    const r = await f.send(oracle(), { ...reg(), functionName: "removeInvestor", args: [1] });
    assert.deepEqual(events(r)[0]?.args, { investorId: 1 });
    assert.equal(await f.read({ ...reg(), functionName: "isRegistered", args: [1] }), false);
    assert.deepEqual(
      await f.revertOf(oracle(), { ...reg(), functionName: "getInvestor", args: [1] } as never),
      {
        errorName: "UnknownInvestor",
        args: [1],
      },
    );
    assert.deepEqual(await f.revertOf(oracle(), { ...reg(), functionName: "removeInvestor", args: [1] }), {
      errorName: "UnknownInvestor",
      args: [1],
    });
    await f.registerInvestor(1n, walletAddress(2));
  });

  test("isVerified is false for unlinked, expired-KYC and frozen investors", async () => {
    const t = Number(await f.now());
    await f.registerInvestor(1n, walletAddress(1), { kycExpiry: t - 1 });
    await f.registerInvestor(2n, walletAddress(2), { frozen: true });
    await f.registerInvestor(3n, walletAddress(3), { kycExpiry: 0 });
    for (const i of [1, 2, 3, 4]) {
      assert.equal(
        await f.read({ ...reg(), functionName: "isVerified", args: [walletAddress(i)] }),
        false,
        `wallet ${i}`,
      );
    }
  });
});

describe("InvestorRegistry: roles and binding", () => {
  test("every write needs REGISTRY_ORACLE_ROLE", async () => {
    const rec = await f.goodRecord();
    const outsider = f.roles.outsider;
    const calls: [string, readonly unknown[]][] = [
      ["registerInvestor", [1, walletAddress(1), rec]],
      ["batchRegisterInvestors", [[1], [walletAddress(1)], [rec]]],
      ["updateInvestor", [1, rec]],
      ["batchUpdateInvestors", [[1], [rec]]],
      ["linkWallet", [walletAddress(1), 1]],
      ["batchLinkWallets", [[walletAddress(1)], [1]]],
      ["unlinkWallet", [walletAddress(1)]],
      ["removeInvestor", [1]],
    ];
    // The admin holds no oracle role either: investor records are the oracle's alone.
    for (const who of [outsider, f.roles.admin, f.roles.agent]) {
      for (const [functionName, args] of calls) {
        assert.deepEqual(
          await f.revertOf(who, {
            ...reg(),
            functionName: functionName as "linkWallet",
            args: args as never,
          }),
          { errorName: "AccessControlUnauthorizedAccount", args: [who, ROLE.REGISTRY_ORACLE] },
          `${functionName} from ${who}`,
        );
      }
    }
  });

  test("bindTokenClass needs CLASS_BINDER_ROLE and refuses duplicates and zero", async () => {
    assert.deepEqual(
      await f.revertOf(f.roles.admin, { ...reg(), functionName: "bindTokenClass", args: [walletAddress(5)] }),
      { errorName: "AccessControlUnauthorizedAccount", args: [f.roles.admin, ROLE.CLASS_BINDER] },
    );
    await f.send(f.roles.admin, {
      ...reg(),
      functionName: "grantRole",
      args: [ROLE.CLASS_BINDER, f.roles.admin],
    });
    assert.deepEqual(
      await f.revertOf(f.roles.admin, { ...reg(), functionName: "bindTokenClass", args: [f.token.address] }),
      { errorName: "TokenClassAlreadyBound", args: [f.token.address] },
    );
    assert.deepEqual(
      await f.revertOf(f.roles.admin, { ...reg(), functionName: "bindTokenClass", args: [f.zeroAddress] }),
      { errorName: "ZeroAddress", args: [] },
    );
    assert.deepEqual(await f.read({ ...reg(), functionName: "tokenClasses" }), [f.token.address]);
  });

  test("upgrades need UPGRADER_ROLE, which the admin cannot grant itself", async () => {
    const newImpl = await f.deploy(investorRegistryAbi, investorRegistryBytecode, []);
    assert.deepEqual(
      await f.revertOf(f.roles.admin, { ...reg(), functionName: "upgradeToAndCall", args: [newImpl, "0x"] }),
      { errorName: "AccessControlUnauthorizedAccount", args: [f.roles.admin, ROLE.UPGRADER] },
    );
    assert.deepEqual(
      await f.revertOf(f.roles.admin, {
        ...reg(),
        functionName: "grantRole",
        args: [ROLE.UPGRADER, f.roles.admin],
      }),
      { errorName: "AccessControlUnauthorizedAccount", args: [f.roles.admin, ROLE.UPGRADER] },
    );
    await f.registerInvestor(1n, walletAddress(1));
    await f.send(f.roles.upgrader, { ...reg(), functionName: "upgradeToAndCall", args: [newImpl, "0x"] });
    assert.equal(await f.read({ ...reg(), functionName: "investorOf", args: [walletAddress(1)] }), 1);
  });

  test("initialize cannot run twice, and the implementation cannot be initialized", async () => {
    assert.deepEqual(
      await f.revertOf(f.roles.admin, {
        ...reg(),
        functionName: "initialize",
        args: [f.roles.admin, f.roles.admin],
      }),
      { errorName: "InvalidInitialization", args: [] },
    );
    assert.deepEqual(
      await f.revertOf(f.roles.admin, {
        address: f.registryImpl,
        abi: investorRegistryAbi,
        functionName: "initialize",
        args: [f.roles.admin, f.roles.admin],
      }),
      { errorName: "InvalidInitialization", args: [] },
    );
  });
});
