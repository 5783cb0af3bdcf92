/**
 * The two conditional exclusions from "held of record": Regulation Crowdfunding (Rule 12g-6) and Regulation A
 * Tier 2 (Rule 12g5-1(a)(7)). Each holds while its issuer conditions hold, survives for a transition period when
 * only the size limit is exceeded, and ends at once when a periodic report is missed.
 */
import { type CalendarDate, compareDates } from "../dates/index.ts";
import { transitionEnd } from "./fiscalYear.ts";
import type { TwelveGPolicy } from "./policy.ts";
import type { TwelveGRegAFacts, TwelveGRegCfFacts } from "./schemas.ts";

/**
 * - `ELIGIBLE`: conditions met, lots excluded.
 * - `TRANSITION`: only the size limit is exceeded and the transition runs — lots still excluded.
 * - `TRANSITION_TERMINATED`: a report was missed during a transition (12g-6(b)) — not excluded; register in 120 days.
 * - `LOST`: a condition fails (or facts are missing: fail closed) — not excluded.
 */
export type OfferingExclusionStatus = "ELIGIBLE" | "TRANSITION" | "TRANSITION_TERMINATED" | "LOST";

/** Why an exclusion is at risk (RED, §1.6). */
export type TwelveGExclusionRisk =
  | "FACTS_MISSING"
  | "SIZE_LIMIT_EXCEEDED"
  | "SIZE_UNKNOWN"
  | "REPORTS_NOT_CURRENT"
  | "TRANSFER_AGENT_NOT_REGISTERED";

export type OfferingExclusion = {
  offering: "reg_cf" | "reg_a_tier2";
  status: OfferingExclusionStatus;
  /** Lots of this offering are dropped from the registration count. */
  excluded: boolean;
  risks: TwelveGExclusionRisk[];
  ineligibleSinceFye?: CalendarDate;
  transitionEnd?: CalendarDate;
  /** Day a periodic report was missed (starts the 120-day clock after a terminated transition). */
  reportLapsedOn?: CalendarDate;
};

type Common = {
  current: boolean;
  transferAgentRegistered: boolean;
  /** undefined = unknown: treated as over the limit. */
  withinSizeLimit: boolean | undefined;
  ineligibleSinceFye: CalendarDate | undefined;
  reportLapsedOn: CalendarDate | undefined;
  transitionYears: number;
};

/**
 * Rule 12g-6: Reg CF securities are excluded if the issuer (1) is current in its §227.202 annual reports, (2) had
 * total assets ≤ $25M at the end of its last completed FY, and (3) has engaged a registered transfer agent.
 * `assetsCents` undefined = unknown (fail closed).
 *
 * @example
 * assessRegCfExclusion({ currentInAnnualReports: true }, { fiscalYearEnd: "2025-12-31",
 *   assetsCents: usdCents(5_000_000), transferAgentRegistered: true }, policy).status; // "ELIGIBLE"
 */
export function assessRegCfExclusion(
  facts: TwelveGRegCfFacts | undefined,
  at: { fiscalYearEnd: CalendarDate; assetsCents: bigint | undefined; transferAgentRegistered: boolean },
  policy: Pick<TwelveGPolicy, "regCf">,
): OfferingExclusion {
  if (facts === undefined)
    return { offering: "reg_cf", status: "LOST", excluded: false, risks: ["FACTS_MISSING"] };
  return assess("reg_cf", at.fiscalYearEnd, {
    current: facts.currentInAnnualReports,
    transferAgentRegistered: at.transferAgentRegistered,
    withinSizeLimit: at.assetsCents === undefined ? undefined : at.assetsCents <= policy.regCf.assetsCents,
    ineligibleSinceFye: facts.ineligibleSinceFye,
    reportLapsedOn: facts.reportLapsedOn,
    transitionYears: policy.regCf.transitionYears,
  });
}

/**
 * Rule 12g5-1(a)(7): Reg A Tier 2 securities are excluded if the issuer is current in its Rule 257(b) reports, has a
 * registered transfer agent, and had a public float < $75M (or, with no float, annual revenues < $50M).
 *
 * @example
 * assessRegAExclusion({ currentInReports: true, publicFloatUsd: usdCents(80_000_000) },
 *   { fiscalYearEnd: "2025-12-31", transferAgentRegistered: true }, policy).status; // "TRANSITION"
 */
export function assessRegAExclusion(
  facts: TwelveGRegAFacts | undefined,
  at: { fiscalYearEnd: CalendarDate; transferAgentRegistered: boolean },
  policy: Pick<TwelveGPolicy, "regA">,
): OfferingExclusion {
  if (facts === undefined)
    return { offering: "reg_a_tier2", status: "LOST", excluded: false, risks: ["FACTS_MISSING"] };
  const within =
    facts.publicFloatUsd !== null
      ? facts.publicFloatUsd < policy.regA.publicFloatCents
      : facts.annualRevenueUsd === undefined
        ? undefined
        : facts.annualRevenueUsd < policy.regA.revenueCents;
  return assess("reg_a_tier2", at.fiscalYearEnd, {
    current: facts.currentInReports,
    transferAgentRegistered: at.transferAgentRegistered,
    withinSizeLimit: within,
    ineligibleSinceFye: facts.ineligibleSinceFye,
    reportLapsedOn: facts.reportLapsedOn,
    transitionYears: policy.regA.transitionYears,
  });
}

function assess(offering: OfferingExclusion["offering"], fye: CalendarDate, c: Common): OfferingExclusion {
  const risks: TwelveGExclusionRisk[] = [];
  if (c.withinSizeLimit === false) risks.push("SIZE_LIMIT_EXCEEDED");
  if (c.withinSizeLimit === undefined) risks.push("SIZE_UNKNOWN");
  if (!c.current) risks.push("REPORTS_NOT_CURRENT");
  if (!c.transferAgentRegistered) risks.push("TRANSFER_AGENT_NOT_REGISTERED");
  const base = {
    offering,
    risks,
    ...(c.reportLapsedOn === undefined ? {} : { reportLapsedOn: c.reportLapsedOn }),
  };
  if (c.withinSizeLimit === true && c.current && c.transferAgentRegistered)
    return { ...base, status: "ELIGIBLE", excluded: true };
  // Only the size test failing opens the transition; it starts at the FYE of first ineligibility — the measured FYE
  // unless an earlier one is on file.
  const since = c.ineligibleSinceFye ?? (c.withinSizeLimit !== true ? fye : undefined);
  const end = since === undefined ? undefined : transitionEnd(since, c.transitionYears);
  const running =
    end !== undefined && since !== undefined && compareDates(since, fye) <= 0 && compareDates(fye, end) <= 0;
  const dated = {
    ...base,
    ...(since ? { ineligibleSinceFye: since } : {}),
    ...(end ? { transitionEnd: end } : {}),
  };
  if (running && c.transferAgentRegistered && c.current)
    return { ...dated, status: "TRANSITION", excluded: true };
  // 12g-6(b): the transition "terminates immediately upon a failure … to timely file" a periodic report.
  if (running && !c.current && c.ineligibleSinceFye !== undefined)
    return { ...dated, status: "TRANSITION_TERMINATED", excluded: false };
  return { ...dated, status: "LOST", excluded: false };
}
