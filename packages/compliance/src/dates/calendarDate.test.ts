import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addBusinessDays, isBusinessDay, listFederalHolidays, rollToBusinessDay } from "./businessDays.ts";
import {
  addDays,
  addMonths,
  addYears,
  calendarDateAt,
  compareDates,
  dayOfWeek,
  daysBetween,
  fromDayNumber,
  InvalidDateError,
  isCalendarDate,
  toDayNumber,
} from "./calendarDate.ts";

const anyDate = fc
  .integer({ min: toDayNumber("1990-01-01"), max: toDayNumber("2100-12-31") })
  .map(fromDayNumber);

describe("calendar dates", () => {
  it("rejects what is not a real YYYY-MM-DD date", () => {
    for (const bad of [
      "2025-02-29",
      "2025-13-01",
      "2025-00-10",
      "2025-1-01",
      "20250101",
      "2024-04-31",
      "",
      "0999-01-01",
    ])
      assert.throws(() => toDayNumber(bad), InvalidDateError, bad);
    assert.equal(isCalendarDate("2024-02-29"), true);
    assert.equal(isCalendarDate("2023-02-29"), false);
    assert.equal(isCalendarDate(20240101), false);
  });

  it("month arithmetic rolls forward by default (§0) and clamps on request", () => {
    assert.equal(addMonths("2025-08-31", 6), "2026-03-01");
    assert.equal(addMonths("2025-08-31", 6, "clamp"), "2026-02-28");
    assert.equal(addMonths("2024-01-31", 1), "2024-03-01");
    assert.equal(addMonths("2024-01-31", 1, "clamp"), "2024-02-29");
    assert.equal(addMonths("2025-03-15", 6), "2025-09-15");
    assert.equal(addMonths("2025-03-15", -3), "2024-12-15");
    assert.equal(addYears("2024-02-29", 1), "2025-03-01");
    assert.equal(addYears("2024-02-29", 4), "2028-02-29");
    assert.equal(addMonths("2025-12-31", 2), "2026-03-01");
  });

  it("rolling forward never ends a period earlier than clamping, and never before the naive day count", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 48 }), (d, n) => {
        const roll = addMonths(d, n);
        const clamp = addMonths(d, n, "clamp");
        assert.ok(compareDates(roll, clamp) >= 0);
        assert.ok(daysBetween(clamp, roll) <= 3);
        assert.ok(daysBetween(d, clamp) >= n * 28);
      }),
    );
  });

  it("day numbers and day arithmetic agree", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        assert.equal(daysBetween(d, addDays(d, n)), n);
        assert.equal(fromDayNumber(toDayNumber(d)), d);
        assert.equal(dayOfWeek(addDays(d, 7 * n)), dayOfWeek(d));
      }),
    );
    assert.equal(dayOfWeek("2025-03-01"), 6); // Saturday
    assert.equal(dayOfWeek("1970-01-01"), 4); // Thursday
  });

  it("today is the issuer's calendar date, whatever the instant's UTC date", () => {
    assert.equal(calendarDateAt(new Date("2026-01-01T03:00:00Z")), "2025-12-31");
    assert.equal(calendarDateAt(new Date("2026-01-01T03:00:00Z"), "UTC"), "2026-01-01");
    assert.equal(calendarDateAt(new Date("2026-03-08T06:59:00Z")), "2026-03-08"); // DST starts that night
    assert.throws(() => calendarDateAt(0, "Mars/Olympus"), InvalidDateError);
  });
});

describe("business days (Rule 503(a)(1))", () => {
  it("lists the federal holidays as observed", () => {
    const names = (y: number) => listFederalHolidays(y).map((h) => `${h.date} ${h.name}`);
    assert.deepEqual(names(2025), [
      "2025-01-01 New Year's Day",
      "2025-01-20 Birthday of Martin Luther King, Jr.",
      "2025-02-17 Washington's Birthday",
      "2025-05-26 Memorial Day",
      "2025-06-19 Juneteenth National Independence Day",
      "2025-07-04 Independence Day",
      "2025-09-01 Labor Day",
      "2025-10-13 Columbus Day",
      "2025-11-11 Veterans Day",
      "2025-11-27 Thanksgiving Day",
      "2025-12-25 Christmas Day",
    ]);
    // 2022-01-01 was a Saturday: observed Friday 2021-12-31; 2026-07-04 is a Saturday: observed 2026-07-03.
    assert.ok(names(2021).includes("2021-12-31 New Year's Day"));
    assert.equal(names(2022)[0], "2022-01-17 Birthday of Martin Luther King, Jr.");
    assert.ok(names(2026).includes("2026-07-03 Independence Day"));
    assert.ok(names(2027).includes("2027-06-18 Juneteenth National Independence Day"));
    assert.ok(!names(2020).some((n) => n.includes("Juneteenth")));
  });

  it("Form D test vectors of §2.4: day 15 on a weekend rolls to the next business day", () => {
    assert.equal(rollToBusinessDay(addDays("2025-03-01", 15)), "2025-03-17");
    assert.equal(rollToBusinessDay(addDays("2025-06-20", 15)), "2025-07-07");
    assert.equal(rollToBusinessDay("2025-07-04"), "2025-07-07");
    assert.equal(rollToBusinessDay("2025-07-03"), "2025-07-03");
  });

  it("counts business days, skipping weekends and holidays", () => {
    assert.equal(addBusinessDays("2025-12-23", 2), "2025-12-26");
    assert.equal(addBusinessDays("2025-11-26", 1), "2025-11-28");
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 30 }), (d, n) => {
        const end = addBusinessDays(d, n);
        assert.ok(isBusinessDay(end));
        assert.ok(daysBetween(d, end) >= n && daysBetween(d, end) <= n * 2 + 6);
      }),
    );
  });
});
