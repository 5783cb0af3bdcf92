/**
 * Class settings, registry, anchor, upgrade and role actions: calldata round trip and INVALID_ACTION per field.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { investorRegistryAbi, logAnchorAbi, securityTokenAbi } from "@coinscious/contracts";
import { MAX_INVESTOR_ID } from "@coinscious/core";
import { type Abi, type Address, decodeFunctionData, getAddress, type Hex } from "viem";
import { anchorRoot } from "./anchorRoot.ts";
import { batchLinkWallets } from "./batchLinkWallets.ts";
import { batchRegisterInvestors } from "./batchRegisterInvestors.ts";
import { batchUpdateInvestors } from "./batchUpdateInvestors.ts";
import { InvalidActionError } from "./errors.ts";
import { grantRole } from "./grantRole.ts";
import { linkWallet } from "./linkWallet.ts";
import { registerInvestor } from "./registerInvestor.ts";
import { removeInvestor } from "./removeInvestor.ts";
import { revokeRole } from "./revokeRole.ts";
import { roleIds } from "./roleIds.ts";
import { setAccreditationRequired } from "./setAccreditationRequired.ts";
import { setCountries } from "./setCountries.ts";
import { setCountryRule } from "./setCountryRule.ts";
import { setHolderCaps } from "./setHolderCaps.ts";
import { setMaxBalancePerInvestor } from "./setMaxBalancePerInvestor.ts";
import { setRegS } from "./setRegS.ts";
import { setTransferLockup } from "./setTransferLockup.ts";
import type { Action, InvestorRecord } from "./types.ts";
import { unlinkWallet } from "./unlinkWallet.ts";
import { updateInvestor } from "./updateInvestor.ts";
import { upgrade } from "./upgrade.ts";

const TOKEN = getAddress("0x1111111111111111111111111111111111111111");
const REGISTRY = getAddress("0x2222222222222222222222222222222222222222");
const ANCHOR = getAddress("0x3333333333333333333333333333333333333333");
const A = getAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
const B = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const ZERO = "0x0000000000000000000000000000000000000000";
const U40 = 2 ** 40 - 1;

function assertInvalid(fn: () => unknown, field: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidActionError, `expected InvalidActionError, got ${String(e)}`);
    assert.equal(e.code, "INVALID_ACTION");
    assert.equal(e.details.field, field);
    return true;
  });
}

function call(action: Action, abi: Abi = securityTokenAbi) {
  const d = decodeFunctionData({ abi, data: action.data });
  return { functionName: d.functionName, args: d.args ?? [] };
}

const RECORD: InvestorRecord = {
  country: 276,
  kycExpiry: 1_900_000_000,
  accreditationExpiry: 0,
  lockupUntil: U40,
  usPerson: false,
  frozen: true,
};

/** Every field of an investor record is checked and named under `prefix`. */
function recordCases(build: (r: unknown) => unknown, prefix: string) {
  assertInvalid(() => build(null), prefix);
  assertInvalid(() => build({ ...RECORD, country: 1000 }), `${prefix}.country`);
  assertInvalid(() => build({ ...RECORD, country: -1 }), `${prefix}.country`);
  assertInvalid(() => build({ ...RECORD, country: 1.5 }), `${prefix}.country`);
  for (const f of ["kycExpiry", "accreditationExpiry", "lockupUntil"]) {
    assertInvalid(() => build({ ...RECORD, [f]: U40 + 1 }), `${prefix}.${f}`);
    assertInvalid(() => build({ ...RECORD, [f]: -1 }), `${prefix}.${f}`);
    assertInvalid(() => build({ ...RECORD, [f]: 10n }), `${prefix}.${f}`);
  }
  assertInvalid(() => build({ ...RECORD, usPerson: "yes" }), `${prefix}.usPerson`);
  assertInvalid(() => build({ ...RECORD, frozen: undefined }), `${prefix}.frozen`);
}

function investorIdCases(build: (id: unknown) => unknown, field: string) {
  for (const bad of [0, 0n, -1n, MAX_INVESTOR_ID + 1n, 1.5, "7", undefined])
    assertInvalid(() => build(bad), field);
}

describe("class settings (admin)", () => {
  test("encode each setter", () => {
    const cases: [Action, string, unknown[]][] = [
      [
        setHolderCaps({ token: TOKEN, maxHolders: 2_000, maxNonAccreditedHolders: 35 }),
        "setHolderCaps",
        [2_000, 35],
      ],
      [
        setCountries({ token: TOKEN, countries: [276, 0, 999], listed: true }),
        "setCountries",
        [[276, 0, 999], true],
      ],
      [setCountryRule({ token: TOKEN, rule: "deny" }), "setCountryRule", [2]],
      [setCountryRule({ token: TOKEN, rule: 1 }), "setCountryRule", [1]],
      [setMaxBalancePerInvestor({ token: TOKEN, maxBalance: 0n }), "setMaxBalancePerInvestor", [0n]],
      [setAccreditationRequired({ token: TOKEN, required: true }), "setAccreditationRequired", [true]],
      [setRegS({ token: TOKEN, enabled: true, distributionEnd: U40 }), "setRegS", [true, U40]],
      [setTransferLockup({ token: TOKEN, lockedUntil: 0 }), "setTransferLockup", [0]],
    ];
    for (const [action, functionName, args] of cases) {
      assert.deepEqual(call(action), { functionName, args });
      assert.equal(action.role, "admin");
      assert.equal(action.kind, functionName);
      assert.equal(action.target, TOKEN);
    }
  });
  test("refuse bad input", () => {
    assertInvalid(
      () => setHolderCaps({ token: TOKEN, maxHolders: 2 ** 32, maxNonAccreditedHolders: 0 }),
      "maxHolders",
    );
    assertInvalid(
      () => setHolderCaps({ token: TOKEN, maxHolders: 1, maxNonAccreditedHolders: -1 }),
      "maxNonAccreditedHolders",
    );
    assertInvalid(() => setHolderCaps({ token: ZERO, maxHolders: 1, maxNonAccreditedHolders: 1 }), "token");
    assertInvalid(() => setCountries({ token: TOKEN, countries: [], listed: true }), "countries");
    assertInvalid(() => setCountries({ token: TOKEN, countries: [276, 1000], listed: true }), "countries[1]");
    assertInvalid(() => setCountries({ token: TOKEN, countries: [276], listed: 0 as never }), "listed");
    assertInvalid(() => setCountryRule({ token: TOKEN, rule: 3 as never }), "rule");
    assertInvalid(() => setCountryRule({ token: TOKEN, rule: "block" as never }), "rule");
    assertInvalid(() => setMaxBalancePerInvestor({ token: TOKEN, maxBalance: 1n << 96n }), "maxBalance");
    assertInvalid(() => setMaxBalancePerInvestor({ token: TOKEN, maxBalance: -1n }), "maxBalance");
    assertInvalid(() => setMaxBalancePerInvestor({ token: TOKEN, maxBalance: 10 as never }), "maxBalance");
    assertInvalid(() => setAccreditationRequired({ token: TOKEN, required: "true" as never }), "required");
    assertInvalid(
      () => setRegS({ token: TOKEN, enabled: true, distributionEnd: U40 + 1 }),
      "distributionEnd",
    );
    assertInvalid(() => setRegS({ token: TOKEN, enabled: null as never, distributionEnd: 0 }), "enabled");
    assertInvalid(() => setTransferLockup({ token: TOKEN, lockedUntil: -5 }), "lockedUntil");
  });
});

describe("registry (registry oracle)", () => {
  const abi = investorRegistryAbi;
  test("encode each call, investor ids as number or bigint", () => {
    const cases: [Action, string, unknown[]][] = [
      [
        registerInvestor({ registry: REGISTRY, investorId: 7, wallet: A, record: RECORD }),
        "registerInvestor",
        [7, A, RECORD],
      ],
      [
        batchRegisterInvestors({
          registry: REGISTRY,
          investorIds: [1n, 2],
          wallets: [A, B],
          records: [RECORD, RECORD],
        }),
        "batchRegisterInvestors",
        [
          [1, 2],
          [A, B],
          [RECORD, RECORD],
        ],
      ],
      [
        updateInvestor({ registry: REGISTRY, investorId: MAX_INVESTOR_ID, record: RECORD }),
        "updateInvestor",
        [Number(MAX_INVESTOR_ID), RECORD],
      ],
      [
        batchUpdateInvestors({ registry: REGISTRY, investorIds: [3n], records: [RECORD] }),
        "batchUpdateInvestors",
        [[3], [RECORD]],
      ],
      [linkWallet({ registry: REGISTRY, wallet: B, investorId: 9n }), "linkWallet", [B, 9]],
      [
        batchLinkWallets({ registry: REGISTRY, wallets: [A, B], investorIds: [9n, 9n] }),
        "batchLinkWallets",
        [
          [A, B],
          [9, 9],
        ],
      ],
      [unlinkWallet({ registry: REGISTRY, wallet: A }), "unlinkWallet", [A]],
      [removeInvestor({ registry: REGISTRY, investorId: 1n }), "removeInvestor", [1]],
    ];
    for (const [action, functionName, args] of cases) {
      assert.deepEqual(call(action, abi), { functionName, args });
      assert.equal(action.role, "registryOracle");
      assert.equal(action.kind, functionName);
      assert.equal(action.target, REGISTRY);
    }
    const r = registerInvestor({ registry: REGISTRY, investorId: 7, wallet: A, record: RECORD });
    assert.equal(r.params.investorId, 7n);
  });
  test("refuse bad input", () => {
    const reg = { registry: REGISTRY, investorId: 1n, wallet: A, record: RECORD };
    assertInvalid(() => registerInvestor({ ...reg, registry: "0x22" }), "registry");
    investorIdCases((id) => registerInvestor({ ...reg, investorId: id as bigint }), "investorId");
    assertInvalid(() => registerInvestor({ ...reg, wallet: ZERO }), "wallet");
    recordCases((r) => registerInvestor({ ...reg, record: r as InvestorRecord }), "record");

    const batch = { registry: REGISTRY, investorIds: [1n, 2n], wallets: [A, B], records: [RECORD, RECORD] };
    assertInvalid(() => batchRegisterInvestors({ ...batch, investorIds: [] }), "investorIds");
    assertInvalid(() => batchRegisterInvestors({ ...batch, wallets: [A] }), "wallets");
    assertInvalid(() => batchRegisterInvestors({ ...batch, records: [RECORD] }), "records");
    investorIdCases(
      (id) => batchRegisterInvestors({ ...batch, investorIds: [1n, id as bigint] }),
      "investorIds[1]",
    );
    assertInvalid(() => batchRegisterInvestors({ ...batch, wallets: [A, ZERO] }), "wallets[1]");
    recordCases(
      (r) => batchRegisterInvestors({ ...batch, records: [r as InvestorRecord, RECORD] }),
      "records[0]",
    );

    investorIdCases(
      (id) => updateInvestor({ registry: REGISTRY, investorId: id as bigint, record: RECORD }),
      "investorId",
    );
    recordCases(
      (r) => updateInvestor({ registry: REGISTRY, investorId: 1n, record: r as InvestorRecord }),
      "record",
    );
    assertInvalid(
      () => batchUpdateInvestors({ registry: REGISTRY, investorIds: [1n], records: [] }),
      "records",
    );
    recordCases(
      (r) => batchUpdateInvestors({ registry: REGISTRY, investorIds: [1n], records: [r as InvestorRecord] }),
      "records[0]",
    );

    assertInvalid(() => linkWallet({ registry: REGISTRY, wallet: ZERO, investorId: 1n }), "wallet");
    investorIdCases(
      (id) => linkWallet({ registry: REGISTRY, wallet: A, investorId: id as bigint }),
      "investorId",
    );
    assertInvalid(
      () => batchLinkWallets({ registry: REGISTRY, wallets: [A, B], investorIds: [1n] }),
      "investorIds",
    );
    investorIdCases(
      (id) => batchLinkWallets({ registry: REGISTRY, wallets: [A], investorIds: [id as bigint] }),
      "investorIds[0]",
    );
    assertInvalid(() => unlinkWallet({ registry: REGISTRY, wallet: "nope" as Address }), "wallet");
    investorIdCases((id) => removeInvestor({ registry: REGISTRY, investorId: id as bigint }), "investorId");
  });
});

describe("anchorRoot (anchorer)", () => {
  const ROOT = `0x${"ab".repeat(32)}` as Hex;
  test("encodes LogAnchor.anchor", () => {
    const a = anchorRoot({ logAnchor: ANCHOR, day: 20_000, root: ROOT, leafCount: 12 });
    assert.deepEqual(call(a, logAnchorAbi), { functionName: "anchor", args: [20_000, ROOT, 12n] });
    assert.equal(a.role, "anchorer");
    assert.equal(a.params.leafCount, 12n);
  });
  test("refuses bad input", () => {
    const v = { logAnchor: ANCHOR, day: 1, root: ROOT, leafCount: 1n };
    assertInvalid(() => anchorRoot({ ...v, logAnchor: ZERO }), "logAnchor");
    assertInvalid(() => anchorRoot({ ...v, day: 2 ** 32 }), "day");
    assertInvalid(() => anchorRoot({ ...v, day: -1 }), "day");
    assertInvalid(() => anchorRoot({ ...v, root: `0x${"00".repeat(32)}` }), "root");
    assertInvalid(() => anchorRoot({ ...v, root: "0xabcd" }), "root");
    assertInvalid(() => anchorRoot({ ...v, leafCount: 1n << 64n }), "leafCount");
    assertInvalid(() => anchorRoot({ ...v, leafCount: -1 }), "leafCount");
    assertInvalid(() => anchorRoot({ ...v, leafCount: 0.5 }), "leafCount");
  });
});

describe("upgrade (upgrader)", () => {
  test("encodes upgradeToAndCall on a token or the registry", () => {
    const a = upgrade({ proxy: TOKEN, newImplementation: A });
    assert.deepEqual(call(a), { functionName: "upgradeToAndCall", args: [A, "0x"] });
    assert.equal(a.role, "upgrader");
    const b = upgrade({ proxy: REGISTRY, newImplementation: B, data: "0x8129fc1c" });
    assert.deepEqual(call(b, investorRegistryAbi), {
      functionName: "upgradeToAndCall",
      args: [B, "0x8129fc1c"],
    });
  });
  test("refuses bad input", () => {
    assertInvalid(() => upgrade({ proxy: ZERO, newImplementation: A }), "proxy");
    assertInvalid(() => upgrade({ proxy: TOKEN, newImplementation: ZERO }), "newImplementation");
    assertInvalid(() => upgrade({ proxy: TOKEN, newImplementation: TOKEN }), "newImplementation");
    assertInvalid(() => upgrade({ proxy: TOKEN, newImplementation: A, data: "0x123" }), "data");
    assertInvalid(() => upgrade({ proxy: TOKEN, newImplementation: A, data: "beef" as Hex }), "data");
  });
});

describe("grantRole / revokeRole", () => {
  test("encode by role name or id; the upgrader role is administered by the upgrader", () => {
    for (const [build, fn] of [
      [grantRole, "grantRole"],
      [revokeRole, "revokeRole"],
    ] as const) {
      const a = build({ contract: TOKEN, role: "AGENT_ROLE", account: A });
      assert.deepEqual(call(a), { functionName: fn, args: [roleIds.AGENT_ROLE, A] });
      assert.equal(a.role, "admin");
      assert.equal(a.params.roleName, "AGENT_ROLE");
      const b = build({
        contract: REGISTRY,
        role: roleIds.REGISTRY_ORACLE_ROLE.toUpperCase().replace("0X", "0x") as Hex,
        account: B,
      });
      assert.deepEqual(call(b, investorRegistryAbi).args, [roleIds.REGISTRY_ORACLE_ROLE, B]);
      assert.equal(build({ contract: TOKEN, role: "UPGRADER_ROLE", account: A }).role, "upgrader");
      assert.equal(
        build({ contract: TOKEN, role: "DEFAULT_ADMIN_ROLE", account: A }).params.role,
        `0x${"00".repeat(32)}`,
      );
    }
  });
  test("refuse unknown roles and bad addresses", () => {
    for (const build of [grantRole, revokeRole]) {
      assertInvalid(() => build({ contract: TOKEN, role: "MINTER_ROLE" as never, account: A }), "role");
      assertInvalid(() => build({ contract: TOKEN, role: `0x${"12".repeat(32)}`, account: A }), "role");
      assertInvalid(() => build({ contract: ZERO, role: "AGENT_ROLE", account: A }), "contract");
      assertInvalid(() => build({ contract: TOKEN, role: "AGENT_ROLE", account: ZERO }), "account");
    }
  });
});
