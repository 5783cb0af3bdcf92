/**
 * Business days for SEC deadlines: Monday to Friday, except the US federal holidays (5 U.S.C. 6103) as observed —
 * a holiday on a Saturday is observed the Friday before, one on a Sunday the Monday after (Executive Order 11582).
 * Rule 503(a)(1): a Form D due on "a Saturday, Sunday or holiday" is due the next business day.
 */
import {
  addDays,
  type CalendarDate,
  dayOfWeek,
  fromDayNumber,
  parseCalendarDate,
  toDayNumber,
} from "./calendarDate.ts";

/** The date of the `n`-th (1-based) `weekday` (0 = Sunday) of a month, or the last one when `n` is -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): CalendarDate {
  if (n === -1) {
    const last =
      toDayNumber(`${year}-${String(month).padStart(2, "0")}-01`) -
      1 +
      new Date(Date.UTC(year, month, 0)).getUTCDate();
    const back = (dayOfWeek(fromDayNumber(last)) - weekday + 7) % 7;
    return fromDayNumber(last - back);
  }
  const first = toDayNumber(`${year}-${String(month).padStart(2, "0")}-01`);
  const ahead = (weekday - dayOfWeek(fromDayNumber(first)) + 7) % 7;
  return fromDayNumber(first + ahead + (n - 1) * 7);
}

function fixed(year: number, month: number, day: number): CalendarDate {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A fixed-date holiday moved off the weekend: Saturday → Friday before, Sunday → Monday after. */
function observed(date: CalendarDate): CalendarDate {
  const dow = dayOfWeek(date);
  return dow === 6 ? addDays(date, -1) : dow === 0 ? addDays(date, 1) : date;
}

/**
 * The US federal holidays observed in `year` (sorted), each with its name. New Year's Day of the next year observed
 * on December 31st (when January 1st is a Saturday) belongs to `year`'s list. Juneteenth counts from 2021.
 *
 * @example
 * listFederalHolidays(2025).find((h) => h.name === "Independence Day")?.date; // "2025-07-04"
 */
export function listFederalHolidays(year: number): { date: CalendarDate; name: string }[] {
  const list = [
    { date: observed(fixed(year, 1, 1)), name: "New Year's Day" },
    { date: nthWeekday(year, 1, 1, 3), name: "Birthday of Martin Luther King, Jr." },
    { date: nthWeekday(year, 2, 1, 3), name: "Washington's Birthday" },
    { date: nthWeekday(year, 5, 1, -1), name: "Memorial Day" },
    ...(year >= 2021
      ? [{ date: observed(fixed(year, 6, 19)), name: "Juneteenth National Independence Day" }]
      : []),
    { date: observed(fixed(year, 7, 4)), name: "Independence Day" },
    { date: nthWeekday(year, 9, 1, 1), name: "Labor Day" },
    { date: nthWeekday(year, 10, 1, 2), name: "Columbus Day" },
    { date: observed(fixed(year, 11, 11)), name: "Veterans Day" },
    { date: nthWeekday(year, 11, 4, 4), name: "Thanksgiving Day" },
    { date: observed(fixed(year, 12, 25)), name: "Christmas Day" },
    { date: observed(fixed(year + 1, 1, 1)), name: "New Year's Day" },
  ];
  // January 1st on a Saturday is observed in the previous year; keep each observed date in its own year.
  return list.filter((h) => h.date.startsWith(`${year}-`)).sort((a, b) => (a.date < b.date ? -1 : 1));
}

const cache = new Map<number, Set<CalendarDate>>();

/** True when `date` is an observed US federal holiday. */
export function isFederalHoliday(date: CalendarDate): boolean {
  const { year } = parseCalendarDate(date);
  let set = cache.get(year);
  if (set === undefined) {
    set = new Set(listFederalHolidays(year).map((h) => h.date));
    cache.set(year, set);
  }
  return set.has(date);
}

/** True for Monday–Friday that is not a federal holiday. */
export function isBusinessDay(date: CalendarDate): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !isFederalHoliday(date);
}

/** `date` itself when it is a business day, else the next business day after it. */
export function rollToBusinessDay(date: CalendarDate): CalendarDate {
  let d = date;
  while (!isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

/** The `n`-th business day after `date` (n ≥ 1; `date` itself is not counted): "within 10 business days". */
export function addBusinessDays(date: CalendarDate, n: number): CalendarDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isBusinessDay(d)) left--;
  }
  return d;
}
