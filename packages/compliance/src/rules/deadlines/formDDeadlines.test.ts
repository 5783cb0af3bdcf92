import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isBusinessDay } from "../../dates/businessDays.ts";
import { addDays, daysBetween, fromDayNumber, toDayNumber } from "../../dates/calendarDate.ts";
import { rollBackToBusinessDay } from "../../dates/previousBusinessDay.ts";
import { findFormDAnnualAmendmentDue, formDDueDate } from "./formDDeadlines.ts";

const anyDate = fc
  .integer({ min: toDayNumber("2000-01-01"), max: toDayNumber("2090-12-31") })
  .map(fromDayNumber);

describe("Form D deadlines (D-07, D-08)", () => {
  it("D-07 day 15, rolled past weekends and federal holidays", () => {
    assert.equal(formDDueDate("2025-03-01"), "2025-03-17"); // Sunday
    assert.equal(formDDueDate("2025-06-20"), "2025-07-07"); // Saturday July 5, after Independence Day
    assert.equal(formDDueDate("2025-06-19"), "2025-07-07"); // Friday July 4 (holiday) → Monday
    assert.equal(formDDueDate("2025-03-03"), "2025-03-18"); // a Tuesday: no roll
    assert.equal(formDDueDate("2025-12-10"), "2025-12-26"); // Christmas
  });
  it("D-07 the due date is the first business day on or after day 15", () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const due = formDDueDate(d);
        assert.ok(isBusinessDay(due));
        const gap = daysBetween(addDays(d, 15), due);
        assert.ok(gap >= 0 && gap <= 4);
        for (let i = 0; i < gap; i++) assert.ok(!isBusinessDay(addDays(d, 15 + i)));
      }),
    );
  });
  it("D-08 annual amendment on the anniversary while the offering continues", () => {
    assert.equal(findFormDAnnualAmendmentDue("2025-03-17", true), "2026-03-17");
    assert.equal(findFormDAnnualAmendmentDue("2025-03-17", false), undefined);
    // 2026-03-14 is a Saturday: back to Friday by default, forward or as-is per policy.
    assert.equal(findFormDAnnualAmendmentDue("2025-03-14", true), "2026-03-13");
    assert.equal(
      findFormDAnnualAmendmentDue("2025-03-14", true, {
        formD: { annualAmendmentRoll: "next-business-day" },
      }),
      "2026-03-16",
    );
    assert.equal(
      findFormDAnnualAmendmentDue("2025-03-14", true, { formD: { annualAmendmentRoll: "none" } }),
      "2026-03-14",
    );
  });
  it("rolling back lands on a business day at most 4 days earlier", () => {
    assert.equal(rollBackToBusinessDay("2025-07-04"), "2025-07-03");
    fc.assert(
      fc.property(anyDate, (d) => {
        const back = rollBackToBusinessDay(d);
        assert.ok(isBusinessDay(back));
        assert.ok(daysBetween(back, d) >= 0 && daysBetween(back, d) <= 4);
      }),
    );
  });
});
