/**
 * The rules the token contract also decides, added to the engine so that it agrees with `canTransfer`
 * (test/chainAgreement.anvil.test.ts): maximum balance per investor (112), the class's accredited-only restriction
 * (60/61), the holder lock-up (70) and the Reg S class (100), each with its boundary and its rank.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicyInput } from "../../policy/policySchema.ts";
import { exceedsMaxBalance } from "../common/checkMaxBalance.ts";
import type { Decision } from "../decision.ts";
import { transfer } from "../testing/fixtures.ts";
import { checkTransfer } from "./evaluateTransfer.ts";

const run = (patch?: unknown, policy: PolicyInput = {}): Decision => checkTransfer(transfer(patch), policy);
const codes = (d: Decision) => d.reasons.map((r) => r.code);
const rules = (d: Decision) => d.reasons.map((r) => r.rule);

const ISSUER = "0x00000000000000000000000000000000001553e7";
const maxBalance = (max: string): PolicyInput => ({ classRules: { maxBalancePerInvestor: max } });

describe("transfer: maximum balance per investor (112)", () => {
  it("exceedsMaxBalance: above is over, exactly at the maximum is not", () => {
    assert.equal(exceedsMaxBalance(900n, 101n, 1000n), true);
    assert.equal(exceedsMaxBalance(900n, 100n, 1000n), false);
    assert.equal(exceedsMaxBalance(0n, 2n ** 256n, 1000n), true);
  });
  it("off by default", () => {
    assert.equal(run({ to: { holderPosition: "999999999" } }).decision, "ALLOW");
  });
  it("position + amount > max → DENY 112; = max → ALLOW", () => {
    assert.deepEqual(rules(run({ to: { holderPosition: "901" } }, maxBalance("1000"))), ["H-13"]);
    assert.equal(run({ to: { holderPosition: "900" } }, maxBalance("1000")).decision, "ALLOW");
    assert.deepEqual(
      codes(run({ amount: "1001", to: { holderPosition: "0" } }, maxBalance("1000"))),
      [120, 112],
    );
  });
  it("an unknown recipient position with a maximum configured denies (fail closed)", () => {
    assert.deepEqual(codes(run({}, maxBalance("1000"))), [112]);
  });
  it("a move between one holder's own wallets, a redemption and an unlinked recipient are not checked", () => {
    const own = { to: { holderId: "alice", holderPosition: "5000", isCountedHolder: true } };
    assert.equal(run(own, maxBalance("1000")).decision, "ALLOW");
    const redeem = { to: { wallet: ISSUER, isIssuer: true, holderPosition: "5000" } };
    assert.equal(run(redeem, maxBalance("1000")).decision, "ALLOW");
    assert.deepEqual(rules(run({ to: { holderId: null } }, maxBalance("1000"))), ["G-03-TO"]);
  });
  it("ranks after accreditation and before the holder caps (the token's order)", () => {
    const d = run(
      {
        to: { holderPosition: "0", accreditation: { status: "unknown" } },
        from: { holderPosition: "5000" },
        amount: "2000",
      },
      {
        classRules: { maxBalancePerInvestor: "10", accreditedRecipientsOnly: true },
        holderCaps: { total: 0 },
      },
    );
    assert.deepEqual(codes(d), [120, 60, 112, 110]);
  });
});

describe("transfer: accredited-only class (60/61)", () => {
  const only: PolicyInput = { classRules: { accreditedRecipientsOnly: true } };
  it("off by default: a non-accredited recipient may receive", () => {
    assert.equal(run({ to: { accreditation: { status: "not_accredited" } } }).decision, "ALLOW");
  });
  it("not accredited or unknown → 60; expired (date ≥ expiresAt) → 61; the day before → ALLOW", () => {
    assert.deepEqual(rules(run({ to: { accreditation: { status: "not_accredited" } } }, only)), [
      "D-03-CLASS",
    ]);
    assert.deepEqual(codes(run({ to: { accreditation: { status: "unknown" } } }, only)), [60]);
    const on = { to: { accreditation: { status: "accredited", expiresAt: "2025-09-10" } } };
    assert.deepEqual(rules(run(on, only)), ["D-03-CLASS-EXPIRED"]);
    const after = { to: { accreditation: { status: "accredited", expiresAt: "2025-09-11" } } };
    assert.equal(run(after, only).decision, "ALLOW");
  });
  it("applies between one holder's own wallets too, but not to a redemption", () => {
    const own = { to: { holderId: "alice", accreditation: { status: "unknown" } } };
    assert.deepEqual(codes(run(own, only)), [60]);
    const redeem = { to: { wallet: ISSUER, isIssuer: true, accreditation: { status: "unknown" } } };
    assert.equal(run(redeem, only).decision, "ALLOW");
  });
});

describe("transfer: holder lock-up (70) and Reg S class (100)", () => {
  it("holder lock-up until its end date, not on it, whatever the lots", () => {
    const d = run({ from: { lockupEnd: "2025-09-11" } });
    assert.deepEqual(rules(d), ["R-01-HOLDER"]);
    assert.equal(d.reasons[0]?.eligibleOn, "2025-09-11");
    assert.equal(run({ from: { lockupEnd: "2025-09-10" } }).decision, "ALLOW");
    // No units at all: the lock-up still comes before the balance (the token's order).
    assert.deepEqual(codes(run({ from: { lockupEnd: "2026-01-01", lots: [] } })), [70, 120]);
  });
  it("Reg S class: a US recipient before the DCP end → 100; a non-US one, or on the end date → ALLOW", () => {
    assert.deepEqual(rules(run({ class: { regSDcpEnd: "2025-09-11" } })), ["X-01-CLASS"]);
    const offshore = { class: { regSDcpEnd: "2025-09-11" }, to: { usPerson: false, inUnitedStates: false } };
    assert.equal(run(offshore).decision, "ALLOW");
    assert.equal(run({ class: { regSDcpEnd: "2025-09-10" } }).decision, "ALLOW");
    assert.deepEqual(codes(run({ class: { regSDcpEnd: "2026-01-01" }, from: { lots: [] } })), [100, 120]);
  });
  it("the holder lock-up ranks before the Reg S class, both after jurisdiction", () => {
    const d = run({
      class: { regSDcpEnd: "2026-01-01" },
      from: { lockupEnd: "2026-01-01" },
      to: { country: "IR" },
    });
    assert.deepEqual(codes(d), [50, 70, 100]);
  });
});

describe("transfer: the sender's whole position (holderPosition)", () => {
  it("a sender with units in other wallets does not leave the holder count", () => {
    const policy: PolicyInput = { holderCaps: { total: 10 } };
    const holders = { total: 10, nonAccredited: 0 };
    // All of the wallet's 1,000 units, but the holder has 5,000: a new recipient raises the count.
    assert.deepEqual(
      codes(run({ amount: "1000", holders, from: { holderPosition: "5000" } }, policy)),
      [110],
    );
    assert.equal(
      run({ amount: "1000", holders, from: { holderPosition: "1000" } }, policy).decision,
      "ALLOW",
    );
    assert.equal(run({ amount: "1000", holders }, policy).decision, "ALLOW");
  });
});
