import { z } from "zod";
import { KycPayloadError } from "./errors.ts";
import { parseJsonBody } from "./parseJsonBody.ts";
import { parseProviderTime } from "./parseProviderTime.ts";
import type { KycEvent, KycStatus } from "./types.ts";

/**
 * Onfido workflow-run statuses → platform status (§4.1 Onfido row: "workflow_run approved/declined/review/
 * abandoned/error"). `abandoned` (the applicant did not finish before the link lapsed) → EXPIRED, like Persona's
 * `inquiry.expired`; `error` → REVIEW (a person must look); any other (processing, awaiting_input) → PENDING.
 */
export const ONFIDO_WORKFLOW_RUN_STATUS: Readonly<Record<string, KycStatus>> = {
  approved: "APPROVED",
  declined: "REJECTED",
  review: "REVIEW",
  abandoned: "EXPIRED",
  error: "REVIEW",
};

/** Onfido check results (§4.1: "check result clear → APPROVED; consider → REVIEW"). */
export const ONFIDO_CHECK_RESULT_STATUS: Readonly<Record<string, KycStatus>> = {
  clear: "APPROVED",
  consider: "REVIEW",
};

const nonEmpty = z.string().min(1);
const onfidoEventSchema = z.looseObject({
  payload: z.looseObject({
    resource_type: nonEmpty,
    action: nonEmpty,
    object: z.looseObject({
      id: nonEmpty,
      status: z.string().nullish(),
      result: z.string().nullish(),
      started_at_iso8601: z.string().nullish(),
      completed_at_iso8601: z.string().nullish(),
      href: z.string().nullish(),
    }),
    resource: z
      .looseObject({
        applicant_id: z.string().nullish(),
        customer_user_id: z.string().nullish(),
        created_at: z.string().nullish(),
        updated_at: z.string().nullish(),
      })
      .nullish(),
  }),
});

function lookup(
  table: Readonly<Record<string, KycStatus>>,
  key: string | null | undefined,
): KycStatus | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}

function statusOf(
  action: string,
  object: { status?: string | null; result?: string | null },
): KycStatus | null {
  if (action === "workflow_run.completed") {
    return lookup(ONFIDO_WORKFLOW_RUN_STATUS, object.status) ?? "PENDING";
  }
  if (action === "workflow_run.started" || action === "check.started" || action === "check.reopened") {
    return "PENDING";
  }
  if (action === "check.form_completed") return "PENDING";
  if (action === "check.withdrawn") return "RESUBMISSION_REQUIRED";
  if (action === "check.completed") {
    // The webhook object usually has no `result`: §4.1 says fetch the check before acting. Without a result
    // (and without the `resolve` hook of ingestKycWebhook supplying one) it needs a person: REVIEW, never APPROVED.
    return lookup(ONFIDO_CHECK_RESULT_STATUS, object.result) ?? "REVIEW";
  }
  return null;
}

/**
 * Normalizes an authenticated Onfido webhook body `{ payload: { resource_type, action, object, resource? } }`.
 * Onfido has no event id: the key is (`object.id`, `action`, `completed_at_iso8601`) — §4.1's (object.id, action)
 * plus the completion time, so a check that is reopened and completes again is a new event, not a duplicate.
 * Event time: `completed_at_iso8601`, else `started_at_iso8601`, else the resource's `updated_at`/`created_at`,
 * else the receipt time (Onfido signs no time; ordering is then by arrival). Subject: the applicant
 * (`resource.applicant_id`) when given, else `<resource_type>:<object.id>`.
 *
 * @throws {KycPayloadError} `KYC_PAYLOAD_INVALID` for another shape.
 * @example
 * const event = parseOnfidoEvent(rawBody, { receivedAt: new Date() });
 */
export function parseOnfidoEvent(rawBody: Uint8Array, context: { receivedAt: Date }): KycEvent {
  const { payload } = parseJsonBody("onfido", rawBody, onfidoEventSchema);
  const { object, resource } = payload;
  const times = [
    object.completed_at_iso8601,
    object.started_at_iso8601,
    resource?.updated_at,
    resource?.created_at,
  ];
  const given = times.find((t) => t !== undefined && t !== null);
  const eventTime = given === undefined || given === null ? context.receivedAt : parseProviderTime(given);
  if (eventTime === undefined) throw new KycPayloadError("onfido", "an object time is not a time");
  const applicant = resource?.applicant_id;
  const customer = resource?.customer_user_id;
  return {
    provider: "onfido",
    eventId: `${object.id}:${payload.action}:${object.completed_at_iso8601 ?? ""}`,
    eventType: payload.action,
    subjectId:
      typeof applicant === "string" && applicant !== "" ? applicant : `${payload.resource_type}:${object.id}`,
    investorRef: typeof customer === "string" && customer !== "" ? customer : null,
    status: statusOf(payload.action, object),
    eventTime,
    signedAt: null,
  };
}
