import { checkWebhookSecrets } from "./checkWebhookSecrets.ts";
import {
  KycSignatureAlgorithmError,
  KycSignatureInvalidError,
  KycSignatureMalformedError,
  KycSignatureMissingError,
} from "./errors.ts";
import { matchesHmac } from "./matchesHmac.ts";
import { readHeader } from "./readHeader.ts";
import type { WebhookHeaders } from "./types.ts";

export const ONFIDO_SIGNATURE_HEADER = "X-SHA2-Signature";
/** The legacy v2 header, HMAC-SHA1 (§4.1 [R]); never accepted on its own. */
export const ONFIDO_LEGACY_SIGNATURE_HEADER = "X-Signature";

export type VerifyOnfidoSignatureParameters = {
  /** The request body exactly as received — before any JSON parse. */
  rawBody: Uint8Array;
  headers: WebhookHeaders;
  /** The webhook token (returned at webhook registration), or the current and previous one while rotating. */
  secrets: readonly string[];
};

/**
 * Verifies an Onfido (Entrust) webhook (§4.1; Entrust "manual webhook signature verification"): `X-SHA2-Signature`
 * is the hex HMAC-SHA256 of the raw body keyed with the webhook token. A delivery signed only with the legacy
 * SHA-1 `X-Signature` is an unsupported algorithm. Onfido signs no timestamp: replays are stopped by the
 * idempotency store, and §4.1 asks to fetch the resource from the API before acting (the `resolve` hook of
 * {@link ingestKycWebhook}).
 *
 * @throws {KycWebhookError} `KYC_SIGNATURE_MISSING`, `KYC_SIGNATURE_MALFORMED`, `KYC_SIGNATURE_ALGORITHM_UNSUPPORTED`,
 * `KYC_SIGNATURE_INVALID`, `KYC_WEBHOOK_CONFIG_INVALID`.
 * @example
 * verifyOnfidoSignature({ rawBody, headers: req.headers, secrets: [webhookToken] });
 */
export function verifyOnfidoSignature(parameters: VerifyOnfidoSignatureParameters): void {
  const secrets = checkWebhookSecrets("onfido", parameters.secrets);
  const signature = readHeader("onfido", parameters.headers, ONFIDO_SIGNATURE_HEADER);
  if (signature === undefined) {
    if (readHeader("onfido", parameters.headers, ONFIDO_LEGACY_SIGNATURE_HEADER) !== undefined) {
      throw new KycSignatureAlgorithmError("onfido", "HMAC-SHA1 (X-Signature)");
    }
    throw new KycSignatureMissingError("onfido", ONFIDO_SIGNATURE_HEADER);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) {
    throw new KycSignatureMalformedError("onfido", ONFIDO_SIGNATURE_HEADER, "expected 64 hex digits");
  }
  if (!matchesHmac("sha256", secrets, [parameters.rawBody], signature)) {
    throw new KycSignatureInvalidError("onfido");
  }
}
