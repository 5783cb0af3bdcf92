import { checkWebhookSecrets } from "./checkWebhookSecrets.ts";
import {
  KycSignatureAlgorithmError,
  KycSignatureInvalidError,
  KycSignatureMalformedError,
  KycSignatureMissingError,
} from "./errors.ts";
import { HMAC_DIGEST_BYTES, type HmacHash, matchesHmac } from "./matchesHmac.ts";
import { readHeader } from "./readHeader.ts";
import type { WebhookHeaders } from "./types.ts";

export const SUMSUB_DIGEST_HEADER = "X-Payload-Digest";
export const SUMSUB_DIGEST_ALG_HEADER = "X-Payload-Digest-Alg";

/** Sumsub's digest algorithms (§4.1) and their hashes. `HMAC_SHA256_HEX` is Sumsub's default. */
export const SUMSUB_DIGEST_ALGORITHMS: Readonly<Record<string, HmacHash>> = {
  HMAC_SHA1_HEX: "sha1",
  HMAC_SHA256_HEX: "sha256",
  HMAC_SHA512_HEX: "sha512",
};

export type VerifySumsubSignatureParameters = {
  /** The request body exactly as received — before any JSON parse. */
  rawBody: Uint8Array;
  headers: WebhookHeaders;
  /** The webhook secret key, or the current and previous one while rotating. */
  secrets: readonly string[];
  /**
   * Accept `HMAC_SHA1_HEX` (default false). §4.1 allows refusing SHA-1; we do unless the operator opts in, so a
   * downgraded header cannot select the weakest hash.
   */
  allowSha1?: boolean;
};

export type VerifySumsubSignatureReturnType = {
  /** The algorithm that verified (`HMAC_SHA256_HEX` when the header was absent). */
  algorithm: string;
};

/**
 * Verifies a Sumsub webhook (§4.1; docs.sumsub.com webhooks): `X-Payload-Digest` is the hex HMAC of the raw body
 * under the webhook secret key, with the hash named by `X-Payload-Digest-Alg` (`HMAC_SHA1_HEX`,
 * `HMAC_SHA256_HEX` — the default when the header is absent — or `HMAC_SHA512_HEX`). Any other algorithm (e.g.
 * `MD5`, §7 case 44) is refused. Sumsub signs no timestamp: replays are stopped by the idempotency store and
 * ordering uses the body's `createdAtMs` (see {@link ingestKycWebhook}).
 *
 * @throws {KycWebhookError} `KYC_SIGNATURE_MISSING`, `KYC_SIGNATURE_MALFORMED`, `KYC_SIGNATURE_ALGORITHM_UNSUPPORTED`,
 * `KYC_SIGNATURE_INVALID`, `KYC_WEBHOOK_CONFIG_INVALID`.
 * @example
 * verifySumsubSignature({ rawBody, headers: req.headers, secrets: [secretKey] });
 */
export function verifySumsubSignature(
  parameters: VerifySumsubSignatureParameters,
): VerifySumsubSignatureReturnType {
  const secrets = checkWebhookSecrets("sumsub", parameters.secrets);
  const algorithm = readHeader("sumsub", parameters.headers, SUMSUB_DIGEST_ALG_HEADER) ?? "HMAC_SHA256_HEX";
  const hash = Object.hasOwn(SUMSUB_DIGEST_ALGORITHMS, algorithm)
    ? SUMSUB_DIGEST_ALGORITHMS[algorithm]
    : undefined;
  if (hash === undefined || (hash === "sha1" && parameters.allowSha1 !== true)) {
    throw new KycSignatureAlgorithmError("sumsub", algorithm);
  }
  const digest = readHeader("sumsub", parameters.headers, SUMSUB_DIGEST_HEADER);
  if (digest === undefined) throw new KycSignatureMissingError("sumsub", SUMSUB_DIGEST_HEADER);
  const hexLength = HMAC_DIGEST_BYTES[hash] * 2;
  if (digest.length !== hexLength || !/^[0-9a-fA-F]+$/.test(digest)) {
    throw new KycSignatureMalformedError("sumsub", SUMSUB_DIGEST_HEADER, `expected ${hexLength} hex digits`);
  }
  if (!matchesHmac(hash, secrets, [parameters.rawBody], digest)) throw new KycSignatureInvalidError("sumsub");
  return { algorithm };
}
