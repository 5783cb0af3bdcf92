/**
 * §1.6 steps 1–2: group every lot of the class under its record-holder key and split its units into those that
 * count for registration, those that count for deregistration, and those excluded (with the reason). One pass over
 * the holders; the counts ({@link countHoldersOfRecord}) and the pre-trade guard ({@link projectHolderCapDelta})
 * read the result.
 */
import { type CalendarDate, compareDates } from "../dates/index.ts";
import { isAccreditedAtFye } from "./accreditation.ts";
import {
  EXCLUSION_SHIFT,
  HAS_RECORD,
  HOLDS_DEREGISTRATION_UNITS,
  HOLDS_REGISTRATION_UNITS,
  HOLDS_UNITS,
  HolderKeyTable,
  NOT_ACCREDITED,
} from "./holderKeys.ts";
import { assessRegAExclusion, assessRegCfExclusion, type OfferingExclusion } from "./offeringExclusions.ts";
import { resolveTwelveGPolicy, type TwelveGPolicy, type TwelveGPolicyOverrides } from "./policy.ts";
import type { TwelveGHolderRecord, TwelveGInput, TwelveGIssuerFacts, TwelveGLot } from "./schemas.ts";

/** Exclusion reasons, as bits. */
export const EXCLUDED_PLAN = 1; // Rule 12g5-1(a)(8)
export const EXCLUDED_REG_CF = 2; // Rule 12g-6
export const EXCLUDED_REG_A = 4; // Rule 12g5-1(a)(7)

/** What decides whether a lot is excluded. */
export type TwelveGExclusionContext = {
  requires701c: boolean;
  regCfExcluded: boolean;
  regAExcluded: boolean;
  /** The bits that also drop units from the deregistration count (never the plan bit: 12g5-1(a)(8) is registration-only). */
  deregMask: number;
};

export type HolderIndex = {
  classId: string;
  asOf: CalendarDate;
  fiscalYearEnd: CalendarDate;
  /** `fye`: the snapshot is the FYE determination (asOf ≥ FYE); `projected`: an intra-year view of the coming FYE. */
  basis: "fye" | "projected";
  issuer: TwelveGIssuerFacts;
  /** Total assets (cents) for the 12(g) and Reg CF tests: the FYE figure, or the latest one on the projected basis; undefined = unknown. */
  assetsCents: bigint | undefined;
  exclusions: { regCf: OfferingExclusion; regA: OfferingExclusion };
  exclusionContext: TwelveGExclusionContext;
  policy: TwelveGPolicy;
  keys: HolderKeyTable;
  /** The records, and the key each was filed under: ≥ 0 a key, ≤ -2 the look-through list `-2 - k`. */
  holders: readonly TwelveGHolderRecord[];
  recordKey: Int32Array;
  lookThroughLists: number[][];
  /** Look-through holder (party id) → its members' keys, for the pre-trade guard. */
  lookThrough: Map<string, number[]>;
  stats: {
    records: number;
    lookThroughRecords: number;
    lookThroughMembers: number;
    regCfLots: number;
    regALots: number;
  };
};

/**
 * Builds the holder index of a class snapshot: one pass over the lots, setting per-key flags (no bigint
 * arithmetic — a key counts when it holds ≥ 1 unit, §1.6 step 2). Pure; the unit totals the pre-trade guard needs
 * are tallied later, once, by {@link tallyHolderUnits}.
 *
 * @example
 * const index = buildHolderIndex(parseTwelveGInput(json));
 * countHoldersOfRecord(index).registration.holders;
 */
export function buildHolderIndex(input: TwelveGInput, overrides?: TwelveGPolicyOverrides): HolderIndex {
  const policy = resolveTwelveGPolicy({ ...input.policy, ...overrides });
  const fye = input.fiscalYearEnd;
  const basis = compareDates(input.asOf, fye) >= 0 ? "fye" : "projected";
  const assetsCents = measuredAssets(input.issuer, fye, basis);
  const at = { fiscalYearEnd: fye, transferAgentRegistered: input.issuer.transferAgentRegistered };
  const regCf = assessRegCfExclusion(input.issuer.regCf, { ...at, assetsCents }, policy);
  const regA = assessRegAExclusion(input.issuer.regA, at, policy);
  const ctx: TwelveGExclusionContext = {
    requires701c: policy.planExclusionRequires701c,
    regCfExcluded: regCf.excluded,
    regAExcluded: regA.excluded,
    deregMask: policy.deregAppliesOfferingExclusions ? EXCLUDED_REG_CF | EXCLUDED_REG_A : 0,
  };
  const holders = input.holders;
  const keys = new HolderKeyTable(policy.unlinkedWalletKey, holders.length);
  const recordKey = new Int32Array(holders.length);
  const lookThroughLists: number[][] = [];
  const lookThrough = new Map<string, number[]>();
  const stats = {
    records: holders.length,
    lookThroughRecords: 0,
    lookThroughMembers: 0,
    regCfLots: 0,
    regALots: 0,
  };

  for (let i = 0; i < holders.length; i++) {
    const h = holders[i] as TwelveGHolderRecord;
    // Flags of the record: which kinds of units it holds (quantities are irrelevant to the count).
    let f = 0;
    const lots = h.lots;
    for (let j = 0; j < lots.length; j++) {
      const lot = lots[j] as TwelveGLot;
      if (lot.qty === 0n) continue;
      if (lot.exemption === "reg_cf") stats.regCfLots++;
      else if (lot.exemption === "reg_a_tier2") stats.regALots++;
      const b = lotExclusionBits(lot, ctx);
      f |= HOLDS_UNITS;
      if (b === 0) f |= HOLDS_REGISTRATION_UNITS | HOLDS_DEREGISTRATION_UNITS;
      else {
        f |= b << EXCLUSION_SHIFT;
        if ((b & ctx.deregMask) === 0) f |= HOLDS_DEREGISTRATION_UNITS;
      }
    }
    // §1.6: "a holder counts if it holds >= 1 non-excluded unit" — a record with no units (f = 0) is no holder, but
    // it still states the party's accreditation, which belongs to the party, not to a record.
    f |= HAS_RECORD;
    if (h.kind !== "natural" && h.kind !== "joint" && h.kind !== "unlinked_wallet" && h.lookThrough) {
      // Rule 12g5-1(b)(1) / (b)(3): the members are deemed the record holders, each of the whole position; the
      // holder itself is not counted.
      stats.lookThroughRecords++;
      const memberKeys: number[] = [];
      for (const m of h.lookThrough.members) {
        const k = keys.intern(m);
        memberKeys.push(k);
        keys.flags[k] =
          (keys.flags[k] as number) | f | (isAccreditedAtFye(m.accreditation, fye) ? 0 : NOT_ACCREDITED);
      }
      stats.lookThroughMembers += memberKeys.length;
      recordKey[i] = -2 - lookThroughLists.length;
      lookThroughLists.push(memberKeys);
      const prior = lookThrough.get(h.partyId);
      lookThrough.set(h.partyId, prior ? [...prior, ...memberKeys] : memberKeys);
      continue;
    }
    const k = keys.intern(h);
    recordKey[i] = k;
    // Accreditation as of the FYE (Rule 12g-1(b)(1)); a person on several records is accredited only if every record
    // says so (conservative). An unlinked wallet has no KYC, so no accreditation.
    const na = h.kind === "unlinked_wallet" || !isAccreditedAtFye(h.accreditation, fye) ? NOT_ACCREDITED : 0;
    keys.flags[k] = (keys.flags[k] as number) | f | na;
  }

  return {
    classId: input.classId,
    asOf: input.asOf,
    fiscalYearEnd: fye,
    basis,
    issuer: input.issuer,
    assetsCents,
    exclusions: { regCf, regA },
    exclusionContext: ctx,
    policy,
    keys,
    holders,
    recordKey,
    lookThroughLists,
    lookThrough,
    stats,
  };
}

/**
 * The exclusion bits of one lot (0 = it counts):
 * - Rule 12g5-1(a)(8): received under an employee compensation plan (or in exchange for such securities) by the
 *   holder itself, with the Rule 701(c) safe harbor asserted (unless the policy waives that); a secondary purchaser
 *   (`transfer`) is always counted;
 * - Rule 12g-6: Reg CF securities while the issuer meets its conditions or a transition runs — the exclusion
 *   follows the securities through later transfers;
 * - Rule 12g5-1(a)(7): likewise for Reg A Tier 2 securities.
 */
export function lotExclusionBits(lot: TwelveGLot, ctx: TwelveGExclusionContext): number {
  let b = 0;
  const via = lot.acquiredVia;
  if ((via === "plan" || via === "plan_exchange") && (lot.rule701c || !ctx.requires701c)) b |= EXCLUDED_PLAN;
  if (lot.exemption === "reg_cf") {
    if (ctx.regCfExcluded) b |= EXCLUDED_REG_CF;
  } else if (lot.exemption === "reg_a_tier2" && ctx.regAExcluded) b |= EXCLUDED_REG_A;
  return b;
}

/**
 * Total assets for the tests: on the FYE basis the figure at that FYE (Rule 12g-1: "on the last day of its most
 * recent fiscal year"); on the projected basis the latest figure known. Undefined when unknown — callers treat it
 * as the worst case.
 */
function measuredAssets(
  issuer: TwelveGIssuerFacts,
  fye: CalendarDate,
  basis: "fye" | "projected",
): bigint | undefined {
  if (basis === "fye") return issuer.totalAssets.find((a) => a.fiscalYearEnd === fye)?.usd;
  if (issuer.latestTotalAssetsUsd !== undefined) return issuer.latestTotalAssetsUsd;
  let latest: { fiscalYearEnd: string; usd: bigint } | undefined;
  for (const a of issuer.totalAssets) if (!latest || a.fiscalYearEnd > latest.fiscalYearEnd) latest = a;
  return latest?.usd;
}
