import { z } from "zod";
import { KycPayloadError } from "./errors.ts";
import { parseJsonBody } from "./parseJsonBody.ts";
import { parseProviderTime } from "./parseProviderTime.ts";
import type { KycEvent, KycStatus } from "./types.ts";

/**
 * Sumsub event types with a fixed status (§4.1 Sumsub row; docs.sumsub.com user verification webhooks).
 * `applicantReviewed` depends on its review result, see {@link sumsubReviewStatus}. Other types (e.g.
 * `applicantPersonalInfoChanged`, `applicantLevelChanged`) carry no status: stored as evidence, ignored.
 */
export const SUMSUB_TYPE_STATUS: Readonly<Record<string, KycStatus>> = {
  applicantCreated: "PENDING",
  applicantPending: "PENDING",
  applicantPrechecked: "PENDING",
  // §4.1: "applicantReset → PENDING" — the applicant must go through verification again.
  applicantReset: "PENDING",
  applicantOnHold: "REVIEW",
};

/**
 * The status of an `applicantReviewed` result (§4.1, §7 case 44): GREEN → APPROVED; RED + RETRY →
 * RESUBMISSION_REQUIRED; RED + FINAL → REJECTED; RED with no or an unknown reject type → REJECTED (fail closed);
 * any other answer → REVIEW (a person must look).
 *
 * @example
 * sumsubReviewStatus({ reviewAnswer: "RED", reviewRejectType: "RETRY" }); // "RESUBMISSION_REQUIRED"
 */
export function sumsubReviewStatus(result: { reviewAnswer?: string; reviewRejectType?: string }): KycStatus {
  if (result.reviewAnswer === "GREEN") return "APPROVED";
  if (result.reviewAnswer === "RED")
    return result.reviewRejectType === "RETRY" ? "RESUBMISSION_REQUIRED" : "REJECTED";
  return "REVIEW";
}

const nonEmpty = z.string().min(1);
const sumsubEventSchema = z.looseObject({
  type: nonEmpty,
  applicantId: nonEmpty,
  externalUserId: z.string().nullish(),
  correlationId: z.string().nullish(),
  reviewStatus: z.string().nullish(),
  reviewResult: z
    .looseObject({ reviewAnswer: z.string().optional(), reviewRejectType: z.string().optional() })
    .nullish(),
  createdAtMs: z.union([z.string(), z.number()]).nullish(),
  createdAt: z.string().nullish(),
});

/**
 * Normalizes an authenticated Sumsub webhook body. Sumsub has no event id, so the idempotency key is
 * (`applicantId`, `type`, `createdAtMs`) (§4.1 "dedupe on (applicantId, type, createdAtMs/correlationId)"); the
 * event time is `createdAtMs` (else `createdAt`); subject = `applicantId`; investor reference = `externalUserId`.
 * An `applicantReviewed` without `reviewResult` is refused: it cannot be mapped without guessing.
 *
 * @throws {KycPayloadError} `KYC_PAYLOAD_INVALID` for another shape or an unreadable time.
 * @example
 * const event = parseSumsubEvent(rawBody);
 * event.status; // "REJECTED" for applicantReviewed RED/FINAL
 */
export function parseSumsubEvent(rawBody: Uint8Array): KycEvent {
  const body = parseJsonBody("sumsub", rawBody, sumsubEventSchema);
  const timeText = body.createdAtMs ?? body.createdAt;
  const eventTime = parseProviderTime(timeText);
  if (timeText === undefined || timeText === null || eventTime === undefined) {
    throw new KycPayloadError("sumsub", "createdAtMs (or createdAt) is missing or not a time");
  }
  let status: KycStatus | null;
  if (body.type === "applicantReviewed") {
    if (body.reviewResult === undefined || body.reviewResult === null) {
      throw new KycPayloadError("sumsub", "applicantReviewed without reviewResult");
    }
    status = sumsubReviewStatus(body.reviewResult);
  } else {
    status = Object.hasOwn(SUMSUB_TYPE_STATUS, body.type)
      ? (SUMSUB_TYPE_STATUS[body.type] as KycStatus)
      : null;
  }
  const external = body.externalUserId;
  return {
    provider: "sumsub",
    eventId: `${body.applicantId}:${body.type}:${String(timeText)}`,
    eventType: body.type,
    subjectId: body.applicantId,
    investorRef: typeof external === "string" && external !== "" ? external : null,
    status,
    eventTime,
    signedAt: null,
  };
}
