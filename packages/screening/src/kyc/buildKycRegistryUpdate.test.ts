import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type InvestorRecord, registerInvestor, updateInvestor } from "@coinscious/chain";
import fc from "fast-check";
import { buildKycRegistryUpdate } from "./buildKycRegistryUpdate.ts";
import { KYC_STATUSES } from "./kycStatuses.ts";
import { NOW } from "./testing/webhookFixtures.ts";
import type { KycStatus } from "./types.ts";

const registry = "0x1000000000000000000000000000000000000001";
const wallet = "0x2000000000000000000000000000000000000002";
const YEAR = 365 * 86_400;
const record: InvestorRecord = {
  country: 840,
  kycExpiry: 0,
  accreditationExpiry: NOW + YEAR,
  lockupUntil: 0,
  usPerson: true,
  frozen: false,
};
const at = (seconds: number) => new Date(seconds * 1000);

function build(
  status: KycStatus,
  eventSeconds: number,
  investor: { registered?: boolean; record?: InvestorRecord; wallet?: `0x${string}` } = {},
) {
  return buildKycRegistryUpdate({
    status: { status, eventTime: at(eventSeconds) },
    registry,
    investor: {
      investorId: 42n,
      registered: investor.registered ?? true,
      record: investor.record ?? record,
      ...(investor.wallet === undefined ? {} : { wallet: investor.wallet }),
    },
    kycValiditySeconds: YEAR,
    now: NOW,
  });
}

describe("buildKycRegistryUpdate", () => {
  it("turns an approval into updateInvestor params with kycExpiry = decision time + validity, other fields kept", () => {
    const update = build("APPROVED", NOW - 60);
    assert.equal(update.action, "updateInvestor");
    assert.deepEqual(update.parameters, {
      registry,
      investorId: 42n,
      record: { ...record, kycExpiry: NOW - 60 + YEAR },
    });
    // The chain layer's own action accepts the parameters as they are.
    const action = updateInvestor(update.parameters);
    assert.equal(action.kind, "updateInvestor");
    assert.equal(action.role, "registryOracle");
    assert.equal(action.params.record.kycExpiry, NOW - 60 + YEAR);
  });

  it("registers an investor the registry does not have yet (needs its wallet)", () => {
    const update = build("APPROVED", NOW, { registered: false, wallet });
    assert.equal(update.action, "registerInvestor");
    assert.equal(registerInvestor(update.parameters).params.record.kycExpiry, NOW + YEAR);
    assert.throws(() => build("APPROVED", NOW, { registered: false }), { code: "VALIDATION_FAILED" });
    assert.deepEqual(build("REJECTED", NOW, { registered: false }), {
      action: "none",
      reason: "NOT_REGISTERED",
    });
  });

  it("does not date an approval later than now (provider clock ahead of ours)", () => {
    const update = build("APPROVED", NOW + 3600);
    assert.equal(update.action === "updateInvestor" && update.parameters.record.kycExpiry, NOW + YEAR);
  });

  it("never shortens the on-chain expiry on an approval, and reports a lapsed approval", () => {
    const longer = { ...record, kycExpiry: NOW + 2 * YEAR };
    assert.deepEqual(build("APPROVED", NOW, { record: longer }), {
      action: "none",
      reason: "ALREADY_CURRENT",
    });
    assert.deepEqual(build("APPROVED", NOW - YEAR), { action: "none", reason: "APPROVAL_LAPSED" });
  });

  it("revokes a still-valid on-chain KYC for any other status (fail closed)", () => {
    const valid = { ...record, kycExpiry: NOW + YEAR };
    for (const status of ["PENDING", "RESUBMISSION_REQUIRED", "REVIEW", "REJECTED"] as const) {
      const update = build(status, NOW - 10, { record: valid });
      assert.equal(update.action, "updateInvestor", status);
      assert.equal(update.action === "updateInvestor" && update.parameters.record.kycExpiry, 0, status);
      assert.equal(
        updateInvestor(update.action === "updateInvestor" ? update.parameters : (undefined as never)).kind,
        "updateInvestor",
      );
    }
    // EXPIRED keeps a past non-zero time so the chain answers KYC_EXPIRED (44/45), not KYC_MISSING.
    const expired = build("EXPIRED", NOW - 10, { record: valid });
    assert.equal(expired.action === "updateInvestor" && expired.parameters.record.kycExpiry, NOW - 10);
    // Nothing to revoke when the chain already refuses.
    assert.deepEqual(build("REJECTED", NOW, { record: { ...record, kycExpiry: NOW - 1 } }), {
      action: "none",
      reason: "ALREADY_CURRENT",
    });
  });

  it("refuses a non-positive validity", () => {
    assert.throws(
      () =>
        buildKycRegistryUpdate({
          status: { status: "APPROVED", eventTime: at(NOW) },
          registry,
          investor: { investorId: 1, registered: true, record },
          kycValiditySeconds: 0,
          now: NOW,
        }),
      { code: "VALIDATION_FAILED" },
    );
  });

  it("leaves the chain valid only for APPROVED, and never touches other attributes (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KYC_STATUSES),
        fc.integer({ min: NOW - 2 * YEAR, max: NOW + 3600 }),
        fc.integer({ min: 0, max: NOW + 3 * YEAR }),
        (status, eventSeconds, currentExpiry) => {
          const current = { ...record, kycExpiry: currentExpiry };
          const update = build(status, eventSeconds, { record: current });
          const after = update.action === "updateInvestor" ? update.parameters.record : current;
          assert.deepEqual({ ...after, kycExpiry: 0 }, { ...current, kycExpiry: 0 });
          if (status === "APPROVED") assert.ok(after.kycExpiry >= currentExpiry);
          else assert.ok(after.kycExpiry <= NOW, `${status} left the KYC valid on chain`);
        },
      ),
    );
  });
});
