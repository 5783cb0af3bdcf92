/**
 * Allocation-light calendar arithmetic for the rules engine's hot path, on dates a schema has already validated:
 * no regular expression, no `Date` object. Same results as {@link addMonths} and {@link addDays} of
 * calendarDate.ts (a property test holds them equal); call those on anything not yet validated.
 */
import type { CalendarDate, MonthOverflow } from "./calendarDate.ts";

const TWO = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, "0"));
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : (DAYS[m - 1] as number));
const format = (y: number, m: number, d: number): CalendarDate => `${y}-${TWO[m]}-${TWO[d]}`;

/** Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (H. Hinnant's civil_from_days). */
function civilFromDays(n: number): CalendarDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return format(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/**
 * `date` + `months` with the §0 overflow convention, for an already-validated `YYYY-MM-DD` (years 1000–9999).
 *
 * @example
 * addMonthsUnchecked("2025-08-31", 6, "roll-forward"); // "2026-03-01"
 */
export function addMonthsUnchecked(
  date: CalendarDate,
  months: number,
  overflow: MonthOverflow,
): CalendarDate {
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const last = monthDays(y, m);
  if (day <= last) return format(y, m, day);
  if (overflow === "clamp") return format(y, m, last);
  return m === 12 ? format(y + 1, 1, 1) : format(y, m + 1, 1);
}

/**
 * `date` + `days`, for an already-validated `YYYY-MM-DD`.
 *
 * @example
 * addDaysUnchecked("2025-03-01", 15); // "2025-03-16"
 */
export function addDaysUnchecked(date: CalendarDate, days: number): CalendarDate {
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  return civilFromDays(daysFromCivil(year, month, day) + days);
}
