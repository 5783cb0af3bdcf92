import { createHash } from "node:crypto";
import type { Transaction } from "@coinscious/db";
import type { KycEvent, KycWebhookEvidence, WebhookHeaders } from "./types.ts";

export type InsertKycWebhookEventParameters = {
  event: KycEvent;
  rawBody: Uint8Array;
  headers: WebhookHeaders;
  receivedAt: Date;
  outcome: KycWebhookEvidence["outcome"];
};

export type InsertKycWebhookEventReturnType =
  | { inserted: true; id: bigint }
  | { inserted: false; storedBodySha256: string };

/**
 * Stores one delivery as evidence in `kyc_webhook_events` — the body byte for byte (bytea) with its sha256, the
 * headers as received — unless the provider's event id is already stored (the idempotency store, §4.1 (5),
 * §6.2 W-03): then nothing is written and the stored body's digest is returned, so a caller can tell a plain
 * retry from a different body under a reused id. Run it inside the ingesting transaction.
 *
 * @example
 * const r = await insertKycWebhookEvent(tx, { event, rawBody, headers, receivedAt, outcome: "STALE_EVENT" });
 * if (!r.inserted) return "DUPLICATE";
 */
export async function insertKycWebhookEvent(
  tx: Transaction,
  parameters: InsertKycWebhookEventParameters,
): Promise<InsertKycWebhookEventReturnType> {
  const { event, rawBody, receivedAt, outcome } = parameters;
  const { rows } = await tx.query<{ id: bigint }>(
    `INSERT INTO kyc_webhook_events (provider, event_id, event_type, subject_id, investor_ref, status, event_time,
       signed_at, received_at, outcome, raw_body, body_sha256, headers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
     ON CONFLICT ON CONSTRAINT kyc_webhook_events_once DO NOTHING
     RETURNING id`,
    [
      event.provider,
      event.eventId,
      event.eventType,
      event.subjectId,
      event.investorRef,
      event.status,
      event.eventTime.toISOString(),
      event.signedAt?.toISOString() ?? null,
      receivedAt.toISOString(),
      outcome,
      // A copy as a plain Uint8Array: both drivers send it as bytea, whatever view (Buffer, subarray) came in.
      new Uint8Array(rawBody),
      createHash("sha256").update(rawBody).digest("hex"),
      JSON.stringify(headersRecord(parameters.headers)),
    ],
  );
  const inserted = rows[0];
  if (inserted !== undefined) return { inserted: true, id: BigInt(inserted.id) };
  const stored = await tx.query<{ body_sha256: string }>(
    "SELECT body_sha256 FROM kyc_webhook_events WHERE provider = $1 AND event_id = $2",
    [event.provider, event.eventId],
  );
  return { inserted: false, storedBodySha256: stored.rows[0]?.body_sha256 ?? "" };
}

/** The headers as a JSON-safe record: names as received, absent values dropped, lists kept as lists. */
function headersRecord(headers: WebhookHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = typeof value === "string" ? value : [...value];
  }
  return out;
}
