import { createHash } from "node:crypto";
import { ValidationError } from "@coinscious/core";
import type { TransactionRunner } from "@coinscious/db";
import { applyKycStatus } from "./applyKycStatus.ts";
import { findKycStatus } from "./findKycStatus.ts";
import { insertKycWebhookEvent } from "./insertKycWebhookEvent.ts";
import { isKycStatus } from "./kycStatuses.ts";
import type { KycEvent, KycStatus, KycStatusRecord, WebhookHeaders } from "./types.ts";
import { type KycWebhookSettings, verifyKycWebhook } from "./verifyKycWebhook.ts";

/**
 * What a caller learned about the event after verification and before storage — typically by fetching the
 * resource from the provider's API, as §4.1 asks for Onfido ("fetch the resource from the API before acting").
 * Each field given replaces the parsed one.
 */
export type KycEventResolution = {
  status?: KycStatus | null;
  investorRef?: string | null;
  subjectId?: string;
};

export type IngestKycWebhookParameters = {
  provider: KycEvent["provider"];
  /** The request body exactly as received (a Buffer is fine). */
  rawBody: Uint8Array;
  headers: WebhookHeaders;
  settings: KycWebhookSettings;
  /** Receipt time (default now): Persona's timestamp tolerance and `received_at`. */
  receivedAt?: Date;
  /** Called with the verified event before anything is written; see {@link KycEventResolution}. */
  resolve?: (event: KycEvent) => Promise<KycEventResolution | undefined> | KycEventResolution | undefined;
};

/**
 * - `APPLIED`: the event is now the subject's current status.
 * - `DUPLICATE`: the provider's event id was already ingested; nothing was written (§6.2 W-03, HTTP 200 no-op).
 * - `STALE_EVENT`: kept as evidence, but older than the current status, which did not change (W-04, HTTP 200).
 * - `IGNORED`: kept as evidence; the event type carries no status.
 */
export type KycIngestOutcome = "APPLIED" | "DUPLICATE" | "STALE_EVENT" | "IGNORED";

export type IngestKycWebhookReturnType = {
  outcome: KycIngestOutcome;
  /** The verified event (after `resolve`; for a `DUPLICATE` as parsed — `resolve` is skipped for replays). */
  event: KycEvent;
  /** The subject's current status after this delivery (`undefined`: none yet). */
  current: KycStatusRecord | undefined;
  /** `DUPLICATE` only: whether the stored delivery of this event id had the same body (sha256). */
  sameBodyAsStored?: boolean;
};

/**
 * Verified, idempotent, order-safe ingestion of one KYC provider webhook (issue 5; §4.1 generic verifier
 * contract (1)–(7)). Validate first, write after: the signature (raw bytes, constant time, rotation, algorithm,
 * Persona's timestamp), the payload and the optional `resolve` step all run before the database is touched, so a
 * refused delivery has no side effect. Then one transaction stores the delivery as evidence (body bytes and
 * headers), dedupes on the provider's event id, and moves the current status only forward in provider time.
 *
 * @throws {KycWebhookError} on any verification or payload failure (see `verifyKycWebhook`); `VALIDATION_FAILED`
 * for a bad `resolve` result; `DB_*` errors from the database (the transaction is then rolled back entirely).
 * @example
 * const result = await ingestKycWebhook(db, { provider: "persona", rawBody, headers, settings: { secrets } });
 * if (result.outcome === "APPLIED" && result.current?.status === "APPROVED") queueRegistryUpdate(result.current);
 */
export async function ingestKycWebhook(
  db: TransactionRunner,
  parameters: IngestKycWebhookParameters,
): Promise<IngestKycWebhookReturnType> {
  const receivedAt = parameters.receivedAt ?? new Date();
  const { rawBody, headers } = parameters;
  const verified = verifyKycWebhook({ ...parameters, receivedAt });
  // A replay needs no provider API call: skip `resolve` for an event id already stored (read-only check; the
  // transaction below still decides DUPLICATE on its own, race-free).
  const known = parameters.resolve !== undefined && (await isStored(db, verified));
  const event = known ? verified : resolveEvent(verified, await parameters.resolve?.(verified));

  return db.transaction(async (tx) => {
    const outcome = event.status === null ? "IGNORED" : "STALE_EVENT";
    const stored = await insertKycWebhookEvent(tx, { event, rawBody, headers, receivedAt, outcome });
    if (!stored.inserted) {
      const current = await findKycStatus(tx, event);
      const sameBodyAsStored = stored.storedBodySha256 === createHash("sha256").update(rawBody).digest("hex");
      return { outcome: "DUPLICATE", event, current, sameBodyAsStored };
    }
    if (event.status === null) return { outcome, event, current: await findKycStatus(tx, event) };
    const applied = await applyKycStatus(tx, {
      event: { ...event, status: event.status },
      updatedAt: receivedAt,
    });
    if (applied === undefined) return { outcome, event, current: await findKycStatus(tx, event) };
    await tx.query("UPDATE kyc_webhook_events SET outcome = 'APPLIED' WHERE id = $1", [stored.id]);
    return { outcome: "APPLIED", event, current: applied };
  });
}

function resolveEvent(event: KycEvent, resolution: KycEventResolution | undefined): KycEvent {
  if (resolution === undefined) return event;
  const { status, investorRef, subjectId } = resolution;
  if (status !== undefined && status !== null && !isKycStatus(status)) {
    throw new ValidationError("resolve() returned an unknown KYC status", { status });
  }
  if (subjectId !== undefined && (typeof subjectId !== "string" || subjectId === "")) {
    throw new ValidationError("resolve() returned an empty subjectId");
  }
  return {
    ...event,
    ...(status === undefined ? {} : { status }),
    ...(investorRef === undefined ? {} : { investorRef: investorRef === "" ? null : investorRef }),
    ...(subjectId === undefined ? {} : { subjectId }),
  };
}

async function isStored(db: TransactionRunner, event: KycEvent): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM kyc_webhook_events WHERE provider = $1 AND event_id = $2", [
    event.provider,
    event.eventId,
  ]);
  return rows.length > 0;
}
