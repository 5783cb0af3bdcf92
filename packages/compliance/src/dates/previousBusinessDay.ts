/**
 * Rolling a deadline back to a business day — for "on or before" deadlines that fall on a weekend or federal
 * holiday, when the issuer's counsel wants the filing made the business day before (EDGAR files on business days).
 */

import { isBusinessDay } from "./businessDays.ts";
import { addDays, type CalendarDate } from "./calendarDate.ts";

/**
 * `date` itself when it is a business day, else the last business day before it.
 *
 * @example
 * rollBackToBusinessDay("2025-07-04"); // "2025-07-03" (Independence Day)
 * rollBackToBusinessDay("2025-03-16"); // "2025-03-14" (a Sunday)
 */
export function rollBackToBusinessDay(date: CalendarDate): CalendarDate {
  let d = date;
  while (!isBusinessDay(d)) d = addDays(d, -1);
  return d;
}
