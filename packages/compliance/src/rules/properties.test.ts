/**
 * Property tests of the engine over random transfers: adding a failing fact never turns DENY into ALLOW; reasons
 * do not depend on facts no rule of the case reads; the primary reason follows the §2.11 order.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addDays, fromDayNumber, toDayNumber } from "../dates/calendarDate.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { ruleRank } from "./catalogue.ts";
import type { Decision } from "./decision.ts";
import { lot, merge, transfer } from "./testing/fixtures.ts";
import { checkTransfer } from "./transfer/evaluateTransfer.ts";

const date = fc
  .integer({ min: toDayNumber("2024-01-01"), max: toDayNumber("2026-06-30") })
  .map(fromDayNumber);
const exemption = fc.constantFrom(
  "registered",
  "reg_d_506b",
  "reg_d_506c",
  "rule_144a",
  "reg_cf",
  "reg_a_tier2",
  "reg_s",
);

const lotArb = fc
  .record({
    id: fc.uuid(),
    acquired: date,
    paid: fc.boolean(),
    exemption,
    qty: fc.integer({ min: 1, max: 500 }),
    category: fc.constantFrom(1, 2, 3),
    stop: fc.boolean(),
  })
  .map((l) =>
    lot({
      id: l.id,
      qty: String(l.qty),
      exemption: l.exemption,
      issueDate: l.acquired,
      acquiredDate: l.acquired,
      fullyPaidDate: l.paid ? l.acquired : null,
      stopOrder: l.stop && l.qty % 7 === 0,
      regS:
        l.exemption === "reg_s"
          ? { category: l.category, securityType: "equity", dcpStart: l.acquired }
          : null,
    }),
  );

/** Random transfer facts (as JSON input) with a policy. */
const scenario = fc
  .record({
    date,
    amount: fc.integer({ min: 1, max: 800 }),
    lots: fc.uniqueArray(lotArb, { minLength: 0, maxLength: 4, selector: (l) => l.id }),
    resale: fc.constantFrom("rule_144", "rule_144a", "section_4a7", "reg_s_904"),
    toUs: fc.boolean(),
    toAccredited: fc.constantFrom("accredited", "not_accredited", "unknown"),
    affiliate: fc.boolean(),
    reporting: fc.boolean(),
    counted: fc.boolean(),
    total: fc.integer({ min: 0, max: 2100 }),
    capped: fc.boolean(),
  })
  .map((s) => ({
    facts: transfer({
      date: s.date,
      now: `${s.date}T12:00:00Z`,
      sanctions: { listRefreshedAt: `${s.date}T00:00:00Z` },
      amount: String(s.amount),
      exemption: s.resale,
      issuer: { reportingSince: s.reporting ? "2020-01-01" : null },
      holders: { total: s.total, nonAccredited: Math.floor(s.total / 4) },
      from: { affiliate: s.affiliate, lots: s.lots, sales3mUnits: "100", sales3mProceedsCents: "100" },
      to: {
        usPerson: s.toUs,
        inUnitedStates: s.toUs,
        country: s.toUs ? "US" : "GB",
        subdivision: s.toUs ? "US-TX" : null,
        isCountedHolder: s.counted,
        kind: "entity",
        qibCertifiedAt: addDays(s.date, -30),
        accreditation: { status: s.toAccredited, expiresAt: "2030-01-01" },
      },
      salePriceCents: "1000",
    }),
    policy: compilePolicy(s.capped ? { holderCaps: { total: 2000, nonAccredited: 500 } } : {}),
  }));

/** Facts that each make a transfer fail, with the reason code they must produce. */
const failing: [string, unknown, number][] = [
  ["class paused", { class: { paused: true } }, 10],
  ["sender stop order", { from: { stopOrder: true } }, 11],
  ["recipient stop order", { to: { stopOrder: true } }, 11],
  ["sender wallet unlinked", { from: { holderId: null } }, 20],
  ["recipient wallet unlinked", { to: { holderId: null } }, 21],
  ["sender sanctioned", { from: { sanctioned: true } }, 30],
  ["recipient sanctioned", { to: { sanctioned: true } }, 31],
  ["sanctions list never loaded", { sanctions: { listRefreshedAt: null } }, 32],
  ["oracle unreachable", { sanctions: { oracle: "unreachable" } }, 32],
  ["recipient KYC pending", { to: { kyc: { status: "PENDING" } } }, 42],
  ["recipient KYC rejected", { to: { kyc: { status: "REJECTED" } } }, 43],
  ["recipient KYC expired", { to: { kyc: { status: "EXPIRED" } } }, 45],
  ["sender KYC expired", { from: { kyc: { status: "EXPIRED" } } }, 44],
  ["recipient in an embargoed country", { to: { country: "IR" } }, 50],
  ["sender frozen beyond the balance", { from: { frozenAmount: "100000" } }, 120],
];

const codes = (d: Decision) => d.reasons.map((r) => r.code);

describe("engine properties", () => {
  it("adding a failing fact never turns DENY into ALLOW — and always denies with its reason", () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...failing), ({ facts, policy }, [name, patch, code]) => {
        const before = checkTransfer(facts, policy);
        const after = checkTransfer(merge(facts, patch), policy);
        assert.equal(after.decision, "DENY", name);
        assert.ok(codes(after).includes(code), `${name}: ${codes(after)}`);
        if (before.decision === "DENY") assert.notEqual(after.decision, "ALLOW");
      }),
      { numRuns: 400 },
    );
  });

  it("stacking failing facts only ever adds DENY reasons of the party still checked", () => {
    fc.assert(
      fc.property(scenario, fc.subarray(failing, { minLength: 1 }), ({ facts, policy }, picks) => {
        let f = facts;
        for (const [, patch] of picks) f = merge(f, patch);
        assert.equal(checkTransfer(f, policy).decision, "DENY");
      }),
      { numRuns: 200 },
    );
  });

  it("reasons are independent of facts no rule of the case reads", () => {
    const irrelevant = fc.record({
      income: fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String),
      fromCountry: fc.constantFrom("US", "IR", "GB", null),
      fromUs: fc.boolean(),
      legend: fc.array(fc.string(), { maxLength: 2 }),
      wallet: fc.constantFrom(
        "0x00000000000000000000000000000000000000aa",
        "0x00000000000000000000000000000000000000AA",
      ),
    });
    fc.assert(
      fc.property(scenario, irrelevant, ({ facts, policy }, x) => {
        const varied = merge(facts, {
          to: { incomeCents: x.income, netWorthCents: x.income, wallet: x.wallet },
          from: {
            country: x.fromCountry,
            usPerson: x.fromUs,
            qibCertifiedAt: null,
            lots: (facts.from.lots as unknown[]).map((l) => merge(l, { legendFlags: x.legend })),
          },
        });
        assert.deepEqual(checkTransfer(varied, policy), checkTransfer(facts, policy));
      }),
      { numRuns: 300 },
    );
  });

  it("the primary reason follows §2.11: DENY reasons first, each group in procedure order", () => {
    fc.assert(
      fc.property(scenario, fc.subarray(failing), ({ facts, policy }, picks) => {
        let f = facts;
        for (const [, patch] of picks) f = merge(f, patch);
        const d = checkTransfer(f, policy);
        const r = d.reasons;
        for (let i = 1; i < r.length; i++) {
          const a = r[i - 1];
          const b = r[i];
          assert.ok(a && b);
          if (a.severity === b.severity)
            assert.ok(ruleRank(a.rule) <= ruleRank(b.rule), `${a.rule} before ${b.rule}`);
          else assert.equal(a.severity, "DENY");
          assert.ok(a.step <= b.step || a.severity !== b.severity);
        }
        if (r.length > 0) assert.equal(d.decision, r[0]?.severity);
        else assert.equal(d.decision, "ALLOW");
        // A paused class is always the primary reason (step 1).
        assert.equal(checkTransfer(merge(f, { class: { paused: true } }), policy).reasons[0]?.rule, "G-01");
      }),
      { numRuns: 300 },
    );
  });
});
