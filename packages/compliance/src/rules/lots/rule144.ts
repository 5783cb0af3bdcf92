/**
 * Rule 144 holding periods, per lot (compliance-rules §2.5; R-01 … ).
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import { addDaysUnchecked, addMonthsUnchecked } from "../../dates/uncheckedDates.ts";
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import type { TransferFacts } from "../facts/transferFactsSchema.ts";

type LotDates = {
  acquiredDate: CalendarDate;
  fullyPaidDate: CalendarDate | null;
  tackedFrom: { holdingStart: CalendarDate } | null;
};

/**
 * When the lot's holding period starts, or null while it is not fully paid.
 * Rule 144(d)(1)(iii): it starts when acquired from the issuer or an affiliate **and fully paid** (R-03);
 * Rule 144(d)(3): a lot received by gift, stock dividend, split, same-issuer conversion, trust, estate, pledge or
 * holding-company formation inherits its parent's start.
 *
 * @example
 * holdingPeriodStart({ acquiredDate: "2025-01-10", fullyPaidDate: "2025-03-10", tackedFrom: null }); // "2025-03-10"
 */
export function holdingPeriodStart(lot: LotDates): CalendarDate | null {
  if (lot.tackedFrom !== null) return lot.tackedFrom.holdingStart;
  if (lot.fullyPaidDate === null) return null;
  // ISO dates compare as strings: the later of acquisition and full payment.
  if (lot.fullyPaidDate > lot.acquiredDate) return lot.fullyPaidDate;
  return lot.acquiredDate;
}

/**
 * True when the issuer has been subject to §13/15(d) reporting for at least 90 days before the sale
 * (Rule 144(d)(1)(i)): the 6-month holding period applies, else one year.
 *
 * @example
 * isReportingFor144({ reportingSince: "2023-01-01" }, "2025-07-15", compilePolicy()); // true
 */
export function isReportingFor144(
  issuer: { reportingSince: CalendarDate | null },
  date: CalendarDate,
  policy: CompiledPolicy,
): boolean {
  return (
    issuer.reportingSince !== null &&
    addDaysUnchecked(issuer.reportingSince, policy.rule144.reportingSinceDays) <= date
  );
}

/**
 * The first date the lot may be resold under Rule 144, or null while not fully paid:
 * start + 6 months (reporting issuer, 144(d)(1)(i)) or + 12 months (non-reporting, 144(d)(1)(ii)), month overflow per
 * policy (§0: 2025-08-31 + 6 months → 2026-03-01).
 *
 * @example
 * rule144EligibleDate({ acquiredDate: "2025-08-31", fullyPaidDate: "2025-08-31", tackedFrom: null }, true, compilePolicy()); // "2026-03-01"
 */
export function rule144EligibleDate(
  lot: LotDates,
  reporting: boolean,
  policy: CompiledPolicy,
): CalendarDate | null {
  const start = holdingPeriodStart(lot);
  if (start === null) return null;
  const months = reporting ? policy.rule144.reportingIssuerMonths : policy.rule144.nonReportingIssuerMonths;
  return addMonthsUnchecked(start, months, policy.monthOverflow);
}

/**
 * True when Rule 144 is unavailable because the issuer is or was a shell company (Rule 144(i)(1)) and the
 * 144(i)(2) conditions are not met: 12 months since "Form 10 information" and current in its reports.
 *
 * @example
 * isShell144Unavailable({ shellCompany: true, form10InfoDate: null, currentInReports: true }, "2025-01-01", compilePolicy()); // true
 */
export function isShell144Unavailable(
  issuer: Pick<TransferFacts["issuer"], "shellCompany" | "form10InfoDate" | "currentInReports">,
  date: CalendarDate,
  policy: CompiledPolicy,
): boolean {
  if (!issuer.shellCompany) return false;
  if (issuer.form10InfoDate === null || !issuer.currentInReports) return true;
  return (
    date < addMonthsUnchecked(issuer.form10InfoDate, policy.rule144.shellWaitMonths, policy.monthOverflow)
  );
}
