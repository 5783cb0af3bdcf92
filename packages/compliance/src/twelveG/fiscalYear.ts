/**
 * Fiscal-year arithmetic for 12(g): later fiscal-year ends and the "penultimate day of the fiscal year two years
 * after" of the Rule 12g-6 / 12g5-1(a)(7) transition periods.
 */
import {
  addDays,
  addYears,
  type CalendarDate,
  compareDates,
  daysInMonth,
  parseCalendarDate,
} from "../dates/index.ts";

/**
 * The fiscal-year end `years` later (negative = earlier). A fiscal year ending on the last day of its month keeps
 * ending on the last day of that month (a February FYE is the 28th or 29th as the year has it); any other FYE keeps
 * its day of month.
 *
 * @example
 * fiscalYearEndAfter("2024-02-29", 1); // "2025-02-28"
 * fiscalYearEndAfter("2025-06-30", 2); // "2027-06-30"
 */
export function fiscalYearEndAfter(fye: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = parseCalendarDate(fye);
  if (day === daysInMonth(year, month)) {
    const y = year + years;
    return `${String(y).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(daysInMonth(y, month)).padStart(2, "0")}`;
  }
  return addYears(fye, years, "clamp");
}

/**
 * Rule 12g-6(b) / 12g5-1(a)(7): a transition period "ends on the penultimate day of the fiscal year [N] years after"
 * the FYE at which the issuer became ineligible. Ending the day before that FYE means the FYE determination of that
 * year is no longer covered.
 *
 * @example
 * transitionEnd("2025-12-31", 2); // "2027-12-30"
 */
export function transitionEnd(ineligibleSinceFye: CalendarDate, years: number): CalendarDate {
  return addDays(fiscalYearEndAfter(ineligibleSinceFye, years), -1);
}

/**
 * The last `n` completed fiscal-year ends at `fye`, newest first: on the FYE basis the measured FYE itself counts
 * as completed; on the projected basis (before the FYE) it does not.
 *
 * @example
 * lastCompletedFiscalYearEnds("2025-12-31", "2025-06-01", 3); // ["2024-12-31", "2023-12-31", "2022-12-31"]
 */
export function lastCompletedFiscalYearEnds(
  fye: CalendarDate,
  asOf: CalendarDate,
  n: number,
): CalendarDate[] {
  const start = compareDates(asOf, fye) >= 0 ? 0 : 1;
  return Array.from({ length: n }, (_, i) => fiscalYearEndAfter(fye, -(start + i)));
}
