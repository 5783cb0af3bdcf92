/**
 * Every restriction of one lot for one transfer (compliance-rules §2.11 step 6): stop order, Rule 144 holding
 * period (with 144(i) shell and 144(c) current information), Reg CF one-year lock and its exceptions, Reg S
 * distribution compliance period and Rule 905 flowback.
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import { addMonthsUnchecked } from "../../dates/uncheckedDates.ts";
import { type Reason, RULES } from "../catalogue.ts";
import type { Lot } from "../facts/transferFactsSchema.ts";
import type { LotContext } from "./lotContext.ts";
import { regSDcpEnd } from "./regSDcpEnd.ts";
import { holdingPeriodStart, rule144EligibleDate } from "./rule144.ts";

/** Receives each restriction a blocking lot fails; null when only the verdict is wanted (hot path). */
export type LotSink = ((reason: Reason, lot: Lot, eligibleOn?: CalendarDate) => void) | null;

/** Rule 144(a)(3): exemptions whose securities are restricted. Reg S is handled with Rule 905; Reg A and Reg CF are not. */
const RESTRICTED = new Set(["reg_d_506b", "reg_d_506c", "section_4a2", "rule_144a", "rule_701"]);

/**
 * True when `lot` may be used for the transfer; each failed restriction goes to `sink`.
 *
 * @example
 * checkLot(lot, lotContext(facts, policy), null); // false while a restricted lot is in its holding period
 */
export function checkLot(lot: Lot, ctx: LotContext, sink: LotSink): boolean {
  let ok = true;
  const fail = (r: string, eligibleOn?: CalendarDate) => {
    ok = false;
    sink?.(RULES[r] as Reason, lot, eligibleOn);
  };
  if (lot.stopOrder) fail("G-02-LOT");
  if (lot.exemption === "reg_cf") {
    if (!ctx.facts.to.isIssuer) checkRegCf(lot, ctx, fail); // 227.501(a)(1): to the issuer, always allowed
  } else if (ctx.redemption) {
    // A redemption to the issuer is not a resale: Rule 144 and Reg S restrictions do not apply (policy).
  } else if (lot.exemption === "reg_s") {
    checkRegS(lot, ctx, fail);
  } else if (RESTRICTED.has(lot.exemption) && ctx.facts.exemption === "rule_144") {
    check144(lot, ctx, fail, "R-01", "R-02");
  }
  return ok;
}

type Fail = (rule: string, eligibleOn?: CalendarDate) => void;

function check144(lot: Lot, ctx: LotContext, fail: Fail, reportingRule: string, otherRule: string): void {
  if (ctx.shell) fail("R-07"); // Rule 144(i)
  const eligible = rule144EligibleDate(lot, ctx.reporting, ctx.policy);
  if (eligible === null) {
    fail("R-03"); // 144(d)(1)(iii): not fully paid, the period has not started
    return;
  }
  if (ctx.date < eligible) {
    fail(ctx.reporting ? reportingRule : otherRule, eligible);
    return;
  }
  // 144(b)(1)(i): a non-affiliate of a reporting issuer needs current public information (144(c)) until one year.
  if (ctx.reporting && !ctx.facts.from.affiliate && !ctx.facts.issuer.currentInReports) {
    const start = holdingPeriodStart(lot) as CalendarDate;
    const free = addMonthsUnchecked(start, ctx.policy.rule144.freeResaleMonths, ctx.policy.monthOverflow);
    if (ctx.date < free) fail("R-01-CPI", free);
  }
}

function checkRegCf(lot: Lot, ctx: LotContext, fail: Fail): void {
  // 227.501(a): no transfer during the one-year period beginning when issued …
  const free = addMonthsUnchecked(lot.issueDate, ctx.policy.regCf.resaleLockMonths, ctx.policy.monthOverflow);
  if (ctx.date >= free) return;
  // … unless to an accredited investor (a)(2), in a registered offering (a)(3), or to family / a family trust /
  // on death or divorce (a)(4).
  if (ctx.toAccredited || ctx.facts.regCfException !== null) return;
  // §7 case 1: when the only exception was an accreditation that has expired, that is the specific reason (61).
  fail(ctx.toAccreditationExpired ? "C-01-ACCREDITATION" : "C-01", free);
}

function checkRegS(lot: Lot, ctx: LotContext, fail: Fail): void {
  const terms = lot.regS;
  if (terms === null) {
    fail("X-01"); // unreachable after parsing: a Reg S lot carries its terms
    return;
  }
  if (!ctx.toUs) return; // Rule 904: offshore resale to a non-US person, during or after the DCP
  const dcpEnd = regSDcpEnd(terms, ctx.policy);
  if (ctx.date < dcpEnd) {
    fail("X-01", dcpEnd); // Rule 903(b)(2)-(3)
    return;
  }
  // Rule 905: Reg S equity of a domestic issuer stays restricted; into the US it needs Rule 144 from acquisition.
  if (terms.securityType === "equity" && ctx.facts.issuer.domestic && ctx.facts.exemption === "rule_144")
    check144(lot, ctx, fail, "X-03", "X-03");
}
