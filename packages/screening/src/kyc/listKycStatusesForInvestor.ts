import type { Queryable } from "@coinscious/db";
import { KYC_STATUS_COLUMNS, type KycStatusRow, toKycStatusRecord } from "./kycStatusRow.ts";
import type { KycStatusRecord } from "./types.ts";

/**
 * Every current KYC status linked to an investor reference (one per provider and subject: an investor verified
 * with two providers, or twice with one, has several), newest provider event first.
 *
 * @example
 * const [latest] = await listKycStatusesForInvestor(db, "inv_42");
 * const approved = latest?.status === "APPROVED";
 */
export async function listKycStatusesForInvestor(
  db: Queryable,
  investorRef: string,
): Promise<KycStatusRecord[]> {
  const { rows } = await db.query<KycStatusRow>(
    `SELECT ${KYC_STATUS_COLUMNS} FROM kyc_statuses WHERE investor_ref = $1
     ORDER BY event_time DESC, provider, subject_id`,
    [investorRef],
  );
  return rows.map(toKycStatusRecord);
}
