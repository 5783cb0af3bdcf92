import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ReasonCode } from "@coinscious/core";
import { reportOf } from "./assessTwelveG.ts";
import { buildHolderIndex } from "./buildHolderIndex.ts";
import { countHoldersOfRecord } from "./countHoldersOfRecord.ts";
import { TwelveGTradeError } from "./errors.ts";
import type { TwelveGPolicyOverrides } from "./policy.ts";
import { projectHolderCapDelta } from "./projectHolderCapDelta.ts";
import type { TwelveGHolderRecord, TwelveGProposedTrade } from "./schemas.ts";
import { ACCREDITED, input, issuer, lot, org, people, person } from "./testFixtures.ts";

const nat = (personId: string, accreditation?: typeof ACCREDITED) => ({
  kind: "natural" as const,
  personId,
  accreditation,
});
const index = (h: TwelveGHolderRecord[], policy?: TwelveGPolicyOverrides) =>
  buildHolderIndex(input(h), policy);
const trade = (
  from: string | undefined,
  to: string,
  qty = 100n,
  acc?: typeof ACCREDITED,
): TwelveGProposedTrade => ({
  ...(from === undefined ? {} : { from: nat(from) }),
  to: nat(to, acc),
  lots: [lot(qty)],
});

describe("pre-trade holder-cap delta (§1.6, H-11)", () => {
  it("§7 case 16: 1,999 → 2,000 via a new holder — DENY 110 with a 1,999 cap; without a cap ALLOW and alert", () => {
    const holders = people(1999, "p", ACCREDITED);
    const capped = index(holders, { holderCap: { holders: 1999 } });
    const d = projectHolderCapDelta(capped, trade("p0", "new", 10n, ACCREDITED));
    assert.equal(d.delta.holders, 1);
    assert.equal(d.decision, "DENY");
    assert.deepEqual(d.reasons, [{ code: ReasonCode.HOLDER_LIMIT_TOTAL, name: "HOLDER_LIMIT_TOTAL" }]);
    const open = index(holders);
    const allowed = projectHolderCapDelta(open, trade("p0", "new", 10n, ACCREDITED));
    assert.equal(allowed.decision, "ALLOW");
    assert.equal(allowed.crosses.holders, true);
    // The counts after the trade raise the intra-year alert (assets $12M).
    const after = reportOf(open, { ...countHoldersOfRecord(open), registration: allowed.after });
    assert.equal(after.level, "BREACH_PROVISIONAL");
  });

  it("§7 case 18: a full exit to a new entrant is Δ = 0 — ALLOW even at the cap", () => {
    const capped = index(people(1999, "p", ACCREDITED), { holderCap: { holders: 1999 } });
    const d = projectHolderCapDelta(capped, trade("p0", "new", 100n, ACCREDITED));
    assert.equal(d.delta.holders, 0);
    assert.equal(d.decision, "ALLOW");
  });

  it("transfers between existing holders never change N; an exit to an existing holder lowers it", () => {
    const idx = index(people(10));
    assert.equal(projectHolderCapDelta(idx, trade("p0", "p1", 40n)).delta.holders, 0);
    assert.equal(projectHolderCapDelta(idx, trade("p0", "p1", 100n)).delta.holders, -1);
  });

  it("ΔNA follows the recipient's accreditation at the FYE; DENY 111 above the non-accredited cap", () => {
    const idx = index([...people(499, "n"), ...people(5, "a", ACCREDITED)], {
      holderCap: { nonAccredited: 499 },
    });
    const toUnknown = projectHolderCapDelta(idx, trade("a0", "stranger", 1n));
    assert.deepEqual(toUnknown.delta, { holders: 1, nonAccredited: 1, deregHolders: 1 });
    assert.deepEqual(
      toUnknown.reasons.map((r) => r.code),
      [ReasonCode.HOLDER_LIMIT_NON_ACCREDITED],
    );
    const toAccredited = projectHolderCapDelta(idx, trade("a0", "stranger", 1n, ACCREDITED));
    assert.equal(toAccredited.delta.nonAccredited, 0);
    assert.equal(toAccredited.decision, "ALLOW");
  });

  it("an issuance adds a holder; plan shares issued under 701(c) add none; sold on, they do", () => {
    const idx = index(people(3));
    assert.equal(projectHolderCapDelta(idx, trade(undefined, "new")).delta.holders, 1);
    const planLot = lot(10n, { acquiredVia: "plan", rule701c: true });
    assert.equal(projectHolderCapDelta(idx, { to: nat("emp"), lots: [planLot] }).delta.holders, 0);
    const withEmp = index([...people(3), person("emp", { lots: [planLot] })]);
    const resale = projectHolderCapDelta(withEmp, { from: nat("emp"), to: nat("buyer"), lots: [planLot] });
    assert.deepEqual(resale.delta, { holders: 1, nonAccredited: 1, deregHolders: 0 });
  });

  it("Reg CF units keep their exclusion in the recipient's hands (Rule 12g-6)", () => {
    const cfLot = lot(5n, { exemption: "reg_cf" });
    const h = [person("a", { lots: [cfLot] }), ...people(2)];
    const idx = buildHolderIndex(input(h, { issuer: issuer({ regCf: { currentInAnnualReports: true } }) }));
    assert.equal(
      projectHolderCapDelta(idx, { from: nat("a"), to: nat("b"), lots: [cfLot] }).delta.holders,
      0,
    );
  });

  it("a look-through SPV receiving units adds its members", () => {
    const members = [nat("m1"), nat("m2"), nat("p0")];
    const idx = index(people(3));
    const d = projectHolderCapDelta(idx, {
      from: nat("p1"),
      to: { kind: "entity", partyId: "spv", lookThrough: { basis: "evasion_spv", members } },
      lots: [lot(1n)],
    });
    assert.equal(d.delta.holders, 2); // m1, m2 new; p0 already counted
    const spv = index([org("entity", "spv", { lookThrough: { basis: "evasion_spv", members } })]);
    const out = projectHolderCapDelta(spv, {
      from: { kind: "entity", partyId: "spv" },
      to: nat("x"),
      lots: [lot(100n)],
    });
    assert.equal(out.delta.holders, -2);
  });

  it("refuses a sender that is no holder or sends more than it holds", () => {
    const idx = index(people(2));
    assert.throws(() => projectHolderCapDelta(idx, trade("ghost", "p1")), TwelveGTradeError);
    assert.throws(
      () => projectHolderCapDelta(idx, trade("p0", "p1", 101n)),
      (e: TwelveGTradeError) => e.code === "TWELVE_G_TRADE_INVALID",
    );
  });
});
