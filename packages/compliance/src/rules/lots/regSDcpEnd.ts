/**
 * Regulation S distribution compliance periods (compliance-rules §2.10; Rule 903(b)).
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import { addDaysUnchecked, addMonthsUnchecked } from "../../dates/uncheckedDates.ts";
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";

type RegSTerms = {
  category: 1 | 2 | 3;
  securityType: "equity" | "debt";
  dcpStart: CalendarDate;
  issuerReporting: boolean;
  dcpEnd: CalendarDate | null;
};

/**
 * The first day after the distribution compliance period (transfers to US persons are barred while
 * `date < dcpEnd`): category 1 none (903(b)(1)); category 2 40 days (903(b)(2)); category 3 debt 40 days,
 * equity one year — six months for a reporting issuer (903(b)(3), 2008 amendment). An explicit `dcpEnd` wins.
 *
 * @example
 * regSDcpEnd({ category: 3, securityType: "equity", dcpStart: "2025-01-10", issuerReporting: false, dcpEnd: null }, compilePolicy()); // "2026-01-10"
 */
export function regSDcpEnd(terms: RegSTerms, policy: CompiledPolicy): CalendarDate {
  if (terms.dcpEnd !== null) return terms.dcpEnd;
  const p = policy.regS;
  switch (terms.category) {
    case 1:
      return terms.dcpStart;
    case 2:
      return addDaysUnchecked(terms.dcpStart, p.category2Days);
    default:
      if (terms.securityType === "debt") return addDaysUnchecked(terms.dcpStart, p.category3DebtDays);
      return addMonthsUnchecked(
        terms.dcpStart,
        terms.issuerReporting ? p.category3EquityReportingMonths : p.category3EquityMonths,
        policy.monthOverflow,
      );
  }
}
