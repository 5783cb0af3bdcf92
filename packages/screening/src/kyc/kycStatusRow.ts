import type { KycProvider, KycStatus, KycStatusRecord } from "./types.ts";

/** The `kyc_statuses` columns every reader selects, in the shape {@link toKycStatusRecord} reads. */
export const KYC_STATUS_COLUMNS =
  "provider, subject_id, investor_ref, status, event_id, event_type, event_time, updated_at";

/** A `kyc_statuses` row as both drivers return it (timestamptz → Date). */
export type KycStatusRow = {
  provider: string;
  subject_id: string;
  investor_ref: string | null;
  status: string;
  event_id: string;
  event_type: string;
  event_time: Date;
  updated_at: Date;
};

/**
 * A `kyc_statuses` row as a {@link KycStatusRecord} (the CHECK constraints guarantee provider and status values).
 *
 * @example
 * const { rows } = await db.query<KycStatusRow>(`SELECT ${KYC_STATUS_COLUMNS} FROM kyc_statuses`);
 * rows.map(toKycStatusRecord);
 */
export function toKycStatusRecord(row: KycStatusRow): KycStatusRecord {
  return {
    provider: row.provider as KycProvider,
    subjectId: row.subject_id,
    investorRef: row.investor_ref,
    status: row.status as KycStatus,
    eventId: row.event_id,
    eventType: row.event_type,
    eventTime: row.event_time,
    updatedAt: row.updated_at,
  };
}
