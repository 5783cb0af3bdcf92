import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compilePolicy } from "../../policy/compilePolicy.ts";
import type { PolicyInput } from "../../policy/policySchema.ts";
import type { Decision } from "../decision.ts";
import { lot, merge, transfer } from "../testing/fixtures.ts";
import { checkTransfer } from "./evaluateTransfer.ts";

const run = (patch?: unknown, policy: PolicyInput = {}): Decision => checkTransfer(transfer(patch), policy);
const codes = (d: Decision) => d.reasons.map((r) => r.code);
const rules = (d: Decision) => d.reasons.map((r) => r.rule);

describe("transfer: the baseline fixture", () => {
  it("allows, with no reasons", () => {
    assert.deepEqual(run(), { decision: "ALLOW", reasons: [] });
  });
});

describe("transfer: token state and wallets (G-01 … G-03)", () => {
  it("G-01 class paused → DENY 10", () => assert.deepEqual(codes(run({ class: { paused: true } })), [10]));
  it("G-01 issuer lock-up until its end date, not on it", () => {
    assert.deepEqual(rules(run({ class: { lockupEnd: "2025-09-11" } })), ["G-01-LOCKUP"]);
    assert.equal(run({ class: { lockupEnd: "2025-09-10" } }).decision, "ALLOW");
  });
  it("G-02 stop order on the sender, the recipient or a needed lot → DENY 11", () => {
    assert.deepEqual(rules(run({ from: { stopOrder: true } })), ["G-02-FROM"]);
    assert.deepEqual(rules(run({ to: { stopOrder: true } })), ["G-02-TO"]);
    const d = run({ from: { lots: [lot({ exemption: "registered", stopOrder: true })] } });
    assert.deepEqual(codes(d), [11]);
    assert.deepEqual(d.reasons[0]?.lotIds, ["L1"]);
  });
  it("G-02 a stop order on a lot the transfer does not need does not block", () => {
    const lots = [
      lot({ id: "free", exemption: "registered" }),
      lot({ id: "held", exemption: "registered", stopOrder: true }),
    ];
    assert.equal(run({ from: { lots } }).decision, "ALLOW");
    assert.deepEqual(codes(run({ amount: "1500", from: { lots } })), [11]);
  });
  it("G-03 unlinked sender / recipient wallet → DENY 20 / 21", () => {
    assert.deepEqual(codes(run({ from: { holderId: null } })), [20]);
    assert.deepEqual(codes(run({ to: { holderId: null } })), [21]);
  });
});

describe("transfer: sanctions (S-01 … S-03)", () => {
  it("S-02 sanctioned sender → 30; S-01 sanctioned recipient → 31; both are reported", () => {
    assert.deepEqual(codes(run({ from: { sanctioned: true } })), [30]);
    assert.deepEqual(codes(run({ to: { sanctioned: true } })), [31]);
    assert.deepEqual(codes(run({ from: { sanctioned: true }, to: { sanctioned: true } })), [30, 31]);
  });
  it("S-03 a list older than 24 h, never loaded, or an unreachable oracle fails closed → 32", () => {
    assert.equal(run({ sanctions: { listRefreshedAt: "2025-09-09T14:00:00Z" } }).decision, "ALLOW"); // exactly 24 h
    assert.deepEqual(codes(run({ sanctions: { listRefreshedAt: "2025-09-09T13:59:59Z" } })), [32]);
    assert.deepEqual(codes(run({ sanctions: { listRefreshedAt: null } })), [32]);
    assert.deepEqual(codes(run({ sanctions: { oracle: "unreachable" } })), [32]);
    assert.equal(run({ sanctions: { oracle: "not_configured" } }).decision, "ALLOW");
    assert.deepEqual(
      codes(run({ sanctions: { oracle: "not_configured" } }, { sanctions: { requireOracle: true } })),
      [32],
    );
  });
  it("S-03 the policy may queue stale data for review, never allow it", () => {
    const d = run({ sanctions: { listRefreshedAt: null } }, { sanctions: { staleDecision: "REVIEW" } });
    assert.equal(d.decision, "REVIEW");
    assert.deepEqual(codes(d), [32]);
  });
  it("a match on a stale list is still a match", () => {
    assert.deepEqual(
      codes(run({ to: { sanctioned: true }, sanctions: { listRefreshedAt: null } })),
      [31, 32],
    );
  });
});

describe("transfer: KYC (K-01 … K-03)", () => {
  const to = (kyc: unknown) => run({ to: { kyc } });
  const from = (kyc: unknown, patch?: unknown) => run(merge({ from: { kyc } }, patch));
  it("K-01 recipient missing / pending / resubmission / review / rejected → 41 / 42 / 42 / 42 / 43", () => {
    assert.deepEqual(codes(to({ status: "MISSING" })), [41]);
    assert.deepEqual(codes(to({ status: "PENDING" })), [42]);
    assert.deepEqual(codes(to({ status: "RESUBMISSION_REQUIRED" })), [42]);
    assert.deepEqual(codes(to({ status: "REVIEW" })), [42]);
    assert.deepEqual(codes(to({ status: "REJECTED" })), [43]);
  });
  it("K-02 recipient expired when date ≥ expires_at → 45", () => {
    assert.deepEqual(codes(to({ status: "APPROVED", expiresAt: "2025-09-10" })), [45]);
    assert.equal(to({ status: "APPROVED", expiresAt: "2025-09-11" }).decision, "ALLOW");
    assert.deepEqual(codes(to({ status: "EXPIRED" })), [45]);
  });
  it("K-03 an expired sender is blocked (44), except a redemption to the issuer", () => {
    assert.deepEqual(codes(from({ status: "APPROVED", expiresAt: "2025-09-01" })), [44]);
    const redeem = { to: { isIssuer: true, holderId: "issuer", kyc: { status: "MISSING" } } };
    assert.equal(from({ status: "APPROVED", expiresAt: "2025-09-01" }, redeem).decision, "ALLOW");
    assert.deepEqual(
      codes(
        checkTransfer(transfer({ from: { kyc: { status: "EXPIRED" } }, ...redeem }), {
          kyc: { senderMayRedeemWhenExpired: false },
        }),
      ),
      [44],
    );
    assert.equal(
      run({ from: { kyc: { status: "EXPIRED" } } }, { kyc: { expiredBlocksSender: false } }).decision,
      "ALLOW",
    );
  });
  it("sender missing / pending / rejected → 40 / 42 / 43, even for a redemption", () => {
    assert.deepEqual(codes(from({ status: "MISSING" })), [40]);
    assert.deepEqual(codes(from({ status: "PENDING" }, { to: { isIssuer: true } })), [42]);
    assert.deepEqual(codes(from({ status: "REJECTED" })), [43]);
  });
});

describe("transfer: jurisdiction (J-01)", () => {
  it("embargoed country, blocked region, unknown country, outside an allow list → 50", () => {
    assert.deepEqual(codes(run({ to: { country: "KP" } })), [50]);
    assert.deepEqual(codes(run({ to: { country: "UA", subdivision: "UA-43" } })), [50]);
    assert.deepEqual(codes(run({ to: { country: null } })), [50]);
    assert.deepEqual(codes(run({}, { jurisdiction: { allowedCountries: ["GB"] } })), [50]);
    assert.deepEqual(codes(run({}, { jurisdiction: { blockedSubdivisions: ["US-CA"] } })), [50]);
    assert.equal(run({ to: { country: "UA", subdivision: "UA-30" } }).decision, "ALLOW");
  });
  it("only the recipient's jurisdiction matters", () => {
    assert.equal(run({ from: { country: "IR" } }).decision, "ALLOW");
  });
});

describe("transfer: Rule 144 holding periods per lot (R-01 … R-04, R-07)", () => {
  const at = (date: string, l: unknown, patch?: unknown) =>
    run(
      merge(
        {
          date,
          now: `${date}T14:00:00Z`,
          sanctions: { listRefreshedAt: `${date}T06:00:00Z` },
          from: { lots: [l] },
        },
        patch,
      ),
    );
  const nonReporting = { issuer: { reportingSince: null } };
  it("R-01 reporting issuer: 6 months from full payment", () => {
    assert.deepEqual(rules(at("2025-07-14", lot())), ["R-01"]);
    assert.equal(at("2025-07-15", lot()).decision, "ALLOW");
  });
  it("R-02 non-reporting issuer: one year", () => {
    assert.deepEqual(rules(at("2026-01-14", lot(), nonReporting)), ["R-02"]);
    assert.equal(at("2026-01-15", lot(), nonReporting).decision, "ALLOW");
  });
  it("R-02 an issuer reporting for less than 90 days before the sale is treated as non-reporting", () => {
    const recent = { issuer: { reportingSince: "2025-05-01" } };
    assert.deepEqual(rules(at("2025-07-29", lot(), recent)), ["R-02"]); // 89 days
    assert.deepEqual(
      rules(at("2025-07-30", lot({ acquiredDate: "2025-01-30", fullyPaidDate: "2025-01-30" }), recent)),
      [],
    );
  });
  it("R-03 a lot not fully paid has not started its period", () => {
    const d = at("2026-12-31", lot({ fullyPaidDate: null }));
    assert.deepEqual(rules(d), ["R-03"]);
  });
  it("R-04 a gifted lot tacks the donor's holding period; a purchase does not", () => {
    const gift = lot({
      acquiredDate: "2025-02-01",
      fullyPaidDate: "2025-02-01",
      tackedFrom: { via: "gift", holdingStart: "2024-06-01" },
    });
    assert.equal(at("2025-06-01", gift, nonReporting).decision, "ALLOW");
    assert.deepEqual(
      rules(at("2025-06-01", lot({ acquiredDate: "2025-02-01", fullyPaidDate: "2025-02-01" }), nonReporting)),
      ["R-02"],
    );
    const split = lot({
      acquiredDate: "2025-05-01",
      fullyPaidDate: "2025-05-01",
      tackedFrom: { via: "split", holdingStart: "2024-12-01" },
    });
    assert.equal(at("2025-06-01", split).decision, "ALLOW");
  });
  it("R-01 between 6 and 12 months a non-affiliate needs current public information", () => {
    const stale = { issuer: { currentInReports: false } };
    const d = at("2025-08-01", lot(), stale);
    assert.deepEqual(rules(d), ["R-01-CPI"]);
    assert.equal(d.reasons[0]?.eligibleOn, "2026-01-15");
    assert.equal(at("2026-01-15", lot(), stale).decision, "ALLOW");
  });
  it("R-07 shell company: 144 unavailable until 12 months after Form 10 information", () => {
    const shell = (form10InfoDate: string | null) => ({ issuer: { shellCompany: true, form10InfoDate } });
    assert.deepEqual(codes(at("2026-06-01", lot(), shell(null))), [71]);
    assert.deepEqual(codes(at("2026-06-01", lot(), shell("2025-07-01"))), [71]);
    assert.equal(at("2026-07-01", lot(), shell("2025-07-01")).decision, "ALLOW");
  });
  it("registered and Reg A lots carry no holding period", () => {
    assert.equal(at("2025-01-16", lot({ exemption: "registered" })).decision, "ALLOW");
    assert.equal(at("2025-01-16", lot({ exemption: "reg_a_tier2" })).decision, "ALLOW");
  });
  it("lots are evaluated one by one: an eligible lot covers the amount, FIFO or specific", () => {
    const lots = [
      lot({ id: "old", acquiredDate: "2024-01-01", fullyPaidDate: "2024-01-01" }),
      lot({ id: "new" }),
    ];
    assert.equal(
      run({
        date: "2025-03-01",
        now: "2025-03-01T12:00:00Z",
        sanctions: { listRefreshedAt: "2025-03-01T00:00:00Z" },
        from: { lots },
      }).decision,
      "ALLOW",
    );
    const specific = run({
      date: "2025-03-01",
      now: "2025-03-01T12:00:00Z",
      sanctions: { listRefreshedAt: "2025-03-01T00:00:00Z" },
      lotIds: ["new"],
      from: { lots },
    });
    assert.deepEqual(rules(specific), ["R-01"]);
    assert.deepEqual(specific.reasons[0]?.lotIds, ["new"]);
  });
  it("a redemption to the issuer is not a resale (policy)", () => {
    const redeem = { to: { isIssuer: true, holderId: "issuer" } };
    assert.equal(at("2025-02-01", lot(), redeem).decision, "ALLOW");
    assert.deepEqual(
      rules(
        checkTransfer(
          transfer({
            date: "2025-09-10",
            from: { lots: [lot({ acquiredDate: "2025-06-01", fullyPaidDate: "2025-06-01" })] },
            ...redeem,
          }),
          { redemptionExemptFromResaleRestrictions: false },
        ),
      ),
      ["R-01"],
    );
  });
  it("B-01 frozen units or a short balance → 120", () => {
    assert.deepEqual(codes(run({ amount: "1001" })), [120]);
    assert.deepEqual(codes(run({ from: { frozenAmount: "950" } })), [120]);
    assert.equal(run({ from: { frozenAmount: "900" } }).decision, "ALLOW");
  });
});

describe("transfer: other resale exemptions (R-08 … R-10, Q-01, Rule 904)", () => {
  const young = { from: { lots: [lot({ acquiredDate: "2025-09-01", fullyPaidDate: "2025-09-01" })] } };
  it("§4(a)(7) lifts the holding period but needs an accredited buyer and a class outstanding ≥ 90 days", () => {
    assert.equal(run({ ...young, exemption: "section_4a7" }).decision, "ALLOW");
    assert.deepEqual(
      codes(run({ ...young, exemption: "section_4a7", to: { accreditation: { status: "not_accredited" } } })),
      [60],
    );
    assert.deepEqual(
      codes(run({ ...young, exemption: "section_4a7", to: { accreditation: { expiresAt: "2025-09-10" } } })),
      [61],
    );
    assert.deepEqual(
      codes(run({ ...young, exemption: "section_4a7", class: { firstIssueDate: "2025-06-13" } })),
      [74],
    );
    assert.equal(
      run({ ...young, exemption: "section_4a7", class: { firstIssueDate: "2025-06-12" } }).decision,
      "ALLOW",
    );
    assert.deepEqual(
      codes(run({ ...young, exemption: "section_4a7", class: { firstIssueDate: null } })),
      [74],
    );
    assert.deepEqual(
      codes(run({ ...young, exemption: "section_4a7", issuer: { inBankruptcy: true } })),
      [71],
    );
  });
  it("Q-01 144A needs a QIB: never a natural person, certification within 16 months", () => {
    const qib = { kind: "entity", qibCertifiedAt: "2025-01-01" };
    assert.equal(run({ ...young, exemption: "rule_144a", to: qib }).decision, "ALLOW");
    assert.deepEqual(codes(run({ ...young, exemption: "rule_144a", to: { ...qib, kind: "natural" } })), [80]);
    assert.deepEqual(
      codes(run({ ...young, exemption: "rule_144a", to: { ...qib, qibCertifiedAt: "2024-05-10" } })),
      [80],
    );
    assert.deepEqual(codes(run({ ...young, exemption: "rule_144a", to: { kind: "entity" } })), [80]);
  });
  it("Rule 904 offshore resale needs a non-US buyer outside the US", () => {
    const offshore = { usPerson: false, inUnitedStates: false, country: "GB", subdivision: null };
    assert.equal(run({ ...young, exemption: "reg_s_904", to: offshore }).decision, "ALLOW");
    assert.deepEqual(
      rules(run({ ...young, exemption: "reg_s_904", to: { ...offshore, inUnitedStates: true } })),
      ["X-01-904"],
    );
  });
});

describe("transfer: Reg CF resale lock (C-01, C-02)", () => {
  const cf = {
    from: {
      lots: [
        lot({
          exemption: "reg_cf",
          issueDate: "2025-02-01",
          acquiredDate: "2025-02-01",
          fullyPaidDate: "2025-02-01",
        }),
      ],
    },
  };
  const stranger = { accreditation: { status: "not_accredited" } };
  it("C-01 within one year of issuance to a non-accredited stranger → 90", () => {
    const d = run({ ...cf, to: stranger });
    assert.deepEqual(codes(d), [90]);
    assert.equal(d.reasons[0]?.eligibleOn, "2026-02-01");
    assert.equal(
      run({
        ...cf,
        to: stranger,
        date: "2026-02-01",
        now: "2026-02-01T12:00:00Z",
        sanctions: { listRefreshedAt: "2026-02-01T00:00:00Z" },
      }).decision,
      "ALLOW",
    );
  });
  it("C-02 exceptions: issuer, accredited, family, family trust, death or divorce, registered offering", () => {
    assert.equal(run(cf).decision, "ALLOW"); // accredited recipient
    assert.equal(run({ ...cf, to: { ...stranger, isIssuer: true } }).decision, "ALLOW");
    for (const regCfException of ["family", "family_trust", "death_or_divorce", "registered_offering"])
      assert.equal(run({ ...cf, to: stranger, regCfException }).decision, "ALLOW", regCfException);
  });
});

describe("transfer: Regulation S (X-01, X-03, X-04)", () => {
  const regS = (category: number, securityType = "equity", patch?: unknown) =>
    lot({
      exemption: "reg_s",
      issueDate: "2025-01-10",
      acquiredDate: "2025-01-10",
      fullyPaidDate: "2025-01-10",
      regS: merge({ category, securityType, dcpStart: "2025-01-10" }, patch),
    });
  const on = (date: string) => ({
    date,
    now: `${date}T12:00:00Z`,
    sanctions: { listRefreshedAt: `${date}T00:00:00Z` },
  });
  it("category 1 has no DCP", () => {
    assert.equal(
      run({ ...on("2025-01-11"), issuer: { domestic: false }, from: { lots: [regS(1)] } }).decision,
      "ALLOW",
    );
  });
  it("category 3 debt: 40 days", () => {
    assert.deepEqual(
      codes(run({ ...on("2025-02-18"), issuer: { domestic: false }, from: { lots: [regS(3, "debt")] } })),
      [100],
    );
    assert.equal(
      run({ ...on("2025-02-19"), issuer: { domestic: false }, from: { lots: [regS(3, "debt")] } }).decision,
      "ALLOW",
    );
  });
  it("category 3 equity of a reporting issuer: 6 months, then Rule 905 → Rule 144 from acquisition", () => {
    const l = regS(3, "equity", { issuerReporting: true });
    assert.deepEqual(codes(run({ ...on("2025-07-09"), from: { lots: [l] } })), [100]);
    assert.equal(run({ ...on("2025-07-10"), from: { lots: [l] } }).decision, "ALLOW");
    // Non-reporting issuer now: 905 → R-02 needs one year from acquisition, even though the explicit DCP is over.
    const early = regS(3, "equity", { dcpEnd: "2025-03-01" });
    assert.deepEqual(
      rules(run({ ...on("2025-07-10"), issuer: { reportingSince: null }, from: { lots: [early] } })),
      ["X-03"],
    );
  });
  it("X-04 a non-US person offshore may buy during the DCP", () => {
    const offshore = { usPerson: false, inUnitedStates: false, country: "DE", subdivision: null };
    assert.equal(run({ ...on("2025-02-01"), to: offshore, from: { lots: [regS(3)] } }).decision, "ALLOW");
  });
  it("an unknown US-person status counts as a US person", () => {
    assert.deepEqual(
      codes(
        run({ ...on("2025-02-01"), to: { country: "DE", subdivision: null }, from: { lots: [regS(2)] } }),
      ),
      [100],
    );
  });
});

describe("transfer: affiliates (R-05, R-06)", () => {
  const affiliate = (patch?: unknown) => ({
    salePriceCents: "100000",
    from: merge({ affiliate: true }, patch),
  });
  it("R-05 over the greater of 1% of outstanding and the weekly volume → DENY 72", () => {
    assert.equal(run(affiliate({ sales3mUnits: "99900" })).decision, "REVIEW"); // 100,000 = 1%: at the cap (Form 144 over 5,000)
    assert.deepEqual(codes(run(affiliate({ sales3mUnits: "99901" }))), [72, 73]);
    assert.deepEqual(
      codes(run({ ...affiliate({ sales3mUnits: "99901" }), class: { averageWeeklyVolume: "200000" } })),
      [73],
    );
    assert.deepEqual(codes(run({ ...affiliate(), class: { outstanding: null } })), [72]);
  });
  it("R-06 over 5,000 units or $50,000 (or an unknown price) in 3 months → REVIEW 73", () => {
    assert.equal(run(affiliate({ sales3mUnits: "4900" })).decision, "ALLOW");
    assert.deepEqual(codes(run(affiliate({ sales3mUnits: "4901" }))), [73]);
    assert.deepEqual(codes(run(affiliate({ sales3mProceedsCents: "4900001" }))), [73]);
    const d = run({ from: { affiliate: true } });
    assert.equal(d.decision, "REVIEW");
    assert.deepEqual(codes(d), [73]);
  });
  it("non-affiliates and 144A / §4(a)(7) resales have no volume limit", () => {
    assert.equal(run({ from: { affiliate: false, sales3mUnits: "99999999" } }).decision, "ALLOW");
    assert.equal(
      run({ ...affiliate({ sales3mUnits: "99999999" }), exemption: "section_4a7" }).decision,
      "ALLOW",
    );
  });
});

describe("transfer: holder caps (H-11)", () => {
  const caps = { holderCaps: { total: 1999, nonAccredited: 499 } };
  it("a new holder above the cap → 110; a non-accredited one above its cap → 111", () => {
    assert.deepEqual(codes(run({ holders: { total: 1999, nonAccredited: 10 } }, caps)), [110]);
    assert.equal(run({ holders: { total: 1998, nonAccredited: 10 } }, caps).decision, "ALLOW");
    assert.deepEqual(
      codes(
        run(
          { holders: { total: 10, nonAccredited: 499 }, to: { accreditation: { status: "unknown" } } },
          caps,
        ),
      ),
      [111],
    );
    assert.equal(run({ holders: { total: 10, nonAccredited: 499 } }, caps).decision, "ALLOW");
  });
  it("an existing holder, or a move between one holder's wallets, adds no one", () => {
    assert.equal(
      run({ holders: { total: 5000, nonAccredited: 900 }, to: { isCountedHolder: true } }, caps).decision,
      "ALLOW",
    );
    assert.equal(
      run({ holders: { total: 5000, nonAccredited: 900 }, to: { holderId: "alice" } }, caps).decision,
      "ALLOW",
    );
  });
  it("unknown counts with a cap configured fail closed; without a cap nothing blocks", () => {
    assert.deepEqual(codes(run({}, caps)), [110]);
    assert.equal(run({ holders: { total: 99999, nonAccredited: 9999 } }).decision, "ALLOW");
  });
});

describe("transfer: every failing reason, the primary first", () => {
  it("collects reasons of every step in §2.11 order", () => {
    const d = checkTransfer(
      transfer({
        class: { paused: true },
        to: { kyc: { status: "PENDING" }, country: "CU", isCountedHolder: false },
        sanctions: { listRefreshedAt: null },
        holders: { total: 1999, nonAccredited: 0 },
        from: { lots: [lot({ acquiredDate: "2025-09-01", fullyPaidDate: "2025-09-01" })] },
      }),
      compilePolicy({ holderCaps: { total: 1999 } }),
    );
    assert.equal(d.decision, "DENY");
    assert.deepEqual(codes(d), [10, 32, 42, 50, 70, 110]);
    for (const r of d.reasons)
      assert.ok(r.citation.length > 0 && r.text.length > 0 && /^[A-Z0-9_]+$/.test(r.name));
  });
  it("a REVIEW never hides a DENY: DENY reasons come first", () => {
    const d = run({ from: { affiliate: true, stopOrder: true } });
    assert.equal(d.decision, "DENY");
    assert.deepEqual(codes(d), [11, 73]);
  });
});
