import type { KycStatus } from "./types.ts";

/** Every {@link KycStatus}, in the order of {@link kycStatusSeverity} (least restrictive first). */
export const KYC_STATUSES: readonly KycStatus[] = [
  "APPROVED",
  "PENDING",
  "REVIEW",
  "RESUBMISSION_REQUIRED",
  "EXPIRED",
  "REJECTED",
];

/**
 * How restrictive a status is, 0 (APPROVED) … 5 (REJECTED). Used only to break a tie between two events of the
 * same subject with the same provider time: the more restrictive one wins whatever the arrival order, so the
 * stored status never depends on delivery order and a tie never turns a denial into an approval (§0 fail closed).
 *
 * @example
 * kycStatusSeverity("REJECTED") > kycStatusSeverity("APPROVED"); // true
 */
export function kycStatusSeverity(status: KycStatus): number {
  return KYC_STATUSES.indexOf(status);
}

/**
 * Whether a value is a {@link KycStatus}.
 *
 * @example
 * isKycStatus("APPROVED"); // true
 * isKycStatus("INCOMPLETE"); // false
 */
export function isKycStatus(value: unknown): value is KycStatus {
  return typeof value === "string" && (KYC_STATUSES as readonly string[]).includes(value);
}
