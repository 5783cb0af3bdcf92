/**
 * Accreditation at the time of a sale (Rule 501(a); compliance-rules §2.1): status "accredited" and not expired.
 * Unknown counts as not accredited (§1.6 step 3, fail closed).
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";

type Accreditation = { status: "accredited" | "not_accredited" | "unknown"; expiresAt: CalendarDate | null };

/**
 * True when the person is accredited on `date`: expired when `date ≥ expiresAt` (the same convention as KYC, K-02).
 *
 * @example
 * isAccreditedOn({ status: "accredited", expiresAt: "2025-09-09" }, "2025-09-10"); // false
 */
export function isAccreditedOn(a: Accreditation, date: CalendarDate): boolean {
  return a.status === "accredited" && (a.expiresAt === null || date < a.expiresAt);
}

/**
 * True when the person was accredited but the accreditation has lapsed by `date` (reason 61 rather than 60).
 *
 * @example
 * isAccreditationExpired({ status: "accredited", expiresAt: "2025-09-09" }, "2025-09-09"); // true
 */
export function isAccreditationExpired(a: Accreditation, date: CalendarDate): boolean {
  return a.status === "accredited" && a.expiresAt !== null && date >= a.expiresAt;
}
