import { z } from "zod";
import { KycPayloadError } from "./errors.ts";
import { parseJsonBody } from "./parseJsonBody.ts";
import { parseProviderTime } from "./parseProviderTime.ts";
import type { KycEvent, KycStatus } from "./types.ts";

/**
 * Persona inquiry events → platform status (§4.1 Persona row; docs.withpersona.com webhook events).
 * §4.1 maps `failed`/`expired` to "INCOMPLETE", which the six-status model does not have: a failed inquiry
 * (the person exhausted the attempts) needs a new inquiry → RESUBMISSION_REQUIRED; an expired one (not finished in
 * time) → EXPIRED, the stricter of the two (it also blocks the sender, §0). `inquiry.completed` means the flow is
 * finished, not decided — approval comes as `inquiry.approved` — so it stays PENDING. Other events (verification.*,
 * report.*, account.*, …) carry no status: stored as evidence, ignored.
 */
export const PERSONA_EVENT_STATUS: Readonly<Record<string, KycStatus>> = {
  "inquiry.created": "PENDING",
  "inquiry.started": "PENDING",
  "inquiry.completed": "PENDING",
  "inquiry.marked-for-review": "REVIEW",
  "inquiry.approved": "APPROVED",
  "inquiry.declined": "REJECTED",
  "inquiry.failed": "RESUBMISSION_REQUIRED",
  "inquiry.expired": "EXPIRED",
};

const nonEmpty = z.string().min(1);
const resourceSchema = z.looseObject({
  type: z.string().optional(),
  id: nonEmpty,
  attributes: z.looseObject({ "reference-id": z.string().nullish() }).optional(),
  relationships: z
    .looseObject({
      account: z.looseObject({ data: z.looseObject({ id: nonEmpty }).nullish() }).nullish(),
    })
    .optional(),
});
const personaEventSchema = z.looseObject({
  data: z.looseObject({
    type: z.literal("event"),
    id: nonEmpty,
    attributes: z.looseObject({
      name: nonEmpty,
      "created-at": nonEmpty,
      payload: z.looseObject({ data: resourceSchema }),
    }),
  }),
});

/**
 * Normalizes an authenticated Persona webhook body (JSON:API `data.type = "event"`). Event id `data.id` (the
 * idempotency key, Persona best practices "Handling duplicate events"); event time `data.attributes.created-at`
 * (Persona: "utilize the data.attributes.created-at field to determine creation ordering"); subject = the
 * inquiry's account (`relationships.account`, one per person, so a re-verification updates the same row), else
 * the resource id; investor reference = the inquiry's `reference-id`.
 *
 * @throws {KycPayloadError} `KYC_PAYLOAD_INVALID` when the body is not such an event or a time is unreadable.
 * @example
 * const event = parsePersonaEvent(rawBody, { signedAt: new Date(t * 1000) });
 * event.status; // "APPROVED" for inquiry.approved
 */
export function parsePersonaEvent(rawBody: Uint8Array, context: { signedAt: Date | null }): KycEvent {
  const body = parseJsonBody("persona", rawBody, personaEventSchema);
  const { id, attributes } = body.data;
  const eventTime = parseProviderTime(attributes["created-at"]);
  if (eventTime === undefined)
    throw new KycPayloadError("persona", "data.attributes.created-at is not a time");
  const resource = attributes.payload.data;
  const account = resource.relationships?.account?.data?.id;
  const reference = resource.attributes?.["reference-id"];
  return {
    provider: "persona",
    eventId: id,
    eventType: attributes.name,
    subjectId: account ?? resource.id,
    investorRef: typeof reference === "string" && reference !== "" ? reference : null,
    status: Object.hasOwn(PERSONA_EVENT_STATUS, attributes.name)
      ? (PERSONA_EVENT_STATUS[attributes.name] as KycStatus)
      : null,
    eventTime,
    signedAt: context.signedAt,
  };
}
