import type { Queryable } from "@coinscious/db";
import type { KycProvider, KycStatus, KycWebhookEvidence } from "./types.ts";

export type FindKycWebhookEvidenceParameters = { provider: KycProvider; eventId: string };

type EvidenceRow = {
  provider: string;
  event_id: string;
  event_type: string;
  subject_id: string;
  investor_ref: string | null;
  status: string | null;
  event_time: Date;
  signed_at: Date | null;
  received_at: Date;
  outcome: string;
  raw_body: Uint8Array;
  body_sha256: string;
  headers: Record<string, string | string[]>;
};

/**
 * The stored evidence of one provider event: the body exactly as received, its headers, and what ingestion did
 * with it (§4.1 (7): "persist the raw payload + headers for audit"). `undefined` when the event id is unknown.
 *
 * @example
 * const evidence = await findKycWebhookEvidence(db, { provider: "persona", eventId: "evt_123" });
 * createHash("sha256").update(evidence.rawBody).digest("hex") === evidence.bodySha256; // true
 */
export async function findKycWebhookEvidence(
  db: Queryable,
  parameters: FindKycWebhookEvidenceParameters,
): Promise<KycWebhookEvidence | undefined> {
  const { rows } = await db.query<EvidenceRow>(
    `SELECT provider, event_id, event_type, subject_id, investor_ref, status, event_time, signed_at, received_at,
       outcome, raw_body, body_sha256, headers
     FROM kyc_webhook_events WHERE provider = $1 AND event_id = $2`,
    [parameters.provider, parameters.eventId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    provider: row.provider as KycProvider,
    eventId: row.event_id,
    eventType: row.event_type,
    subjectId: row.subject_id,
    investorRef: row.investor_ref,
    status: row.status as KycStatus | null,
    eventTime: row.event_time,
    signedAt: row.signed_at,
    receivedAt: row.received_at,
    outcome: row.outcome as KycWebhookEvidence["outcome"],
    // pg returns bytea as a Buffer, PGlite as a Uint8Array: one type out.
    rawBody: new Uint8Array(row.raw_body),
    bodySha256: row.body_sha256,
    headers: row.headers,
  };
}
