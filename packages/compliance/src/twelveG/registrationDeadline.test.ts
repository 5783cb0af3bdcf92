import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addDays, daysBetween, fromDayNumber, toDayNumber } from "../dates/index.ts";
import { fiscalYearEndAfter, lastCompletedFiscalYearEnds, transitionEnd } from "./fiscalYear.ts";
import { resolveTwelveGPolicy } from "./policy.ts";
import { registrationDeadline, registrationSchedule } from "./registrationDeadline.ts";

describe("Form 10 deadline (§12(g)(1): FYE + 120 days)", () => {
  it("§7 case 21 vectors", () => {
    assert.equal(registrationDeadline("2025-12-31"), "2026-04-30");
    assert.equal(registrationDeadline("2023-12-31"), "2024-04-29");
    assert.equal(registrationDeadline("2025-06-30"), "2025-10-28");
  });

  it("is always 120 calendar days unless the policy rolls to a business day", () => {
    const anyDate = fc
      .integer({ min: toDayNumber("2000-01-01"), max: toDayNumber("2090-12-31") })
      .map(fromDayNumber);
    fc.assert(fc.property(anyDate, (fye) => assert.equal(daysBetween(fye, registrationDeadline(fye)), 120)));
    const roll = resolveTwelveGPolicy({ rollDeadlineToBusinessDay: true });
    // FYE 2026-03-31 + 120 = 2026-07-29 (Wednesday) stays; FYE 2025-03-06 + 120 = 2025-07-04 (holiday) → 07-07.
    assert.equal(registrationDeadline("2026-03-31", roll), "2026-07-29");
    assert.equal(registrationDeadline("2025-03-06"), "2025-07-04");
    assert.equal(registrationDeadline("2025-03-06", roll), "2025-07-07");
  });

  it("reminders at D-60, D-30 and D-7, the current one and the next", () => {
    const early = registrationSchedule("2026-04-30", "2026-01-15");
    assert.deepEqual(
      early.reminders.map((r) => [r.daysBefore, r.date, r.due]),
      [
        [60, "2026-03-01", false],
        [30, "2026-03-31", false],
        [7, "2026-04-23", false],
      ],
    );
    assert.equal(early.current, undefined);
    assert.equal(early.next?.daysBefore, 60);
    const mid = registrationSchedule("2026-04-30", "2026-03-31");
    assert.equal(mid.current?.daysBefore, 30);
    assert.equal(mid.next?.daysBefore, 7);
    assert.equal(mid.daysLeft, 30);
    const late = registrationSchedule("2026-04-30", "2026-05-01");
    assert.equal(late.overdue, true);
    assert.equal(late.current, undefined);
    assert.equal(late.daysLeft, -1);
    const custom = registrationSchedule(
      "2026-04-30",
      "2026-04-16",
      resolveTwelveGPolicy({ reminderDaysBefore: [14, 90] }),
    );
    assert.deepEqual(
      custom.reminders.map((r) => r.daysBefore),
      [90, 14],
    );
    assert.equal(custom.current?.daysBefore, 14);
  });

  it("the current reminder is the latest whose day has come", () => {
    const anyDay = fc.integer({ min: -200, max: 10 });
    fc.assert(
      fc.property(anyDay, (offset) => {
        const asOf = addDays("2026-04-30", offset);
        const s = registrationSchedule("2026-04-30", asOf);
        const due = s.reminders.filter((r) => r.date <= asOf);
        assert.equal(s.current?.daysBefore, offset > 0 ? undefined : due[due.length - 1]?.daysBefore);
      }),
    );
  });
});

describe("fiscal years", () => {
  it("keeps month-end fiscal years at month end, and the transition ends on the penultimate day", () => {
    assert.equal(fiscalYearEndAfter("2024-02-29", 1), "2025-02-28");
    assert.equal(fiscalYearEndAfter("2023-02-28", 1), "2024-02-29");
    assert.equal(fiscalYearEndAfter("2025-09-27", 2), "2027-09-27");
    assert.equal(transitionEnd("2025-12-31", 2), "2027-12-30");
    assert.equal(transitionEnd("2023-02-28", 1), "2024-02-28");
  });

  it("lists the last completed FYEs: the measured one counts only once reached", () => {
    assert.deepEqual(lastCompletedFiscalYearEnds("2025-12-31", "2025-12-31", 3), [
      "2025-12-31",
      "2024-12-31",
      "2023-12-31",
    ]);
    assert.deepEqual(lastCompletedFiscalYearEnds("2025-06-30", "2025-01-10", 2), [
      "2024-06-30",
      "2023-06-30",
    ]);
  });
});
