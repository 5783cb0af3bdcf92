import { ValidationError } from "@coinscious/core";
import { parseOnfidoEvent } from "./parseOnfidoEvent.ts";
import { parsePersonaEvent } from "./parsePersonaEvent.ts";
import { parseSumsubEvent } from "./parseSumsubEvent.ts";
import type { KycEvent, KycProvider, WebhookHeaders } from "./types.ts";
import { verifyOnfidoSignature } from "./verifyOnfidoSignature.ts";
import { verifyPersonaSignature } from "./verifyPersonaSignature.ts";
import { verifySumsubSignature } from "./verifySumsubSignature.ts";

/** Per-provider verifier settings. */
export type KycWebhookSettings = {
  /** The webhook secret(s): one, or the current and previous during a rotation. */
  secrets: readonly string[];
  /** Persona only: accepted |now − t| in seconds (default 300, §4.1). */
  toleranceSeconds?: number;
  /** Sumsub only: accept `HMAC_SHA1_HEX` (default false). */
  allowSha1?: boolean;
};

export type VerifyKycWebhookParameters = {
  provider: KycProvider;
  /** The request body exactly as received. */
  rawBody: Uint8Array;
  headers: WebhookHeaders;
  settings: KycWebhookSettings;
  /** The receipt time (default: the current time). Persona's tolerance is measured from it. */
  receivedAt?: Date;
};

/**
 * Verifies a KYC provider webhook and normalizes it to a {@link KycEvent}, with no side effect (§4.1 generic
 * verifier contract: raw bytes first, constant-time compare, unknown algorithms and missing signatures refused,
 * signed timestamps checked). The body is parsed only once the signature verified, so nothing from an
 * unauthenticated body is ever interpreted.
 *
 * @throws {KycWebhookError} a `KYC_SIGNATURE_*`, `KYC_TIMESTAMP_OUT_OF_TOLERANCE`, `KYC_PAYLOAD_INVALID` or
 * `KYC_WEBHOOK_CONFIG_INVALID` code.
 * @example
 * const event = verifyKycWebhook({ provider: "sumsub", rawBody, headers, settings: { secrets: [key] } });
 * event.status; // e.g. "APPROVED"
 */
export function verifyKycWebhook(parameters: VerifyKycWebhookParameters): KycEvent {
  const { provider, rawBody, headers, settings } = parameters;
  const receivedAt = parameters.receivedAt ?? new Date();
  switch (provider) {
    case "persona": {
      const { signedAt } = verifyPersonaSignature({
        rawBody,
        headers,
        secrets: settings.secrets,
        now: Math.floor(receivedAt.getTime() / 1000),
        ...(settings.toleranceSeconds === undefined ? {} : { toleranceSeconds: settings.toleranceSeconds }),
      });
      return parsePersonaEvent(rawBody, { signedAt: new Date(signedAt * 1000) });
    }
    case "sumsub":
      verifySumsubSignature({
        rawBody,
        headers,
        secrets: settings.secrets,
        allowSha1: settings.allowSha1 === true,
      });
      return parseSumsubEvent(rawBody);
    case "onfido":
      verifyOnfidoSignature({ rawBody, headers, secrets: settings.secrets });
      return parseOnfidoEvent(rawBody, { receivedAt });
    default:
      throw new ValidationError(`Unknown KYC provider ${String(provider satisfies never)}`, { provider });
  }
}
