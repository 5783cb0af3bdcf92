import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { keccak256, toHex, zeroAddress } from "viem";
import { InvalidConfigError } from "./errors.ts";
import { contractKeys, planDeployment } from "./planDeployment.ts";
import { planRoles } from "./planRoles.ts";
import { resolveDeployNetwork } from "./resolveDeployNetwork.ts";
import { accounts, demoConfig } from "./test/fixtures.ts";
import { validateDeployConfig } from "./validateDeployConfig.ts";

const devnet = resolveDeployNetwork("devnet");
const base = resolveDeployNetwork("base");

function issuesOf(input: unknown, network = devnet): { path: string; message: string }[] {
  try {
    validateDeployConfig(input, network);
  } catch (e) {
    assert.ok(e instanceof InvalidConfigError);
    assert.equal(e.code, "INVALID_CONFIG");
    return e.issues;
  }
  return [];
}
const paths = (input: unknown, network = devnet) => issuesOf(input, network).map((i) => i.path);

describe("validateDeployConfig", () => {
  it("normalises a valid config: hashed salt, bigints, checksums, defaults", () => {
    const c = validateDeployConfig(
      demoConfig({
        guardian: accounts.guardian.address.toLowerCase(),
        tokenClass: { name: "A", symbol: "A" },
      }),
      devnet,
    );
    assert.equal(c.salt, keccak256(toHex("coinscious-test-1")));
    assert.equal(c.guardian, accounts.guardian.address);
    assert.equal(c.timelock.minDelay, 3600n);
    assert.equal(c.timelock.executor, "anyone");
    assert.deepEqual(c.tokenClass, {
      name: "A",
      symbol: "A",
      decimals: 0,
      requireAccreditation: false,
      regS: false,
      regSDistributionEnd: 0,
      transfersLockedUntil: 0,
      maxBalancePerInvestor: 0n,
      maxHolders: 0,
      maxNonAccreditedHolders: 0,
      countryRule: 0,
      countries: [],
    });
    const hexSalt = `0x${"ab".repeat(32)}`;
    assert.equal(
      validateDeployConfig(demoConfig({ salt: hexSalt.toUpperCase().replace("0X", "0x") }), devnet).salt,
      hexSalt,
    );
  });

  it("lists every bad field, not only the first", () => {
    assert.deepEqual(paths({}), [
      "safe",
      "timelock",
      "tokenClass",
      "safe.owners",
      "safe.threshold",
      "timelock.minDelay",
      "tokenClass.name",
      "tokenClass.symbol",
      "salt",
      "guardian",
      "registryOracle",
      "anchorer",
    ]);
    assert.deepEqual(paths(null), [
      "(root)",
      "safe",
      "timelock",
      "tokenClass",
      "safe.owners",
      "safe.threshold",
      "timelock.minDelay",
      "tokenClass.name",
      "tokenClass.symbol",
      "salt",
      "guardian",
      "registryOracle",
      "anchorer",
    ]);
  });

  it("checks the Safe: owners, duplicates, threshold, address per network", () => {
    const owners = accounts.owners.map((o) => o.address);
    assert.deepEqual(paths(demoConfig({ safe: { owners, threshold: 4 } })), ["safe.threshold"]);
    assert.deepEqual(paths(demoConfig({ safe: { owners, threshold: 0 } })), ["safe.threshold"]);
    assert.deepEqual(paths(demoConfig({ safe: { owners: [owners[0], owners[0]], threshold: 1 } })), [
      "safe.owners[1]",
    ]);
    assert.deepEqual(paths(demoConfig({ safe: { owners: [], threshold: 1 } })), ["safe.owners"]);
    assert.deepEqual(paths(demoConfig({ safe: { owners, threshold: 2, address: owners[0] } })), [
      "safe.address",
    ]);
    assert.deepEqual(paths(demoConfig(), base), ["safe.address"]);
    const c = validateDeployConfig(demoConfig({ safe: { owners, threshold: 2, address: owners[0] } }), base);
    assert.equal(c.safe.address, owners[0]);
  });

  it("rejects bad addresses: wrong checksum, zero, not hex", () => {
    const bad = accounts.guardian.address.replace(/[a-f]/, (ch) => ch.toUpperCase());
    assert.deepEqual(paths(demoConfig({ guardian: bad, registryOracle: zeroAddress, anchorer: "0x1234" })), [
      "guardian",
      "registryOracle",
      "anchorer",
    ]);
  });

  it("checks numbers and ranges: delay, uint96 balance, countries, Reg S, salt", () => {
    const tc = (demoConfig().tokenClass ?? {}) as Record<string, unknown>;
    assert.deepEqual(
      paths(
        demoConfig({
          salt: "0x1234",
          timelock: { minDelay: -1, executor: "owners" },
          tokenClass: {
            ...tc,
            decimals: 19,
            maxBalancePerInvestor: (2n ** 96n).toString(),
            countries: [840, 1000],
            countryRule: 3,
            regS: true,
          },
        }),
      ),
      [
        "timelock.executor",
        "timelock.minDelay",
        "tokenClass.countryRule",
        "tokenClass.decimals",
        "tokenClass.maxBalancePerInvestor",
        "tokenClass.countries[1]",
        "tokenClass.regSDistributionEnd",
        "salt",
      ],
    );
    assert.deepEqual(paths(demoConfig({ timelock: { minDelay: 0 } })), []);
    assert.deepEqual(paths(demoConfig({ timelock: { minDelay: 0 } }), base), [
      "safe.address",
      "timelock.minDelay",
    ]);
    const big = validateDeployConfig(demoConfig({ timelock: { minDelay: "172800" } }), devnet);
    assert.equal(big.timelock.minDelay, 172800n);
  });
});

describe("resolveDeployNetwork", () => {
  it("knows devnet, base-sepolia and base", () => {
    assert.deepEqual(resolveDeployNetwork("base-sepolia"), {
      name: "base-sepolia",
      chainId: 84532,
      public: true,
    });
    assert.deepEqual(resolveDeployNetwork("base"), { name: "base", chainId: 8453, public: true });
    assert.throws(() => resolveDeployNetwork("mainnet"), { code: "UNKNOWN_NETWORK" });
  });
});

describe("planDeployment and planRoles", () => {
  const config = validateDeployConfig(demoConfig(), devnet);

  it("is deterministic in (salt, deployer, config) and moves with each", () => {
    const a = planDeployment({ deployer: accounts.deployer.address, config });
    const b = planDeployment({ deployer: accounts.deployer.address, config });
    assert.deepEqual(a, b);
    const otherSalt = planDeployment({
      deployer: accounts.deployer.address,
      config: { ...config, salt: keccak256("0x01") },
    });
    const otherDeployer = planDeployment({ deployer: accounts.guardian.address, config });
    const addresses = new Set(contractKeys.map((k) => a.contracts[k].address));
    assert.equal(addresses.size, contractKeys.length);
    for (const k of contractKeys) {
      assert.notEqual(otherSalt.contracts[k].address, a.contracts[k].address, k);
      // The implementations carry no deployer in their init code: the same salt gives the same address.
      if (k === "registryImplementation" || k === "tokenImplementation")
        assert.equal(otherDeployer.contracts[k].address, a.contracts[k].address, k);
      else assert.notEqual(otherDeployer.contracts[k].address, a.contracts[k].address, k);
    }
  });

  it("does not depend on the Safe, and hands nothing to the deployer", () => {
    const plan = planDeployment({ deployer: accounts.deployer.address, config });
    const safe = accounts.owners[0].address;
    const { assignments, table } = planRoles({ plan, safe, config });
    assert.ok(assignments.every((a) => a.holder !== accounts.deployer.address));
    assert.equal(assignments[0]?.role, "CLASS_BINDER_ROLE");
    assert.deepEqual(table.token?.DEFAULT_ADMIN_ROLE, [safe]);
    assert.deepEqual(table.timelock?.EXECUTOR_ROLE, [zeroAddress]);
    const safeExec = planRoles({
      plan,
      safe,
      config: { ...config, timelock: { ...config.timelock, executor: "safe" } },
    });
    assert.deepEqual(safeExec.table.timelock?.EXECUTOR_ROLE, [safe]);
  });
});
