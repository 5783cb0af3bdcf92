/**
 * Calendar dates — the only kind of date a securities rule compares (compliance-rules §0): a day in the issuer's
 * time zone, written `YYYY-MM-DD`, with no time and no zone attached. Arithmetic works on a day number (days since
 * 1970-01-01, proleptic Gregorian), so it never meets daylight-saving time.
 */
import { CoinsciousError } from "@coinscious/core";

/** `YYYY-MM-DD`, a real date of years 1000–9999. */
export type CalendarDate = string;

/** A string that is not a real `YYYY-MM-DD` date, or a time zone the runtime does not know. */
export class InvalidDateError extends CoinsciousError {
  constructor(message: string) {
    super("INVALID_DATE", message);
  }
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Year, month (1–12) and day of a calendar date; throws {@link InvalidDateError} for anything else. */
export function parseCalendarDate(date: string): { year: number; month: number; day: number } {
  const m = PATTERN.exec(date);
  if (m === null) throw new InvalidDateError(`"${date}" is not a YYYY-MM-DD date`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    throw new InvalidDateError(`"${date}" is not a real date`);
  return { year, month, day };
}

/** True for a real `YYYY-MM-DD` date. */
export function isCalendarDate(date: unknown): date is CalendarDate {
  if (typeof date !== "string") return false;
  try {
    parseCalendarDate(date);
    return true;
  } catch {
    return false;
  }
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: CalendarDate): number {
  const { year, month, day } = parseCalendarDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The calendar date of a day number. */
export function fromDayNumber(dayNumber: number): CalendarDate {
  if (!Number.isInteger(dayNumber)) throw new InvalidDateError(`day number ${dayNumber} is not an integer`);
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** How month arithmetic treats a day that does not exist in the target month (the 31st, February 29th). */
export type MonthOverflow = "roll-forward" | "clamp";

/**
 * "N months after D" (§0): the same day of the month N months later. When that day does not exist, the project's
 * default rolls forward to the 1st of the following month (2025-08-31 + 6 months → 2026-03-01: a holding period
 * never ends early); `"clamp"` takes the month's last day instead (2026-02-28), for an issuer whose counsel reads
 * it so.
 *
 * @example
 * addMonths("2025-08-31", 6); // "2026-03-01"
 * addMonths("2025-08-31", 6, "clamp"); // "2026-02-28"
 */
export function addMonths(
  date: CalendarDate,
  months: number,
  overflow: MonthOverflow = "roll-forward",
): CalendarDate {
  if (!Number.isInteger(months)) throw new InvalidDateError(`${months} is not a whole number of months`);
  const { year, month, day } = parseCalendarDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const last = daysInMonth(y, m);
  if (day <= last) return format(y, m, day);
  return overflow === "clamp" ? format(y, m, last) : addDays(format(y, m, last), 1);
}

/** "N years after D": 12·N months, with the same overflow convention (a February 29th rolls to March 1st). */
export function addYears(
  date: CalendarDate,
  years: number,
  overflow: MonthOverflow = "roll-forward",
): CalendarDate {
  return addMonths(date, years * 12, overflow);
}

/** -1, 0 or 1 (ISO strings compare in date order, once both are known to be real dates). */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  parseCalendarDate(a);
  parseCalendarDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/**
 * The calendar date of an instant in a time zone (IANA name; default the project's `America/New_York`):
 * "today" for the issuer. Throws {@link InvalidDateError} for a zone the runtime does not know.
 *
 * @example
 * calendarDateAt(new Date("2026-01-01T03:00:00Z")); // "2025-12-31" in New York
 */
export function calendarDateAt(instant: Date | number, timeZone = "America/New_York"): CalendarDate {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(instant);
  } catch {
    throw new InvalidDateError(`unknown time zone "${timeZone}"`);
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return format(get("year"), get("month"), get("day"));
}

function format(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
