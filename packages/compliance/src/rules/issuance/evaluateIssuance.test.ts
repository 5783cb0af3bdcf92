import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compilePolicy } from "../../policy/compilePolicy.ts";
import type { PolicyInput } from "../../policy/policySchema.ts";
import type { Decision } from "../decision.ts";
import { issuance, merge } from "../testing/fixtures.ts";
import { checkIssuance } from "./evaluateIssuance.ts";
import { regCfInvestmentLimitCents } from "./regCfInvestmentLimit.ts";

const run = (patch?: unknown, policy: PolicyInput = {}): Decision => checkIssuance(issuance(patch), policy);
const codes = (d: Decision) => d.reasons.map((r) => r.code);
const nonAccredited = { accreditation: { status: "not_accredited" } };
const $ = (dollars: number) => String(dollars * 100);

describe("issuance: the common steps", () => {
  it("the baseline allows; paused class, stop order, unlinked wallet, sanctions, KYC, jurisdiction deny", () => {
    assert.deepEqual(run(), { decision: "ALLOW", reasons: [] });
    assert.deepEqual(codes(run({ class: { paused: true } })), [10]);
    assert.deepEqual(codes(run({ to: { stopOrder: true } })), [11]);
    assert.deepEqual(codes(run({ to: { holderId: null } })), [21]);
    assert.deepEqual(codes(run({ to: { sanctioned: true } })), [31]);
    assert.deepEqual(codes(run({ sanctions: { listRefreshedAt: null } })), [32]);
    assert.deepEqual(codes(run({ to: { kyc: { status: "REJECTED" } } })), [43]);
    assert.deepEqual(codes(run({ to: { country: "SY" } })), [50]);
  });
});

describe("issuance: Rule 506(b) (D-01, D-02)", () => {
  const na = (inWindow: number | null, patch?: unknown) =>
    run(
      merge(
        {
          offering: { nonAccreditedPurchasersInWindow: inWindow },
          to: { ...nonAccredited, sophisticationAttested: true },
        },
        patch,
      ),
    );
  it("D-01 the 36th distinct non-accredited purchaser in the window → 63; the 35th is fine", () => {
    assert.equal(na(34).decision, "ALLOW");
    assert.deepEqual(codes(na(35)), [63]);
    assert.deepEqual(codes(na(null)), [63]); // unknown count: fail closed
    assert.equal(na(35, { to: { countedIn506bWindow: true } }).decision, "ALLOW"); // already one of the 35
    assert.equal(run({ offering: { nonAccreditedPurchasersInWindow: 35 } }).decision, "ALLOW"); // accredited buyer
  });
  it("D-02 a non-accredited purchaser without a sophistication attestation → 64", () => {
    assert.deepEqual(codes(na(0, { to: { sophisticationAttested: false } })), [64]);
  });
  it("an expired accreditation counts as non-accredited", () => {
    assert.deepEqual(
      codes(
        run({
          offering: { nonAccreditedPurchasersInWindow: 35 },
          to: { accreditation: { expiresAt: "2025-04-01" } },
        }),
      ),
      [63, 64],
    );
  });
});

describe("issuance: Rule 506(c) (D-03 … D-06)", () => {
  const c = (accreditation: unknown, patch?: unknown) =>
    run(merge({ offering: { exemption: "reg_d_506c" }, to: { accreditation } }, patch));
  it("D-03 non-accredited → 60; expired accreditation → 61", () => {
    assert.deepEqual(codes(c({ status: "not_accredited" })), [60]);
    assert.deepEqual(codes(c({ status: "unknown" })), [60]);
    assert.deepEqual(codes(c({ status: "accredited", expiresAt: "2025-04-01", method: "income" })), [61]);
  });
  it("D-04 B/C evidence older than 3 months → 62; self-certification is never enough", () => {
    assert.equal(
      c({ status: "accredited", method: "net_worth", evidenceDate: "2025-01-01" }).decision,
      "ALLOW",
    );
    assert.deepEqual(
      codes(c({ status: "accredited", method: "net_worth", evidenceDate: "2024-12-31" })),
      [62],
    );
    assert.deepEqual(
      codes(c({ status: "accredited", method: "third_party_letter", evidenceDate: null })),
      [62],
    );
    assert.deepEqual(codes(c({ status: "accredited", method: "self_certification" })), [62]);
    assert.deepEqual(codes(c({ status: "accredited", method: "income", contraryKnowledge: true })), [62]);
    assert.equal(c({ status: "accredited", method: "income" }).decision, "ALLOW");
  });
  it("D-05 re-certification within 5 years of the prior verification, with a fresh written re-certification", () => {
    const recert = (priorVerifiedAt: string, recertifiedAt: string | null) =>
      c({ status: "accredited", method: "recertification", priorVerifiedAt, recertifiedAt });
    assert.equal(recert("2020-04-01", "2025-03-15").decision, "ALLOW");
    assert.deepEqual(codes(recert("2020-03-31", "2025-03-15")), [62]);
    assert.deepEqual(codes(recert("2022-01-01", null)), [62]);
    assert.deepEqual(codes(recert("2022-01-01", "2024-12-31")), [62]);
  });
  it("D-06 minimum investment: $200k natural, $1M entity, $200k per owner under five owners, with both reps", () => {
    const nal = (kind: string, dollars: number, extra?: unknown) =>
      c(
        merge(
          {
            status: "accredited",
            method: "minimum_investment",
            repAccredited: true,
            repNotThirdPartyFinanced: true,
          },
          extra,
        ),
        {
          investmentCents: $(dollars),
          to: { kind },
        },
      );
    assert.equal(nal("natural", 200_000).decision, "ALLOW");
    assert.deepEqual(codes(nal("natural", 199_999)), [62]);
    assert.deepEqual(codes(nal("natural", 500_000, { repNotThirdPartyFinanced: false })), [62]);
    assert.deepEqual(codes(nal("natural", 500_000, { repAccredited: false })), [62]);
    assert.equal(nal("entity", 400_000, { naturalPersonOwners: 2 }).decision, "ALLOW");
    assert.deepEqual(codes(nal("entity", 400_000, { naturalPersonOwners: 5 })), [62]);
  });
});

describe("issuance: Regulation Crowdfunding (C-03 … C-05)", () => {
  const cf = (to: unknown, dollars: number, raised = 0) =>
    run({ offering: { exemption: "reg_cf", raised12mCents: $(raised) }, investmentCents: $(dollars), to });
  it("C-03 limits: greater of $2,500 and 5% below $124k; 10% capped at $124k above", () => {
    const p = compilePolicy();
    assert.equal(regCfInvestmentLimitCents(1_000_000n, 1_000_000n, p), 250_000n); // $10k/$10k → $2,500
    assert.equal(regCfInvestmentLimitCents(5_000_000n, 8_000_000n, p), 400_000n);
    assert.equal(regCfInvestmentLimitCents(20_000_000n, 15_000_000n, p), 2_000_000n); // both ≥ $124k → 10% of $200k
    assert.equal(regCfInvestmentLimitCents(500_000_000n, 300_000_000n, p), 12_400_000n); // capped
    assert.equal(regCfInvestmentLimitCents(null, null, p), 250_000n); // unknown → the floor
  });
  it("C-03 counts the prior 12 months across Reg CF offerings", () => {
    const person = { ...nonAccredited, incomeCents: $(50_000), netWorthCents: $(80_000) };
    assert.equal(cf(person, 4_000).decision, "ALLOW");
    assert.deepEqual(codes(cf({ ...person, regCfInvested12mCents: $(1) }, 4_000)), [91]);
  });
  it("C-05 issuer 12-month cap of $5M (unknown raised amount fails closed)", () => {
    assert.equal(cf({}, 1_000, 4_999_000).decision, "ALLOW");
    assert.deepEqual(codes(cf({}, 1_001, 4_999_000)), [92]);
    assert.deepEqual(codes(run({ offering: { exemption: "reg_cf", raised12mCents: null } })), [92]);
  });
});

describe("issuance: Regulation A (A-01 … A-03)", () => {
  const a = (exemption: string, to: unknown, dollars: number, offering?: unknown) =>
    run({ offering: merge({ exemption, raised12mCents: "0" }, offering), investmentCents: $(dollars), to });
  const person = { ...nonAccredited, incomeCents: $(100_000), netWorthCents: $(60_000) };
  it("A-01 Tier 2 non-accredited: at most 10% of the greater of income and net worth, per offering", () => {
    assert.equal(a("reg_a_tier2", person, 10_000).decision, "ALLOW");
    assert.deepEqual(codes(a("reg_a_tier2", person, 10_001)), [95]);
    assert.deepEqual(
      codes(a("reg_a_tier2", { ...person, regAInvestedThisOfferingCents: $(5_000) }, 5_001)),
      [95],
    );
  });
  it("A-02 accredited purchasers, listed securities and Tier 1 have no investor limit", () => {
    assert.equal(a("reg_a_tier2", {}, 1_000_000).decision, "ALLOW");
    assert.equal(a("reg_a_tier2", person, 1_000_000, { listedOnExchange: true }).decision, "ALLOW");
    assert.equal(a("reg_a_tier1", person, 1_000_000).decision, "ALLOW");
  });
  it("A-03 tier caps $20M / $75M in 12 months", () => {
    assert.deepEqual(codes(a("reg_a_tier1", {}, 1, { raised12mCents: $(20_000_000) })), [96]);
    assert.equal(a("reg_a_tier2", {}, 1, { raised12mCents: $(20_000_000) }).decision, "ALLOW");
    assert.deepEqual(codes(a("reg_a_tier2", {}, 1, { raised12mCents: $(75_000_000) })), [96]);
  });
});

describe("issuance: Regulation S (X-01, X-02)", () => {
  const s = (to: unknown, regS: unknown = { category: 3, securityType: "equity" }) =>
    run({ offering: { exemption: "reg_s", regS }, to });
  const offshore = { usPerson: false, inUnitedStates: false, country: "DE", subdivision: null };
  it("a sale to a US person or in the US → 100", () => {
    assert.deepEqual(codes(s({ ...offshore, usPerson: true, regSCertified: true })), [100]);
    assert.deepEqual(codes(s({ ...offshore, inUnitedStates: true, regSCertified: true })), [100]);
  });
  it("X-02 category 3 equity without certification → 101; category 2 needs none", () => {
    assert.deepEqual(codes(s(offshore)), [101]);
    assert.equal(s({ ...offshore, regSCertified: true }).decision, "ALLOW");
    assert.equal(s(offshore, { category: 2, securityType: "equity" }).decision, "ALLOW");
  });
});

describe("issuance: holder cap (H-11)", () => {
  it("a new purchaser above the cap → 110; an existing holder adds no one", () => {
    const caps = { holderCaps: { total: 100 } };
    assert.deepEqual(codes(run({ holders: { total: 100, nonAccredited: 0 } }, caps)), [110]);
    assert.equal(
      run({ holders: { total: 100, nonAccredited: 0 }, to: { isCountedHolder: true } }, caps).decision,
      "ALLOW",
    );
  });

  it("the class rules a mint meets on chain: accredited-only → 60/61, maximum balance per investor → 112", () => {
    const only: PolicyInput = { classRules: { accreditedRecipientsOnly: true } };
    assert.equal(run(undefined, only).decision, "ALLOW"); // the baseline purchaser is accredited
    const unaccredited = {
      to: { accreditation: { status: "not_accredited" } },
      offering: { exemption: "rule_701" },
    };
    assert.deepEqual(codes(run(unaccredited, only)), [60]);
    const max: PolicyInput = { classRules: { maxBalancePerInvestor: "1000" } };
    assert.equal(run({ amount: "50", to: { holderPosition: "950" } }, max).decision, "ALLOW"); // exactly 1,000
    assert.deepEqual(codes(run({ amount: "51", to: { holderPosition: "950" } }, max)), [112]);
    // The purchaser's position unknown with a maximum configured: fail closed.
    assert.deepEqual(codes(run({ amount: "1" }, max)), [112]);
  });
});
