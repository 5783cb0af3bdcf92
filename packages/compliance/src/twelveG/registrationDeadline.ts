/**
 * The Form 10 deadline of §12(g)(1) and the operator reminders of §1.6 (D-60, D-30, D-7).
 */
import { addDays, type CalendarDate, compareDates, daysBetween, rollToBusinessDay } from "../dates/index.ts";
import { defaultTwelveGPolicy, type TwelveGPolicy } from "./policy.ts";

/**
 * §12(g)(1) (15 U.S.C. 78l(g)(1)): the registration statement is due "within 120 days after the last day of the
 * first fiscal year" on which the thresholds are met — calendar days. Rolled to the next business day only if the
 * policy says so (off by default: the earlier date is never wrong).
 *
 * @example
 * registrationDeadline("2025-12-31"); // "2026-04-30"
 * registrationDeadline("2023-12-31"); // "2024-04-29" (leap year)
 */
export function registrationDeadline(
  fiscalYearEnd: CalendarDate,
  policy: Pick<TwelveGPolicy, "registrationDueDays" | "rollDeadlineToBusinessDay"> = defaultTwelveGPolicy,
): CalendarDate {
  return registrationDueAfter(fiscalYearEnd, policy);
}

/** `start` + the policy's due days (120), optionally rolled to a business day. Also used for 12g-6(b) lapses. */
export function registrationDueAfter(
  start: CalendarDate,
  policy: Pick<TwelveGPolicy, "registrationDueDays" | "rollDeadlineToBusinessDay">,
): CalendarDate {
  const due = addDays(start, policy.registrationDueDays);
  return policy.rollDeadlineToBusinessDay ? rollToBusinessDay(due) : due;
}

export type RegistrationReminder = {
  /** Days before the deadline (60, 30, 7 by default). */
  daysBefore: number;
  date: CalendarDate;
  /** The reminder's day has come (`date <= asOf`). */
  due: boolean;
};

export type RegistrationSchedule = {
  deadline: CalendarDate;
  /** Days from `asOf` to the deadline; negative once overdue. */
  daysLeft: number;
  overdue: boolean;
  reminders: RegistrationReminder[];
  /** The reminder to send now: the latest one whose day has come, before the deadline passes. */
  current: RegistrationReminder | undefined;
  /** The next reminder still to come. */
  next: RegistrationReminder | undefined;
};

/**
 * The deadline and reminders of a registration case, as seen on `asOf` (§1.6 BREACH: "deadline = FYE + 120 days;
 * alerts at D-60, D-30, D-7").
 *
 * @example
 * const s = registrationSchedule("2026-04-30", "2026-04-01");
 * s.current?.daysBefore; // 30 (D-30 was 2026-03-31)
 * s.next?.date; // "2026-04-23" (D-7)
 */
export function registrationSchedule(
  deadline: CalendarDate,
  asOf: CalendarDate,
  policy: Pick<TwelveGPolicy, "reminderDaysBefore"> = defaultTwelveGPolicy,
): RegistrationSchedule {
  const reminders = [...policy.reminderDaysBefore]
    .sort((a, b) => b - a)
    .map((daysBefore) => {
      const date = addDays(deadline, -daysBefore);
      return { daysBefore, date, due: compareDates(date, asOf) <= 0 };
    });
  const overdue = compareDates(asOf, deadline) > 0;
  const dueOnes = reminders.filter((r) => r.due);
  return {
    deadline,
    daysLeft: daysBetween(asOf, deadline),
    overdue,
    reminders,
    current: overdue ? undefined : dueOnes[dueOnes.length - 1],
    next: reminders.find((r) => !r.due),
  };
}
