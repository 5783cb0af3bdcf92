import type { Queryable } from "@coinscious/db";
import { KYC_STATUS_COLUMNS, type KycStatusRow, toKycStatusRecord } from "./kycStatusRow.ts";
import type { KycProvider, KycStatusRecord } from "./types.ts";

export type FindKycStatusParameters = { provider: KycProvider; subjectId: string };

/**
 * The current KYC status of one (provider, subject), or `undefined` when no status event was ever applied for it.
 * Callers must treat `undefined` as "no KYC" (§0 fail closed).
 *
 * @example
 * const current = await findKycStatus(db, { provider: "sumsub", subjectId: applicantId });
 * current?.status; // "APPROVED" | … | undefined
 */
export async function findKycStatus(
  db: Queryable,
  parameters: FindKycStatusParameters,
): Promise<KycStatusRecord | undefined> {
  const { rows } = await db.query<KycStatusRow>(
    `SELECT ${KYC_STATUS_COLUMNS} FROM kyc_statuses WHERE provider = $1 AND subject_id = $2`,
    [parameters.provider, parameters.subjectId],
  );
  const row = rows[0];
  return row === undefined ? undefined : toKycStatusRecord(row);
}
