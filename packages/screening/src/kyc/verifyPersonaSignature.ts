import { checkWebhookSecrets } from "./checkWebhookSecrets.ts";
import {
  KycSignatureAlgorithmError,
  KycSignatureInvalidError,
  KycSignatureMalformedError,
  KycSignatureMissingError,
  KycTimestampError,
  KycWebhookConfigError,
} from "./errors.ts";
import { matchesHmac } from "./matchesHmac.ts";
import { readHeader } from "./readHeader.ts";
import type { WebhookHeaders } from "./types.ts";

/** The header Persona signs with (docs.withpersona.com/docs/webhooks-best-practices; §4.1). */
export const PERSONA_SIGNATURE_HEADER = "Persona-Signature";

/** Persona gives no number; §4.1 sets the project default to 300 s. */
export const PERSONA_DEFAULT_TOLERANCE_SECONDS = 300;

export type VerifyPersonaSignatureParameters = {
  /** The request body exactly as received — before any JSON parse. */
  rawBody: Uint8Array;
  headers: WebhookHeaders;
  /** The webhook secret, or the current and previous one while rotating. */
  secrets: readonly string[];
  /** Now, in Unix seconds (injected so tests and replays are deterministic). */
  now: number;
  /** Largest accepted |now − t| in seconds; default {@link PERSONA_DEFAULT_TOLERANCE_SECONDS}. */
  toleranceSeconds?: number;
};

export type VerifyPersonaSignatureReturnType = {
  /** The signed `t` of the matching signature set (Unix seconds). */
  signedAt: number;
};

const SET_RE = /^[^\s,=]+=[^\s,=]*(,[^\s,=]+=[^\s,=]*)*$/;

/**
 * Verifies a Persona webhook (§4.1, Persona "Checking signatures"): `Persona-Signature: t=<unix>,v1=<hex>`, where
 * v1 = HMAC-SHA256(secret, `${t}.${raw body}`). During a secret rotation the header holds two space-separated
 * `t=…,v1=…` sets and the delivery is authentic if any set matches (§7 case 43: only the second matching is
 * accepted). `t` is signed, so it is checked against the tolerance — after the HMAC, so an unauthenticated
 * request never learns anything about our clock.
 *
 * Sets whose only signature scheme is not `v1` are unknown algorithms: refused when no set has `v1`
 * (`KYC_SIGNATURE_ALGORITHM_UNSUPPORTED`), otherwise ignored.
 *
 * @throws {KycWebhookError} `KYC_SIGNATURE_MISSING`, `KYC_SIGNATURE_MALFORMED`, `KYC_SIGNATURE_ALGORITHM_UNSUPPORTED`,
 * `KYC_SIGNATURE_INVALID`, `KYC_TIMESTAMP_OUT_OF_TOLERANCE`, `KYC_WEBHOOK_CONFIG_INVALID`.
 * @example
 * const { signedAt } = verifyPersonaSignature({ rawBody, headers: req.headers, secrets: [secret], now: nowSeconds });
 */
export function verifyPersonaSignature(
  parameters: VerifyPersonaSignatureParameters,
): VerifyPersonaSignatureReturnType {
  const secrets = checkWebhookSecrets("persona", parameters.secrets);
  const tolerance = parameters.toleranceSeconds ?? PERSONA_DEFAULT_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new KycWebhookConfigError("persona", "toleranceSeconds must be a non-negative number");
  }
  const header = readHeader("persona", parameters.headers, PERSONA_SIGNATURE_HEADER);
  if (header === undefined) throw new KycSignatureMissingError("persona", PERSONA_SIGNATURE_HEADER);

  const candidates: { t: number; tText: string; v1: string }[] = [];
  const otherSchemes: string[] = [];
  for (const set of header.split(/\s+/)) {
    if (!SET_RE.test(set)) throw malformed(`"${set.slice(0, 40)}" is not a list of key=value pairs`);
    const pairs = set.split(",").map((pair) => pair.split("=") as [string, string]);
    const tValues = pairs.filter(([k]) => k === "t").map(([, v]) => v);
    if (tValues.length !== 1 || !/^\d{1,12}$/.test(tValues[0] as string)) {
      throw malformed("each signature set needs exactly one numeric t");
    }
    const tText = tValues[0] as string;
    const signatures = pairs.filter(([k]) => k !== "t");
    if (signatures.length === 0) throw malformed("a signature set has no signature");
    for (const [scheme, value] of signatures) {
      if (scheme !== "v1") {
        otherSchemes.push(scheme);
        continue;
      }
      if (!/^[0-9a-fA-F]{64}$/.test(value)) throw malformed("v1 is not 64 hex digits");
      candidates.push({ t: Number(tText), tText, v1: value });
    }
  }
  if (candidates.length === 0) throw new KycSignatureAlgorithmError("persona", otherSchemes.join(","));

  // Try every set (rotation) with every secret; keep the matching sets' timestamps.
  const matched = candidates.filter((c) =>
    matchesHmac("sha256", secrets, [`${c.tText}.`, parameters.rawBody], c.v1),
  );
  if (matched.length === 0) throw new KycSignatureInvalidError("persona");
  const fresh = matched.find((c) => Math.abs(parameters.now - c.t) <= tolerance);
  if (fresh === undefined) {
    throw new KycTimestampError("persona", (matched[0] as { t: number }).t, parameters.now, tolerance);
  }
  return { signedAt: fresh.t };
}

function malformed(reason: string): KycSignatureMalformedError {
  return new KycSignatureMalformedError("persona", PERSONA_SIGNATURE_HEADER, reason);
}
