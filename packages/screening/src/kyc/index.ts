// KYC/AML provider webhooks (issue 5; compliance-rules.md §4.1): verification, one status model, storage, and the
// registry-oracle update an approval calls for. See README.md for the provider → status mapping.
export { type ApplyKycStatusParameters, applyKycStatus } from "./applyKycStatus.ts";
export {
  type BuildKycRegistryUpdateParameters,
  type BuildKycRegistryUpdateReturnType,
  buildKycRegistryUpdate,
} from "./buildKycRegistryUpdate.ts";
export {
  KycPayloadError,
  KycSignatureAlgorithmError,
  KycSignatureInvalidError,
  KycSignatureMalformedError,
  KycSignatureMissingError,
  KycTimestampError,
  KycWebhookConfigError,
  KycWebhookError,
  type KycWebhookErrorCode,
  type KycWebhookOutcome,
} from "./errors.ts";
export { type FindKycStatusParameters, findKycStatus } from "./findKycStatus.ts";
export { type FindKycWebhookEvidenceParameters, findKycWebhookEvidence } from "./findKycWebhookEvidence.ts";
export {
  type IngestKycWebhookParameters,
  type IngestKycWebhookReturnType,
  ingestKycWebhook,
  type KycEventResolution,
  type KycIngestOutcome,
} from "./ingestKycWebhook.ts";
export {
  type InsertKycWebhookEventParameters,
  type InsertKycWebhookEventReturnType,
  insertKycWebhookEvent,
} from "./insertKycWebhookEvent.ts";
export { isKycStatus, KYC_STATUSES, kycStatusSeverity } from "./kycStatuses.ts";
export { listKycStatusesForInvestor } from "./listKycStatusesForInvestor.ts";
export {
  ONFIDO_CHECK_RESULT_STATUS,
  ONFIDO_WORKFLOW_RUN_STATUS,
  parseOnfidoEvent,
} from "./parseOnfidoEvent.ts";
export { PERSONA_EVENT_STATUS, parsePersonaEvent } from "./parsePersonaEvent.ts";
export { parseProviderTime } from "./parseProviderTime.ts";
export { parseSumsubEvent, SUMSUB_TYPE_STATUS, sumsubReviewStatus } from "./parseSumsubEvent.ts";
export type {
  KycEvent,
  KycProvider,
  KycStatus,
  KycStatusRecord,
  KycWebhookEvidence,
  WebhookHeaders,
} from "./types.ts";
export {
  type KycWebhookSettings,
  type VerifyKycWebhookParameters,
  verifyKycWebhook,
} from "./verifyKycWebhook.ts";
export {
  ONFIDO_LEGACY_SIGNATURE_HEADER,
  ONFIDO_SIGNATURE_HEADER,
  type VerifyOnfidoSignatureParameters,
  verifyOnfidoSignature,
} from "./verifyOnfidoSignature.ts";
export {
  PERSONA_DEFAULT_TOLERANCE_SECONDS,
  PERSONA_SIGNATURE_HEADER,
  type VerifyPersonaSignatureParameters,
  type VerifyPersonaSignatureReturnType,
  verifyPersonaSignature,
} from "./verifyPersonaSignature.ts";
export {
  SUMSUB_DIGEST_ALG_HEADER,
  SUMSUB_DIGEST_ALGORITHMS,
  SUMSUB_DIGEST_HEADER,
  type VerifySumsubSignatureParameters,
  type VerifySumsubSignatureReturnType,
  verifySumsubSignature,
} from "./verifySumsubSignature.ts";
