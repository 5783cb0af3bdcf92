/**
 * The alert levels of §1.6, from counts and issuer facts: GREEN, AMBER, RED, BREACH_PROVISIONAL, BREACH,
 * TRANSITION and DEREG_ELIGIBLE, each with the reasons that raised it. Thresholds come from the policy (defaults:
 * 2,000 / 500 / $10M; bands 75 % and 90 %).
 */
import { type CalendarDate, compareDates } from "../dates/index.ts";
import type { HolderIndex } from "./buildHolderIndex.ts";
import type { HolderCounts } from "./countHoldersOfRecord.ts";
import { lastCompletedFiscalYearEnds } from "./fiscalYear.ts";
import type { OfferingExclusion } from "./offeringExclusions.ts";
import {
  type RegistrationSchedule,
  registrationDueAfter,
  registrationSchedule,
} from "./registrationDeadline.ts";

/** Most severe last. */
export const twelveGAlertLevels = [
  "GREEN",
  "DEREG_ELIGIBLE",
  "AMBER",
  "RED",
  "TRANSITION",
  "BREACH_PROVISIONAL",
  "BREACH",
] as const;
export type TwelveGAlertLevel = (typeof twelveGAlertLevels)[number];

export type TwelveGAlertReason =
  | "HOLDERS_AMBER"
  | "NON_ACCREDITED_AMBER"
  | "HOLDERS_RED"
  | "NON_ACCREDITED_RED"
  | "REG_CF_EXCLUSION_AT_RISK"
  | "REG_A_EXCLUSION_AT_RISK"
  | "REG_CF_TRANSITION"
  | "REG_A_TRANSITION"
  | "REG_CF_TRANSITION_TERMINATED"
  | "REG_A_TRANSITION_TERMINATED"
  | "HOLDERS_THRESHOLD_MET"
  | "NON_ACCREDITED_THRESHOLD_MET"
  | "DEREG_HOLDERS_BELOW_LIMIT"
  | "DEREG_SMALL_ISSUER";

export type TwelveGClassification = {
  /** The most severe level that applies. */
  level: TwelveGAlertLevel;
  /** Every level that applies, most severe first, with its reasons. */
  levels: { level: TwelveGAlertLevel; reasons: TwelveGAlertReason[] }[];
  trigger: {
    holdersThresholdMet: boolean;
    /** Never for bank-like issuers (78l(g)(1)(B) has no non-accredited test). */
    nonAccreditedThresholdMet: boolean;
    /** `> $10M` (Rule 12g-1(a): the exemption is "not exceeding"); unknown assets count as over. */
    assetsOverThreshold: boolean;
    assetsKnown: boolean;
  };
  /** The registration case of a BREACH: Form 10 deadline and reminders. */
  registration?: RegistrationSchedule;
  /** Rule 12g-4(a), for a registered class. */
  deregistration?: { eligible: boolean; holders: number; reasons: TwelveGAlertReason[] };
};

/**
 * Classifies a class from its counts. Intra-year (projected basis) a crossing is BREACH_PROVISIONAL at most: 12(g)
 * is measured at the FYE (§0: it alerts; it blocks only through a configured cap). On the FYE basis, Rule 12g-1:
 * BREACH iff assets > $10M AND (N ≥ 2,000 OR NA ≥ 500) — Form 10 due FYE + 120 days. A Reg CF / Reg A transition
 * ended by a missed report (12g-6(b)) is a BREACH at once, due 120 days after the lapse.
 *
 * @example
 * const index = buildHolderIndex(input);
 * classifyTwelveG(index, countHoldersOfRecord(index)).level; // e.g. "AMBER"
 */
export function classifyTwelveG(index: HolderIndex, counts: HolderCounts): TwelveGClassification {
  const { policy, issuer } = index;
  const T = policy.thresholds;
  const N = counts.registration.holders;
  const NA = issuer.bankLike ? 0 : counts.registration.nonAccredited;
  const over = (x: number, threshold: number, pct: number) => x * 100 >= threshold * pct;
  const assetsKnown = index.assetsCents !== undefined;
  const trigger = {
    holdersThresholdMet: N >= T.holders,
    nonAccreditedThresholdMet: !issuer.bankLike && NA >= T.nonAccredited,
    assetsOverThreshold: index.assetsCents === undefined || index.assetsCents > T.assetsCents,
    assetsKnown,
  };
  const levels: { level: TwelveGAlertLevel; reasons: TwelveGAlertReason[] }[] = [];
  const add = (level: TwelveGAlertLevel, reasons: TwelveGAlertReason[]) => {
    if (reasons.length > 0) levels.push({ level, reasons });
  };

  if (issuer.registered) {
    // A registered class has nothing left to trigger; only Rule 12g-4 deregistration is of interest.
    const deregistration = assessDereg(index, counts.deregistration.holders);
    if (deregistration.eligible) add("DEREG_ELIGIBLE", deregistration.reasons);
    return finish(levels, trigger, { deregistration });
  }

  const { amber, red } = policy.alertPercent;
  add("AMBER", [
    ...(over(N, T.holders, amber) ? (["HOLDERS_AMBER"] as const) : []),
    ...(!issuer.bankLike && over(NA, T.nonAccredited, amber) ? (["NON_ACCREDITED_AMBER"] as const) : []),
  ]);
  const relevant = (e: OfferingExclusion) =>
    (e.offering === "reg_cf" ? index.stats.regCfLots : index.stats.regALots) > 0;
  const { regCf, regA } = index.exclusions;
  add("RED", [
    ...(over(N, T.holders, red) ? (["HOLDERS_RED"] as const) : []),
    ...(!issuer.bankLike && over(NA, T.nonAccredited, red) ? (["NON_ACCREDITED_RED"] as const) : []),
    ...(relevant(regCf) && regCf.risks.length > 0 ? (["REG_CF_EXCLUSION_AT_RISK"] as const) : []),
    ...(relevant(regA) && regA.risks.length > 0 ? (["REG_A_EXCLUSION_AT_RISK"] as const) : []),
  ]);
  add("TRANSITION", [
    ...(relevant(regCf) && regCf.status === "TRANSITION" ? (["REG_CF_TRANSITION"] as const) : []),
    ...(relevant(regA) && regA.status === "TRANSITION" ? (["REG_A_TRANSITION"] as const) : []),
  ]);

  const met: TwelveGAlertReason[] = [
    ...(trigger.holdersThresholdMet ? (["HOLDERS_THRESHOLD_MET"] as const) : []),
    ...(trigger.nonAccreditedThresholdMet ? (["NON_ACCREDITED_THRESHOLD_MET"] as const) : []),
  ];
  const terminated = [regCf, regA].filter((e) => relevant(e) && e.status === "TRANSITION_TERMINATED");
  const deadlines: CalendarDate[] = [];
  if (met.length > 0 && trigger.assetsOverThreshold) {
    if (index.basis === "fye") deadlines.push(registrationDueAfter(index.fiscalYearEnd, policy));
    // Rule 12g-6(b): after a missed report the transition ends at once and registration is due within 120 days.
    for (const e of terminated) deadlines.push(registrationDueAfter(e.reportLapsedOn ?? index.asOf, policy));
  }
  if (deadlines.length > 0) {
    const reasons = [
      ...met,
      ...terminated.map(
        (e): TwelveGAlertReason =>
          e.offering === "reg_cf" ? "REG_CF_TRANSITION_TERMINATED" : "REG_A_TRANSITION_TERMINATED",
      ),
    ];
    add("BREACH", reasons);
    const deadline = deadlines.reduce((a, b) => (compareDates(a, b) <= 0 ? a : b));
    return finish(levels, trigger, { registration: registrationSchedule(deadline, index.asOf, policy) });
  }
  if (met.length > 0 && trigger.assetsOverThreshold) add("BREACH_PROVISIONAL", met);
  return finish(levels, trigger, {});
}

/**
 * Rule 12g-4(a): eligible with (1) fewer than 300 holders (1,200 bank-like), or (2) fewer than 500 holders and total
 * assets not exceeding $10M on the last day of each of the three most recent fiscal years (a missing year fails).
 */
function assessDereg(
  index: HolderIndex,
  holders: number,
): NonNullable<TwelveGClassification["deregistration"]> {
  const d = index.policy.dereg;
  const reasons: TwelveGAlertReason[] = [];
  if (holders < (index.issuer.bankLike ? d.holdersBankLike : d.holders))
    reasons.push("DEREG_HOLDERS_BELOW_LIMIT");
  const fyes = lastCompletedFiscalYearEnds(index.fiscalYearEnd, index.asOf, d.years);
  const small = fyes.every((f) => {
    const a = index.issuer.totalAssets.find((x) => x.fiscalYearEnd === f);
    return a !== undefined && a.usd <= d.assetsCents;
  });
  if (holders < d.holdersSmallIssuer && small) reasons.push("DEREG_SMALL_ISSUER");
  return { eligible: reasons.length > 0, holders, reasons };
}

function finish(
  levels: TwelveGClassification["levels"],
  trigger: TwelveGClassification["trigger"],
  extra: Pick<TwelveGClassification, "registration" | "deregistration">,
): TwelveGClassification {
  const sorted = levels.sort(
    (a, b) => twelveGAlertLevels.indexOf(b.level) - twelveGAlertLevels.indexOf(a.level),
  );
  return { level: sorted[0]?.level ?? "GREEN", levels: sorted, trigger, ...extra };
}
