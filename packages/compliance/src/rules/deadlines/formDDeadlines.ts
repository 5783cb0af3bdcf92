/**
 * Form D deadlines (compliance-rules §2.4; Rule 503, 17 CFR 230.503; D-07, D-08).
 */
import { rollToBusinessDay } from "../../dates/businessDays.ts";
import { addDays, addYears, type CalendarDate } from "../../dates/calendarDate.ts";
import { rollBackToBusinessDay } from "../../dates/previousBusinessDay.ts";
import { type CompiledPolicy, resolvePolicy } from "../../policy/compilePolicy.ts";
import type { PolicyInput } from "../../policy/policySchema.ts";

/**
 * The Form D due date (D-07, Rule 503(a)(1)): 15 calendar days after the date of first sale — the date the first
 * investor is irrevocably contractually committed — or, when that day is a Saturday, Sunday or federal holiday,
 * the next business day.
 *
 * @example
 * formDDueDate("2025-03-01"); // "2025-03-17" (day 15 is Sunday 2025-03-16)
 * formDDueDate("2025-06-20"); // "2025-07-07" (day 15 is Saturday 2025-07-05)
 */
export function formDDueDate(
  firstSaleDate: CalendarDate,
  policy: CompiledPolicy | PolicyInput = {},
): CalendarDate {
  const p = resolvePolicy(policy);
  return rollToBusinessDay(addDays(firstSaleDate, p.formD.daysAfterFirstSale));
}

/**
 * The annual Form D amendment due date (D-08, Rule 503(a)(3)(iii)): on or before the first anniversary of the
 * most recent filing while the offering continues; undefined once it has ended. An anniversary on a non-business
 * day rolls back (default, conservative), forward, or not at all, per policy.
 *
 * @example
 * findFormDAnnualAmendmentDue("2025-03-17", true); // "2026-03-17"
 * findFormDAnnualAmendmentDue("2025-03-17", false); // undefined
 */
export function findFormDAnnualAmendmentDue(
  lastFilingDate: CalendarDate,
  offeringContinuing: boolean,
  policy: CompiledPolicy | PolicyInput = {},
): CalendarDate | undefined {
  if (!offeringContinuing) return undefined;
  const p = resolvePolicy(policy);
  const anniversary = addYears(lastFilingDate, 1, p.monthOverflow);
  switch (p.formD.annualAmendmentRoll) {
    case "previous-business-day":
      return rollBackToBusinessDay(anniversary);
    case "next-business-day":
      return rollToBusinessDay(anniversary);
    default:
      return anniversary;
  }
}
