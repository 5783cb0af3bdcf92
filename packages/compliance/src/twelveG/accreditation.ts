/**
 * TwelveGAccreditation for 12(g) is a fact **as of the fiscal-year end**, not at the time of sale (Rule 12g-1(b)(1):
 * "determined as of such day rather than at the time of the sale of the securities").
 */
import type { CalendarDate } from "../dates/index.ts";
import type { TwelveGAccreditation } from "./schemas.ts";

/**
 * True only when the holder is known to be accredited on `day`: status `accredited`, verified on or before `day`
 * (a later verification says nothing about that day) and not yet expired (`expiresAt` is the first day it no longer
 * holds, as for KYC expiry K-02). Anything else — absent, `unknown`, stale — counts as non-accredited (§1.6 step 3:
 * conservative). Dates are already-validated ISO strings, so string order is date order (hot path: no parsing).
 *
 * @example
 * isAccreditedAtFye({ status: "accredited", expiresAt: "2026-01-01" }, "2025-12-31"); // true
 * isAccreditedAtFye({ status: "accredited", expiresAt: "2025-12-31" }, "2025-12-31"); // false
 * isAccreditedAtFye(undefined, "2025-12-31"); // false
 */
export function isAccreditedAtFye(
  accreditation: TwelveGAccreditation | undefined,
  day: CalendarDate,
): boolean {
  if (accreditation === undefined || accreditation.status !== "accredited") return false;
  if (accreditation.verifiedAt !== undefined && accreditation.verifiedAt > day) return false;
  if (accreditation.expiresAt !== undefined && accreditation.expiresAt <= day) return false;
  return true;
}
