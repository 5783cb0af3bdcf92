/**
 * The worked cases of compliance-rules §7 that the rules engine decides, one test per case, named after it.
 * (The 12(g) counting cases 8–14, 20, 21 belong to the 12(g) module; 43, 44 webhook parts, 48 and 50 to other
 * packages — only their transfer consequences are here.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compilePolicy } from "../policy/compilePolicy.ts";
import { formDDueDate } from "./deadlines/formDDeadlines.ts";
import type { Decision } from "./decision.ts";
import { checkIssuance } from "./issuance/evaluateIssuance.ts";
import { regSDcpEnd } from "./lots/regSDcpEnd.ts";
import { rule144EligibleDate } from "./lots/rule144.ts";
import { issuance, lot, transfer } from "./testing/fixtures.ts";
import { checkTransfer } from "./transfer/evaluateTransfer.ts";

const on = (date: string) => ({
  date,
  now: `${date}T15:00:00Z`,
  sanctions: { listRefreshedAt: `${date}T05:00:00Z` },
});
const codes = (d: Decision) => d.reasons.map((r) => r.code);
const policy = compilePolicy();

describe("compliance-rules §7 worked cases", () => {
  it("1. Accreditation expired yesterday → DENY 61", () => {
    const facts = {
      ...on("2025-09-10"),
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
      to: { accreditation: { status: "accredited", method: "third_party_letter", expiresAt: "2025-09-09" } },
    };
    const d = checkTransfer(transfer(facts), policy);
    assert.equal(d.decision, "DENY");
    assert.deepEqual(codes(d), [61]);
  });

  it("3. 506(c) letter 91 days old → DENY 62; on 2025-04-01 → ALLOW", () => {
    const sale = (date: string) =>
      checkIssuance(
        issuance({
          ...on(date),
          offering: { exemption: "reg_d_506c" },
          to: {
            accreditation: { status: "accredited", method: "third_party_letter", evidenceDate: "2025-01-01" },
          },
        }),
        policy,
      );
    assert.deepEqual(codes(sale("2025-04-02")), [62]);
    assert.equal(sale("2025-04-01").decision, "ALLOW");
  });

  it("5. Entity NAL path: LLC commits $1,000,000 → ALLOW; $900,000 → DENY 62", () => {
    const commit = (cents: string) =>
      checkIssuance(
        issuance({
          offering: { exemption: "reg_d_506c" },
          investmentCents: cents,
          to: {
            kind: "entity",
            accreditation: {
              status: "accredited",
              method: "minimum_investment",
              repAccredited: true,
              repNotThirdPartyFinanced: true,
            },
          },
        }),
        policy,
      );
    assert.equal(commit("100000000").decision, "ALLOW");
    assert.deepEqual(codes(commit("90000000")), [62]);
  });

  it("16. Holder count crosses at 1,999→2,000 with a 1,999 cap → DENY 110; without a cap → ALLOW", () => {
    const facts = transfer({ holders: { total: 1999, nonAccredited: 100 } });
    assert.deepEqual(codes(checkTransfer(facts, { holderCaps: { total: 1999 } })), [110]);
    assert.equal(checkTransfer(facts, policy).decision, "ALLOW");
  });

  it("18. Full exit + new entrant → Δ = 0 → ALLOW even at cap", () => {
    const facts = transfer({ amount: "1000", holders: { total: 1999, nonAccredited: 499 } });
    assert.equal(checkTransfer(facts, { holderCaps: { total: 1999, nonAccredited: 499 } }).decision, "ALLOW");
    const partial = transfer({ amount: "999", holders: { total: 1999, nonAccredited: 499 } });
    assert.deepEqual(
      codes(checkTransfer(partial, { holderCaps: { total: 1999, nonAccredited: 499 } })),
      [110],
    );
  });

  it("25. Rule 144, reporting issuer: paid 2025-01-15 → 2025-07-14 DENY 70; 2025-07-15 ALLOW", () => {
    const sell = (date: string) =>
      checkTransfer(
        transfer({ ...on(date), issuer: { reportingSince: "2023-03-01" }, from: { lots: [lot()] } }),
        policy,
      );
    assert.deepEqual(codes(sell("2025-07-14")), [70]);
    assert.equal(sell("2025-07-15").decision, "ALLOW");
  });

  it("28. Month-end clamp: acquired 2025-08-31 → eligible 2026-03-01 (roll-forward), 2026-02-28 under clamp", () => {
    const l = lot({ acquiredDate: "2025-08-31", fullyPaidDate: "2025-08-31", issueDate: "2025-08-31" });
    const sell = (date: string, p = policy) =>
      checkTransfer(transfer({ ...on(date), from: { lots: [l] } }), p);
    assert.deepEqual(codes(sell("2026-02-28")), [70]);
    assert.equal(sell("2026-03-01").decision, "ALLOW");
    assert.equal(sell("2026-02-28", compilePolicy({ monthOverflow: "clamp" })).decision, "ALLOW");
  });

  it("29. Not fully paid: signed 2025-01-10, paid 2025-03-10 → the period runs from 2025-03-10", () => {
    const l = { acquiredDate: "2025-01-10", fullyPaidDate: "2025-03-10", tackedFrom: null };
    assert.equal(rule144EligibleDate(l, true, policy), "2025-09-10");
    const sell = (date: string) =>
      checkTransfer(
        transfer({ ...on(date), from: { lots: [lot({ issueDate: "2025-01-10", ...l })] } }),
        policy,
      );
    assert.deepEqual(codes(sell("2025-09-09")), [70]);
    assert.equal(sell("2025-09-10").decision, "ALLOW");
  });

  it("31. Gift tacking: the son's lot is eligible from the donor's date; the gift still needs KYC and a linked wallet", () => {
    const gifted = lot({
      acquiredDate: "2025-02-01",
      fullyPaidDate: "2025-02-01",
      tackedFrom: { via: "gift", holdingStart: "2024-06-01" },
    });
    const sell = (patch: unknown) =>
      checkTransfer(
        transfer({
          ...on("2025-06-01"),
          issuer: { reportingSince: null },
          ...(patch as object),
          from: { lots: [gifted] },
        }),
        policy,
      );
    assert.equal(sell({}).decision, "ALLOW");
    // The gift itself (donor → son): K-01 and G-03 apply to the son like to anyone.
    const gift = (to: unknown) => checkTransfer(transfer({ to }), policy);
    assert.deepEqual(codes(gift({ kyc: { status: "MISSING" } })), [41]);
    assert.deepEqual(codes(gift({ holderId: null })), [21]);
  });

  it("33. Reg CF limit, low income: $4,500 on a $4,000 limit → DENY 91", () => {
    const buy = (cents: string) =>
      checkIssuance(
        issuance({
          offering: { exemption: "reg_cf", raised12mCents: "0" },
          investmentCents: cents,
          to: {
            accreditation: { status: "not_accredited" },
            incomeCents: "5000000",
            netWorthCents: "8000000",
            regCfInvested12mCents: "0",
          },
        }),
        policy,
      );
    assert.deepEqual(codes(buy("450000")), [91]);
    assert.equal(buy("400000").decision, "ALLOW");
  });

  it("35. Reg CF accredited buys $500,000 → ALLOW; the issuer is still capped at $5M", () => {
    const buy = (raised: string) =>
      checkIssuance(
        issuance({ offering: { exemption: "reg_cf", raised12mCents: raised }, investmentCents: "50000000" }),
        policy,
      );
    assert.equal(buy("0").decision, "ALLOW");
    assert.deepEqual(codes(buy("450000001")), [92]);
  });

  it("37. Reg S cat. 3, non-reporting US issuer equity: DENY 100 in the DCP, 904 offshore ALLOW, after the DCP 905 → R-02 ALLOW", () => {
    const terms = { category: 3, securityType: "equity", dcpStart: "2025-01-10" } as const;
    assert.equal(regSDcpEnd({ ...terms, issuerReporting: false, dcpEnd: null }, policy), "2026-01-10");
    const l = lot({
      exemption: "reg_s",
      issueDate: "2025-01-10",
      acquiredDate: "2025-01-10",
      fullyPaidDate: "2025-01-10",
      regS: terms,
    });
    const sell = (date: string, to: unknown = {}) =>
      checkTransfer(
        transfer({ ...on(date), issuer: { reportingSince: null }, from: { lots: [l] }, to }),
        policy,
      );
    assert.deepEqual(codes(sell("2025-08-01")), [100]);
    assert.equal(
      sell("2025-08-01", { usPerson: false, inUnitedStates: false, country: "FR", subdivision: null })
        .decision,
      "ALLOW",
    );
    assert.equal(sell("2026-02-01").decision, "ALLOW");
  });

  it("39. Reg S cat. 2 (reporting foreign issuer equity): DCP 40 days — day 39 DENY 100, day 41 ALLOW", () => {
    const l = lot({
      exemption: "reg_s",
      issueDate: "2025-03-01",
      acquiredDate: "2025-03-01",
      fullyPaidDate: "2025-03-01",
      regS: { category: 2, securityType: "equity", dcpStart: "2025-03-01" },
    });
    const sell = (date: string) =>
      checkTransfer(transfer({ ...on(date), issuer: { domestic: false }, from: { lots: [l] } }), policy);
    assert.deepEqual(codes(sell("2025-04-09")), [100]); // day 39
    assert.equal(sell("2025-04-11").decision, "ALLOW"); // day 41
  });

  it("41. Sanctioned recipient on Base → DENY 31", () => {
    // The screening layer matches lower-cased addresses whatever the ticker tag; the engine reads its verdict.
    const d = checkTransfer(
      transfer({ to: { wallet: "0xabcdef0123456789abcdef0123456789abcdef01", sanctioned: true } }),
      policy,
    );
    assert.equal(d.decision, "DENY");
    assert.deepEqual(codes(d), [31]);
  });

  it("44. Sumsub RED semantics: RESUBMISSION_REQUIRED → DENY 42; REJECTED → DENY 43", () => {
    assert.deepEqual(
      codes(checkTransfer(transfer({ to: { kyc: { status: "RESUBMISSION_REQUIRED" } } }), policy)),
      [42],
    );
    assert.deepEqual(codes(checkTransfer(transfer({ to: { kyc: { status: "REJECTED" } } }), policy)), [43]);
  });

  it("46. Form D weekend roll: first sale 2025-03-01 → due 2025-03-17", () => {
    assert.equal(formDDueDate("2025-03-01"), "2025-03-17");
  });

  it("50. Control-book guard: issued > authorized → DENY 130; no written authorization → DENY 131", () => {
    const mint = (controlBook: unknown, amount = "50") =>
      checkIssuance(issuance({ amount, controlBook }), policy);
    const book = { authorized: "1000", issued: "950", authorizationRef: "BR-2025-03" };
    assert.equal(mint(book).decision, "ALLOW"); // 950 + 50 = 1,000: exactly the authorized shares
    assert.deepEqual(codes(mint(book, "51")), [130]);
    assert.deepEqual(codes(mint({ ...book, authorizationRef: null })), [131]);
    assert.deepEqual(codes(mint({ ...book, authorizationRef: null }, "51")), [130, 131]);
    // A control book the facts do not give fails closed (§0): both reasons.
    assert.deepEqual(codes(mint(null)), [130, 131]);
  });
});
