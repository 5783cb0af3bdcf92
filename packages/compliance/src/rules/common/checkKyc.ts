/**
 * KYC of both parties (compliance-rules §2.11 step 4; K-01, K-02, K-03). Expired when `date ≥ expiresAt` (K-02).
 * §0: an expired KYC blocks the sender too, except a redemption back to the issuer — both are policy settings.
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";

type Kyc = { status: string; expiresAt: CalendarDate | null };
type KycOutcome = "OK" | "MISSING" | "PENDING" | "REJECTED" | "EXPIRED";

/**
 * The KYC outcome on `date`: MISSING, PENDING (also resubmission required and provider review), REJECTED,
 * EXPIRED (status or date), or OK.
 *
 * @example
 * kycOutcome({ status: "APPROVED", expiresAt: "2025-09-10" }, "2025-09-10"); // "EXPIRED"
 */
export function kycOutcome(kyc: Kyc, date: CalendarDate): KycOutcome {
  switch (kyc.status) {
    case "APPROVED":
      return kyc.expiresAt !== null && date >= kyc.expiresAt ? "EXPIRED" : "OK";
    case "MISSING":
      return "MISSING";
    case "REJECTED":
      return "REJECTED";
    case "EXPIRED":
      return "EXPIRED";
    default:
      // PENDING, RESUBMISSION_REQUIRED, REVIEW — and any status not in the model: not approved (fail closed).
      return "PENDING";
  }
}

const FROM: Record<Exclude<KycOutcome, "OK">, string> = {
  MISSING: "K-04-MISSING",
  PENDING: "K-04-PENDING",
  REJECTED: "K-04-REJECTED",
  EXPIRED: "K-03",
};
const TO: Record<Exclude<KycOutcome, "OK">, string> = {
  MISSING: "K-01-MISSING",
  PENDING: "K-01-PENDING",
  REJECTED: "K-01-REJECTED",
  EXPIRED: "K-02",
};

/**
 * Push the KYC reasons of the sender (`from`, null for an issuance) and the recipient. The issuer itself is not
 * KYC'd; a party whose wallet is unlinked has no holder to check (G-03 already denies).
 *
 * @example
 * checkKyc(facts.from, facts.to, facts.date, policy, reasons);
 */
export function checkKyc(
  from: { kyc: Kyc; isIssuer: boolean; holderId: string | null } | null,
  to: { kyc: Kyc; isIssuer: boolean; holderId: string | null },
  date: CalendarDate,
  policy: CompiledPolicy,
  out: Reason[],
): void {
  if (from !== null && !from.isIssuer && from.holderId !== null) {
    const o = kycOutcome(from.kyc, date);
    // §0 / K-03: expired sender KYC blocks, except a redemption to the issuer (policy).
    const exempt =
      o === "EXPIRED" &&
      (!policy.kyc.expiredBlocksSender || (to.isIssuer && policy.kyc.senderMayRedeemWhenExpired));
    if (o !== "OK" && !exempt) out.push(RULES[FROM[o]] as Reason);
  }
  if (!to.isIssuer && to.holderId !== null) {
    const o = kycOutcome(to.kyc, date);
    if (o !== "OK") out.push(RULES[TO[o]] as Reason);
  }
}
