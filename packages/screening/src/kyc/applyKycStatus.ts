import type { Transaction } from "@coinscious/db";
import { kycStatusSeverity } from "./kycStatuses.ts";
import { KYC_STATUS_COLUMNS, type KycStatusRow, toKycStatusRecord } from "./kycStatusRow.ts";
import type { KycEvent, KycStatus, KycStatusRecord } from "./types.ts";

export type ApplyKycStatusParameters = {
  /** A verified event that carries a status, already stored in `kyc_webhook_events` (the row references it). */
  event: KycEvent & { status: KycStatus };
  /** The write time recorded as `updated_at`. */
  updatedAt: Date;
};

/**
 * Makes `event` the current status of its (provider, subject) unless the stored status is newer — one atomic
 * upsert, so concurrent deliveries on PostgreSQL serialize on the row. "Newer" compares the provider's event time
 * (§4.1: events may arrive out of order; §6.2 W-04 STALE_EVENT), then, on a tie, the severity: the more
 * restrictive status wins (see `kycStatusSeverity`). An older event therefore never downgrades (or upgrades) a
 * newer status. The investor reference is kept when the new event carries none.
 *
 * @returns the new current status, or `undefined` when the event was stale and nothing changed.
 * @example
 * const applied = await applyKycStatus(tx, { event, updatedAt: receivedAt });
 * const outcome = applied === undefined ? "STALE_EVENT" : "APPLIED";
 */
export async function applyKycStatus(
  tx: Transaction,
  parameters: ApplyKycStatusParameters,
): Promise<KycStatusRecord | undefined> {
  const { event, updatedAt } = parameters;
  const { rows } = await tx.query<KycStatusRow>(
    `INSERT INTO kyc_statuses AS s (provider, subject_id, investor_ref, status, severity, event_id, event_type,
       event_time, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (provider, subject_id) DO UPDATE SET
       investor_ref = coalesce(EXCLUDED.investor_ref, s.investor_ref),
       status = EXCLUDED.status,
       severity = EXCLUDED.severity,
       event_id = EXCLUDED.event_id,
       event_type = EXCLUDED.event_type,
       event_time = EXCLUDED.event_time,
       updated_at = EXCLUDED.updated_at
     WHERE (EXCLUDED.event_time, EXCLUDED.severity) > (s.event_time, s.severity)
     RETURNING ${KYC_STATUS_COLUMNS}`,
    [
      event.provider,
      event.subjectId,
      event.investorRef,
      event.status,
      kycStatusSeverity(event.status),
      event.eventId,
      event.eventType,
      event.eventTime.toISOString(),
      updatedAt.toISOString(),
    ],
  );
  const row = rows[0];
  return row === undefined ? undefined : toKycStatusRecord(row);
}
