import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assessTwelveG } from "./assessTwelveG.ts";
import { buildHolderIndex } from "./buildHolderIndex.ts";
import { countHoldersOfRecord } from "./countHoldersOfRecord.ts";
import type { TwelveGPolicyOverrides } from "./policy.ts";
import type { TwelveGHolderRecord, TwelveGInput } from "./schemas.ts";
import { ACCREDITED, FYE, input, issuer, joint, lot, org, people, person, wallet } from "./testFixtures.ts";

const count = (
  holders: TwelveGHolderRecord[],
  over: Partial<TwelveGInput> = {},
  policy?: TwelveGPolicyOverrides,
) => countHoldersOfRecord(buildHolderIndex(input(holders, over), policy));

describe("record-holder keys (Rule 12g5-1(a))", () => {
  it("§7 case 8: one investor on two wallets and two chains is one holder — (a)(6)", () => {
    const alice = [
      person("alice", { lots: [lot(5n, { chain: "ethereum", wallet: "0xA" })] }),
      person("alice", { lots: [lot(7n, { chain: "base", wallet: "0xB" })] }),
    ];
    assert.equal(count(alice).registration.holders, 1);
    assert.equal(count([...alice, person("bob")]).registration.holders, 2);
  });

  it("a joint registration is one holder whatever the co-owner order — (a)(4)", () => {
    const c = count([joint(["a", "b"]), joint(["b", "a"])]);
    assert.equal(c.registration.holders, 1);
    assert.equal(count([joint(["a", "b"]), joint(["a", "c"])]).registration.holders, 2);
  });

  it("§0: a person alone and jointly counts as two by default; the 'merge' policy absorbs the joint", () => {
    const holders = [person("a"), joint(["a", "b"])];
    assert.equal(count(holders).registration.holders, 2);
    const merged = count(holders, {}, { jointWithIndividual: "merge" });
    assert.equal(merged.registration.holders, 1);
    assert.equal(merged.jointAbsorbed, 1);
    // A co-owner whose own units are all excluded does not absorb the joint.
    const planOnly = person("a", { lots: [lot(5n, { acquiredVia: "plan", rule701c: true })] });
    assert.equal(
      count([planOnly, joint(["a", "b"])], {}, { jointWithIndividual: "merge" }).registration.holders,
      1,
    );
  });

  it("an entity, a trust, an estate and a custodial account are one holder each — (a)(2), (a)(3)", () => {
    const holders = [
      org("entity", "fund-lp"),
      org("entity", "fund-lp", { lots: [lot(1n)] }),
      org("trust", "family-trust"),
      org("estate", "estate-of-x"),
      org("custodial", "utma-123"),
    ];
    assert.equal(count(holders).registration.holders, 4);
  });

  it("§7 case 10: a fund with 300 LPs is one holder; flagged evasion_spv it is 300 — (b)(3)", () => {
    const members = Array.from({ length: 300 }, (_, i) => ({ kind: "natural" as const, personId: `lp${i}` }));
    assert.equal(count([org("entity", "fund")]).registration.holders, 1);
    const flagged = count([org("entity", "fund", { lookThrough: { basis: "evasion_spv", members } })]);
    assert.equal(flagged.registration.holders, 300);
    assert.deepEqual(flagged.lookThrough, { records: 1, members: 300 });
    // A member who also holds directly is still one person.
    const overlap = count([
      org("entity", "fund", { lookThrough: { basis: "evasion_spv", members } }),
      person("lp7"),
    ]);
    assert.equal(overlap.registration.holders, 300);
  });

  it("an omnibus custodian is one holder unless its voting-trust/deposit holders are looked through — (b)(1)", () => {
    const members = [
      { kind: "natural" as const, personId: "x", accreditation: ACCREDITED },
      { kind: "natural" as const, personId: "y" },
    ];
    assert.equal(count([org("omnibus", "broker")]).registration.holders, 1);
    const c = count([org("omnibus", "broker", { lookThrough: { basis: "voting_trust", members } })]);
    assert.deepEqual(c.registration, { holders: 2, nonAccredited: 1 });
  });

  it("§7 case 12: each unlinked wallet is one holder and one incident — (a)(1), (a)(5)", () => {
    const w1 = "0x00000000000000000000000000000000000000aa";
    const holders = [
      wallet(w1),
      wallet(w1.toUpperCase().replace("0X", "0x"), "ethereum"),
      wallet("0xbb"),
      wallet("0xcc"),
    ];
    const c = count(holders);
    assert.equal(c.registration.holders, 3); // the EVM address on two chains is one wallet by default
    assert.equal(c.unlinkedWallets, 3);
    assert.equal(c.registration.nonAccredited, 3); // no KYC, no accreditation
    assert.equal(count(holders, {}, { unlinkedWalletKey: "chain_and_address" }).registration.holders, 4);
    const report = assessTwelveG(input(holders));
    assert.equal(report.incidents.length, 3);
    assert.ok(report.incidents.every((i) => i.code === "UNLINKED_WALLET_BALANCE"));
    assert.equal(report.incidents.find((i) => i.address === w1)?.units, "6");
  });

  it("a record without units is no holder", () => {
    assert.equal(
      count([person("a", { lots: [] }), person("b", { lots: [lot(0n)] })]).registration.holders,
      0,
    );
  });
});

describe("exclusions (Rule 12g5-1(a)(7), (a)(8), Rule 12g-6)", () => {
  const plan = (rule701c: boolean, acquiredVia: "plan" | "plan_exchange" | "transfer" = "plan") =>
    lot(10n, { acquiredVia, rule701c, exemption: "rule_701" });

  it("plan securities held by the recipient are excluded from registration only with the 701(c) safe harbor", () => {
    assert.equal(count([person("e", { lots: [plan(true)] })]).registration.holders, 0);
    assert.equal(count([person("e", { lots: [plan(true, "plan_exchange")] })]).registration.holders, 0);
    assert.equal(count([person("e", { lots: [plan(false)] })]).registration.holders, 1);
    assert.equal(
      count([person("e", { lots: [plan(false)] })], {}, { planExclusionRequires701c: false }).registration
        .holders,
      0,
    );
    // A secondary purchaser of plan shares is counted.
    assert.equal(count([person("buyer", { lots: [plan(true, "transfer")] })]).registration.holders, 1);
    // An employee who also bought shares is counted.
    assert.equal(count([person("e", { lots: [plan(true), lot(1n)] })]).registration.holders, 1);
  });

  it("§7 case 14: the deregistration count keeps plan-only holders — 280 + 40 → 280 and 320", () => {
    const holders = [
      ...people(280),
      ...Array.from({ length: 40 }, (_, i) => person(`emp${i}`, { lots: [plan(true)] })),
    ];
    const c = count(holders);
    assert.equal(c.registration.holders, 280);
    assert.equal(c.deregistration.holders, 320);
    assert.deepEqual(c.excluded, { holders: 40, plan: 40, regCf: 0, regA: 0 });
  });

  it("Reg CF holders are excluded only while Rule 12g-6's conditions hold", () => {
    const holders = [...people(3), person("cf", { lots: [lot(5n, { exemption: "reg_cf" })] })];
    const ok = issuer({ regCf: { currentInAnnualReports: true } });
    assert.equal(count(holders, { issuer: ok }).registration.holders, 3);
    assert.equal(count(holders, { issuer: ok }).deregistration.holders, 3);
    assert.equal(
      count(holders, { issuer: ok }, { deregAppliesOfferingExclusions: false }).deregistration.holders,
      4,
    );
    assert.equal(
      count(holders, { issuer: { ...ok, regCf: { currentInAnnualReports: false } } }).registration.holders,
      4,
    );
    assert.equal(
      count(holders, { issuer: { ...ok, transferAgentRegistered: false } }).registration.holders,
      4,
    );
    assert.equal(count(holders, { issuer: issuer() }).registration.holders, 4); // no Reg CF facts: fail closed
  });

  it("Reg A Tier 2 holders are excluded only while Rule 12g5-1(a)(7)'s conditions hold", () => {
    const holders = [person("a"), person("ra", { lots: [lot(5n, { exemption: "reg_a_tier2" })] })];
    const regA = { currentInReports: true, publicFloatUsd: 70_000_000_00n };
    assert.equal(count(holders, { issuer: issuer({ regA }) }).registration.holders, 1);
    const noFloat = { currentInReports: true, publicFloatUsd: null, annualRevenueUsd: 60_000_000_00n };
    // Over the revenue test with no float and no transition on file: the transition starts at this FYE — still excluded.
    assert.equal(count(holders, { issuer: issuer({ regA: noFloat }) }).registration.holders, 1);
    const lapsed = { ...noFloat, ineligibleSinceFye: "2022-12-31" };
    assert.equal(count(holders, { issuer: issuer({ regA: lapsed }) }).registration.holders, 2);
    assert.equal(
      count(holders, { issuer: issuer({ regA: { ...regA, currentInReports: false } }) }).registration.holders,
      2,
    );
  });
});

describe("accreditation as of the fiscal-year end (Rule 12g-1(b)(1))", () => {
  const na = (accreditation: NonNullable<Parameters<typeof person>[1]>["accreditation"]) =>
    count([person("a", { accreditation })]).registration.nonAccredited;

  it("unknown, not accredited, expired by the FYE or verified only after it count as non-accredited", () => {
    assert.equal(na(ACCREDITED), 0);
    assert.equal(na(undefined), 1);
    assert.equal(na({ status: "unknown" }), 1);
    assert.equal(na({ status: "not_accredited" }), 1);
    assert.equal(na({ status: "accredited", expiresAt: FYE }), 1);
    assert.equal(na({ status: "accredited", expiresAt: "2026-01-01" }), 0);
    assert.equal(na({ status: "accredited", verifiedAt: "2026-01-05" }), 1);
  });

  it("is measured at the FYE even on an earlier as-of day (projected basis)", () => {
    const acc = { status: "accredited" as const, expiresAt: "2025-11-01" };
    const c = count([person("a", { accreditation: acc })], { asOf: "2025-10-01" });
    assert.equal(c.registration.nonAccredited, 1);
  });

  it("a person on several records is accredited only if every record says so", () => {
    const c = count([person("a", { accreditation: ACCREDITED }), person("a", { accreditation: undefined })]);
    assert.deepEqual(c.registration, { holders: 1, nonAccredited: 1 });
  });
});
