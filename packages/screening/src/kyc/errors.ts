import { CoinsciousError } from "@coinscious/core";
import type { KycProvider } from "./types.ts";

/**
 * The webhook-ingest outcome of compliance-rules.md §6.1 an error stands for, which the HTTP layer maps to a
 * status: `SIG_INVALID` → 401, `TS_OUT_OF_TOLERANCE` → 401, `PAYLOAD_INVALID` → 400, `CONFIG_INVALID` → 500.
 */
export type KycWebhookOutcome = "SIG_INVALID" | "TS_OUT_OF_TOLERANCE" | "PAYLOAD_INVALID" | "CONFIG_INVALID";

/** Why a delivery was refused. Every failure has its own stable code; tests and the API rely on the code only. */
export type KycWebhookErrorCode =
  | "KYC_SIGNATURE_MISSING"
  | "KYC_SIGNATURE_MALFORMED"
  | "KYC_SIGNATURE_INVALID"
  | "KYC_SIGNATURE_ALGORITHM_UNSUPPORTED"
  | "KYC_TIMESTAMP_OUT_OF_TOLERANCE"
  | "KYC_PAYLOAD_INVALID"
  | "KYC_WEBHOOK_CONFIG_INVALID";

const OUTCOMES: Record<KycWebhookErrorCode, KycWebhookOutcome> = {
  KYC_SIGNATURE_MISSING: "SIG_INVALID",
  KYC_SIGNATURE_MALFORMED: "SIG_INVALID",
  KYC_SIGNATURE_INVALID: "SIG_INVALID",
  KYC_SIGNATURE_ALGORITHM_UNSUPPORTED: "SIG_INVALID",
  KYC_TIMESTAMP_OUT_OF_TOLERANCE: "TS_OUT_OF_TOLERANCE",
  KYC_PAYLOAD_INVALID: "PAYLOAD_INVALID",
  KYC_WEBHOOK_CONFIG_INVALID: "CONFIG_INVALID",
};

/**
 * A KYC webhook delivery was refused before anything was written (§4.1 verifier contract (3): "reject … with 401
 * and no side effects"). Details never contain a secret or the body.
 *
 * @example
 * try { verifyPersonaSignature({ rawBody, headers, secrets }) } catch (e) {
 *   if (e instanceof KycWebhookError) reply.status(e.outcome === "PAYLOAD_INVALID" ? 400 : 401);
 * }
 */
export class KycWebhookError extends CoinsciousError {
  declare readonly code: KycWebhookErrorCode;
  readonly outcome: KycWebhookOutcome;
  readonly provider: KycProvider;
  constructor(
    code: KycWebhookErrorCode,
    provider: KycProvider,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details: { provider, ...details } });
    this.outcome = OUTCOMES[code];
    this.provider = provider;
  }
}

/** The signature header is absent (`KYC_SIGNATURE_MISSING`). */
export class KycSignatureMissingError extends KycWebhookError {
  constructor(provider: KycProvider, header: string) {
    super("KYC_SIGNATURE_MISSING", provider, `The ${header} header is missing`, { header });
  }
}

/** The signature header cannot be parsed (`KYC_SIGNATURE_MALFORMED`): wrong shape, not hex, repeated header. */
export class KycSignatureMalformedError extends KycWebhookError {
  constructor(provider: KycProvider, header: string, reason: string) {
    super("KYC_SIGNATURE_MALFORMED", provider, `The ${header} header is malformed: ${reason}`, {
      header,
      reason,
    });
  }
}

/** No signature matches the body under any configured secret (`KYC_SIGNATURE_INVALID`). */
export class KycSignatureInvalidError extends KycWebhookError {
  constructor(provider: KycProvider) {
    super("KYC_SIGNATURE_INVALID", provider, "No webhook signature matches the body");
  }
}

/** The signature uses an algorithm or scheme that is unknown or not allowed (`KYC_SIGNATURE_ALGORITHM_UNSUPPORTED`). */
export class KycSignatureAlgorithmError extends KycWebhookError {
  constructor(provider: KycProvider, algorithm: string) {
    super(
      "KYC_SIGNATURE_ALGORITHM_UNSUPPORTED",
      provider,
      `Signature algorithm "${algorithm}" is not accepted`,
      {
        algorithm,
      },
    );
  }
}

/** The signature is valid but its signed timestamp is outside the tolerance (`KYC_TIMESTAMP_OUT_OF_TOLERANCE`). */
export class KycTimestampError extends KycWebhookError {
  constructor(provider: KycProvider, signedAt: number, now: number, toleranceSeconds: number) {
    super(
      "KYC_TIMESTAMP_OUT_OF_TOLERANCE",
      provider,
      `Signed timestamp ${signedAt} is more than ${toleranceSeconds} s from now (${now})`,
      { signedAt, now, toleranceSeconds },
    );
  }
}

/** The body is authentic but not a payload this code understands (`KYC_PAYLOAD_INVALID`). */
export class KycPayloadError extends KycWebhookError {
  constructor(provider: KycProvider, reason: string, issues?: unknown) {
    super("KYC_PAYLOAD_INVALID", provider, `The webhook payload is invalid: ${reason}`, {
      reason,
      ...(issues === undefined ? {} : { issues }),
    });
  }
}

/** The verifier's own settings are unusable: no secret, a bad tolerance (`KYC_WEBHOOK_CONFIG_INVALID`). */
export class KycWebhookConfigError extends KycWebhookError {
  constructor(provider: KycProvider, reason: string) {
    super("KYC_WEBHOOK_CONFIG_INVALID", provider, `The ${provider} webhook settings are invalid: ${reason}`, {
      reason,
    });
  }
}
