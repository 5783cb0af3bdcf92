/**
 * A class held by accredited investors only (the token's `requireAccreditation`; compliance-rules §2.11 step 7):
 * every recipient must be accredited on the date of the transfer — reason 60 when it never was (or it is unknown),
 * 61 when its accreditation has expired. The issuer itself (treasury, redemption) is not an investor.
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";
import { isAccreditationExpired, isAccreditedOn } from "./accreditation.ts";

type Recipient = {
  isIssuer: boolean;
  holderId: string | null;
  accreditation: { status: "accredited" | "not_accredited" | "unknown"; expiresAt: CalendarDate | null };
};

/**
 * Push D-03-CLASS / D-03-CLASS-EXPIRED when the policy admits accredited recipients only and `to` is not accredited
 * on `date`. An unlinked recipient has no holder to check (G-03 already denies).
 *
 * @example
 * checkAccreditedOnly(facts.to, facts.date, compilePolicy({ classRules: { accreditedRecipientsOnly: true } }), reasons);
 */
export function checkAccreditedOnly(
  to: Recipient,
  date: CalendarDate,
  policy: CompiledPolicy,
  out: Reason[],
): void {
  if (!policy.classRules.accreditedRecipientsOnly || to.isIssuer || to.holderId === null) return;
  if (isAccreditedOn(to.accreditation, date)) return;
  out.push(
    RULES[isAccreditationExpired(to.accreditation, date) ? "D-03-CLASS-EXPIRED" : "D-03-CLASS"] as Reason,
  );
}
