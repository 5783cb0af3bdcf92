/**
 * The shared shapes of KYC webhook ingestion (issue 5, compliance-rules.md §4.1). One provider-neutral status
 * model: whatever Persona, Sumsub or Onfido call a result, the platform stores and decides on one of these six.
 */

/** The providers whose webhooks are verified and ingested (§4.1). */
export type KycProvider = "persona" | "sumsub" | "onfido";

/**
 * The provider-neutral KYC status. Only `APPROVED` lets an investor transact; every other value fails closed
 * (§0 "Fail closed"; §6.1 codes 42 KYC_PENDING, 43 KYC_REJECTED, 44/45 KYC_EXPIRED_*).
 *
 * - `APPROVED` — the provider verified the person.
 * - `PENDING` — verification started or is running; no decision yet.
 * - `RESUBMISSION_REQUIRED` — rejected with a retry allowed (Sumsub RED+RETRY, Persona `inquiry.failed`).
 * - `REVIEW` — a human must decide (on hold, marked for review, Onfido `consider`).
 * - `REJECTED` — final negative decision (Sumsub RED+FINAL, Persona `inquiry.declined`).
 * - `EXPIRED` — the verification lapsed before a decision (Persona `inquiry.expired`, Onfido `abandoned`); the
 *   person must verify again. Of the "not approved" statuses it is the one that also blocks the sender (§0).
 */
export type KycStatus = "APPROVED" | "PENDING" | "RESUBMISSION_REQUIRED" | "REVIEW" | "REJECTED" | "EXPIRED";

/**
 * Request headers as a plain record, the way Node (`IncomingHttpHeaders`), Fastify and Hono hand them over.
 * Names are matched case-insensitively.
 */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A webhook event, verified and normalized; what ingestion stores. */
export type KycEvent = {
  provider: KycProvider;
  /**
   * The provider's event id, the idempotency key: Persona `data.id`; Sumsub (no event id) the applicant, type and
   * `createdAtMs`; Onfido (no event id) the object id, action and completion time (§4.1 "dedupe on …").
   */
  eventId: string;
  /** The provider's event name: Persona `inquiry.approved`, Sumsub `applicantReviewed`, Onfido `check.completed`. */
  eventType: string;
  /** Whose status the event changes: Persona account (else inquiry), Sumsub applicant, Onfido applicant (else object). */
  subjectId: string;
  /** The platform's investor reference when the provider echoes it (Persona `reference-id`, Sumsub `externalUserId`). */
  investorRef: string | null;
  /** The status the event implies; `null` for events that carry no status (stored as evidence, ignored). */
  status: KycStatus | null;
  /** The provider's event time: orders events (never the arrival order, §4.1 "events may arrive out of order"). */
  eventTime: Date;
  /** The signed timestamp of the delivery, where the provider signs one (Persona `t`). */
  signedAt: Date | null;
};

/** The current status of one (provider, subject), as stored in `kyc_statuses`. */
export type KycStatusRecord = {
  provider: KycProvider;
  subjectId: string;
  investorRef: string | null;
  status: KycStatus;
  /** The event that set the status, and its provider time. */
  eventId: string;
  eventType: string;
  eventTime: Date;
  /** When this row was last written (the ingesting process's clock). */
  updatedAt: Date;
};

/** One stored delivery, the evidence of a KYC decision (§4.1 (7); 17Ad/OFAC record sets). */
export type KycWebhookEvidence = KycEvent & {
  /** What ingestion did with it. */
  outcome: "APPLIED" | "STALE_EVENT" | "IGNORED";
  receivedAt: Date;
  /** The request body exactly as received. */
  rawBody: Uint8Array;
  /** sha256 of `rawBody`, hex. */
  bodySha256: string;
  /** The request headers exactly as received. */
  headers: Record<string, string | string[]>;
};
