import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addDays, addMonths, fromDayNumber, toDayNumber } from "./calendarDate.ts";
import { addDaysUnchecked, addMonthsUnchecked } from "./uncheckedDates.ts";

const anyDate = fc
  .integer({ min: toDayNumber("1900-01-01"), max: toDayNumber("2200-12-31") })
  .map(fromDayNumber);

describe("unchecked date arithmetic", () => {
  it("agrees with addMonths under both overflow conventions", () => {
    assert.equal(addMonthsUnchecked("2025-08-31", 6, "roll-forward"), "2026-03-01");
    assert.equal(addMonthsUnchecked("2025-12-31", 2, "roll-forward"), "2026-03-01");
    assert.equal(addMonthsUnchecked("2024-01-31", 11, "roll-forward"), "2024-12-31");
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: -60, max: 60 }),
        fc.constantFrom("roll-forward", "clamp" as const),
        (d, n, o) => {
          assert.equal(addMonthsUnchecked(d, n, o), addMonths(d, n, o));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("agrees with addDays", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        assert.equal(addDaysUnchecked(d, n), addDays(d, n));
      }),
      { numRuns: 2000 },
    );
  });
});
