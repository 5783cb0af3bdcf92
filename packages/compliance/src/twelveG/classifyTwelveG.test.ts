import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { usdCents } from "./amounts.ts";
import { assessTwelveG } from "./assessTwelveG.ts";
import type { TwelveGPolicyOverrides } from "./policy.ts";
import type { TwelveGHolderRecord, TwelveGInput } from "./schemas.ts";
import { ACCREDITED, FYE, input, issuer, lot, people, person } from "./testFixtures.ts";

/** `n` holders of whom `na` are not accredited. */
const holders = (n: number, na: number): TwelveGHolderRecord[] => [
  ...people(n - na, "acc", ACCREDITED),
  ...people(na, "non"),
];
const assess = (
  h: TwelveGHolderRecord[],
  over: Partial<TwelveGInput> = {},
  policy?: TwelveGPolicyOverrides,
) => assessTwelveG(input(h, over), policy);
const onFye = { asOf: FYE };

describe("alert levels (§1.6)", () => {
  it("GREEN below 75 % of both thresholds; AMBER from 1,500 holders or 375 non-accredited", () => {
    assert.equal(assess(holders(1499, 374)).level, "GREEN");
    assert.equal(assess(holders(1500, 0)).level, "AMBER");
    assert.deepEqual(assess(holders(1000, 375)).levels, [
      { level: "AMBER", reasons: ["NON_ACCREDITED_AMBER"] },
    ]);
  });

  it("RED from 1,800 holders or 450 non-accredited", () => {
    assert.equal(assess(holders(1799, 449)).level, "AMBER");
    assert.equal(assess(holders(1800, 0)).level, "RED");
    const r = assess(holders(1000, 450));
    assert.equal(r.level, "RED");
    assert.deepEqual(
      r.levels.map((l) => l.level),
      ["RED", "AMBER"],
    );
  });

  it("RED when a conditional exclusion the class relies on is at risk", () => {
    const cf = [person("cf", { lots: [lot(1n, { exemption: "reg_cf" })] })];
    const late = issuer({ regCf: { currentInAnnualReports: false } });
    assert.deepEqual(assess(cf, { issuer: late }).levels, [
      { level: "RED", reasons: ["REG_CF_EXCLUSION_AT_RISK"] },
    ]);
    // Without Reg CF lots the same facts are no risk.
    assert.equal(assess(people(3), { issuer: late }).level, "GREEN");
    const bigFloat = issuer({ regA: { currentInReports: true, publicFloatUsd: usdCents(75_000_000) } });
    const ra = [person("ra", { lots: [lot(1n, { exemption: "reg_a_tier2" })] })];
    assert.ok(
      assess(ra, { issuer: bigFloat }).levels.some((l) => l.reasons.includes("REG_A_EXCLUSION_AT_RISK")),
    );
  });

  it("BREACH_PROVISIONAL intra-year at 2,000 holders or 500 non-accredited with assets > $10M", () => {
    assert.equal(assess(holders(2000, 0)).level, "BREACH_PROVISIONAL");
    assert.equal(assess(holders(600, 500)).level, "BREACH_PROVISIONAL");
    assert.equal(assess(holders(1999, 499)).level, "RED");
    const small = issuer({ latestTotalAssetsUsd: usdCents(10_000_000) });
    assert.equal(assess(holders(2000, 0), { issuer: small }).level, "RED");
    assert.equal(assess(holders(2000, 0), { issuer: small }).registration, undefined);
  });

  it("BREACH at the FYE: assets > $10M and the holder test met; Form 10 due FYE + 120 days", () => {
    const r = assess(holders(2000, 0), onFye);
    assert.equal(r.level, "BREACH");
    assert.equal(r.basis, "fye");
    assert.equal(r.registration?.deadline, "2026-04-30");
    assert.deepEqual(r.levels[0], { level: "BREACH", reasons: ["HOLDERS_THRESHOLD_MET"] });
    assert.equal(assess(holders(800, 500), onFye).registration?.deadline, "2026-04-30");
  });

  it("§7 case 20: assets of exactly $10,000,000 at the FYE do not trigger ('not exceeding')", () => {
    const at10 = issuer({ totalAssets: [{ fiscalYearEnd: FYE, usd: usdCents(10_000_000) }] });
    const r = assess(holders(2500, 0), { ...onFye, issuer: at10 });
    assert.notEqual(r.level, "BREACH");
    assert.equal(r.trigger.assetsOverThreshold, false);
    const justOver = issuer({ totalAssets: [{ fiscalYearEnd: FYE, usd: usdCents(10_000_000) + 1n }] });
    assert.equal(assess(holders(2500, 0), { ...onFye, issuer: justOver }).level, "BREACH");
  });

  it("unknown assets at the FYE count as over the threshold, with a warning", () => {
    const r = assess(holders(2000, 0), { ...onFye, issuer: issuer({ totalAssets: [] }) });
    assert.equal(r.level, "BREACH");
    assert.deepEqual(r.warnings, ["ASSETS_UNKNOWN"]);
    assert.equal(r.totalAssetsUsd, null);
  });

  it("bank-like issuers: 2,000 holders, no non-accredited test (78l(g)(1)(B))", () => {
    const bank = issuer({ bankLike: true });
    assert.equal(assess(holders(1000, 1000), { ...onFye, issuer: bank }).level, "GREEN");
    assert.equal(assess(holders(2000, 2000), { ...onFye, issuer: bank }).level, "BREACH");
  });

  it("thresholds and bands are configurable", () => {
    const policy = { thresholds: { holders: 100 }, alertPercent: { amber: 50, red: 80 } };
    assert.equal(assess(holders(49, 0), {}, policy).level, "GREEN");
    assert.equal(assess(holders(50, 0), {}, policy).level, "AMBER");
    assert.equal(assess(holders(80, 0), {}, policy).level, "RED");
    assert.equal(assess(holders(100, 0), onFye, policy).level, "BREACH");
  });

  it("TRANSITION while a Reg CF transition runs; a missed report ends it and is a BREACH at once (12g-6(b))", () => {
    const cf = [
      ...holders(1990, 0),
      ...Array.from({ length: 20 }, (_, i) => person(`cf${i}`, { lots: [lot(1n, { exemption: "reg_cf" })] })),
    ];
    const over25 = [{ fiscalYearEnd: "2024-12-31", usd: usdCents(30_000_000) }];
    const running = issuer({
      totalAssets: over25,
      latestTotalAssetsUsd: usdCents(30_000_000),
      regCf: { currentInAnnualReports: true, ineligibleSinceFye: "2024-12-31" },
    });
    const r = assess(cf, { issuer: running });
    assert.equal(r.exclusions.regCf.status, "TRANSITION");
    assert.equal(r.exclusions.regCf.transitionEnd, "2026-12-30");
    assert.ok(r.levels.some((l) => l.level === "TRANSITION"));
    assert.equal(r.counts.registration.holders, 1990);
    const missed = issuer({
      ...running,
      regCf: {
        currentInAnnualReports: false,
        ineligibleSinceFye: "2024-12-31",
        reportLapsedOn: "2025-05-01",
      },
    });
    const b = assess(cf, { issuer: missed });
    assert.equal(b.exclusions.regCf.status, "TRANSITION_TERMINATED");
    assert.equal(b.counts.registration.holders, 2010);
    assert.equal(b.level, "BREACH");
    assert.equal(b.registration?.deadline, "2025-08-29");
    assert.ok(b.levels[0]?.reasons.includes("REG_CF_TRANSITION_TERMINATED"));
  });
});

describe("deregistration (Rule 12g-4(a))", () => {
  const registered = (over: Parameters<typeof issuer>[0] = {}) => issuer({ registered: true, ...over });
  const small = [2025, 2024, 2023, 2022].map((y) => ({
    fiscalYearEnd: `${y}-12-31`,
    usd: usdCents(9_000_000),
  }));

  it("DEREG_ELIGIBLE under 300 holders (1,200 bank-like); a registered class has no registration alerts", () => {
    assert.equal(assess(holders(299, 299), { issuer: registered() }).level, "DEREG_ELIGIBLE");
    const r = assess(holders(300, 0), { issuer: registered() });
    assert.equal(r.level, "GREEN");
    assert.equal(r.deregistration?.eligible, false);
    assert.equal(assess(holders(5000, 0), { issuer: registered() }).level, "GREEN");
    assert.equal(
      assess(holders(1199, 0), { issuer: registered({ bankLike: true }) }).level,
      "DEREG_ELIGIBLE",
    );
  });

  it("or under 500 holders with assets ≤ $10M at each of the last three FYEs", () => {
    const r = assess(holders(499, 0), { issuer: registered({ totalAssets: small }) });
    assert.deepEqual(r.deregistration?.reasons, ["DEREG_SMALL_ISSUER"]);
    assert.equal(assess(holders(500, 0), { issuer: registered({ totalAssets: small }) }).level, "GREEN");
    const oneBigYear = small.map((a) =>
      a.fiscalYearEnd === "2023-12-31" ? { ...a, usd: usdCents(11_000_000) } : a,
    );
    assert.equal(assess(holders(499, 0), { issuer: registered({ totalAssets: oneBigYear }) }).level, "GREEN");
    const missingYear = small.filter((a) => a.fiscalYearEnd !== "2022-12-31");
    assert.equal(
      assess(holders(499, 0), { issuer: registered({ totalAssets: missingYear }) }).level,
      "GREEN",
    );
    // On the FYE basis the measured FYE is one of the three (2025, 2024, 2023), so 2022 is not needed.
    assert.equal(
      assess(holders(499, 0), { ...onFye, issuer: registered({ totalAssets: missingYear }) }).level,
      "DEREG_ELIGIBLE",
    );
  });

  it("counts plan-only holders (§7 case 14: 280 + 40 plan-only → 320, not eligible under 300)", () => {
    const plan = Array.from({ length: 40 }, (_, i) =>
      person(`e${i}`, { lots: [lot(1n, { acquiredVia: "plan", rule701c: true })] }),
    );
    const r = assess([...people(280), ...plan], { issuer: registered() });
    assert.equal(r.deregistration?.holders, 320);
    assert.equal(r.deregistration?.eligible, false);
  });
});
