import { createHmac, timingSafeEqual } from "node:crypto";

/** The HMAC hashes the providers use (§4.1): SHA-256 everywhere, SHA-1 and SHA-512 as Sumsub options. */
export type HmacHash = "sha1" | "sha256" | "sha512";

/** Digest length in bytes of each {@link HmacHash}. */
export const HMAC_DIGEST_BYTES: Readonly<Record<HmacHash, number>> = { sha1: 20, sha256: 32, sha512: 64 };

/**
 * Whether `signatureHex` is the HMAC of `parts` (concatenated, raw bytes — never a re-serialized JSON) under any
 * of `secrets`. Every secret is tried (no early exit) and each comparison is `crypto.timingSafeEqual` over the
 * decoded bytes, so the time taken does not reveal how much of a guess was right (§4.1 "constant-time compare").
 * A signature of the wrong length is compared against the digest itself first, so the length check does not
 * short-circuit either, and then reported as no match; hex case is irrelevant (the bytes are compared).
 *
 * @example
 * matchesHmac("sha256", ["old-secret", "new-secret"], [rawBody], headerHex); // true during a rotation
 */
export function matchesHmac(
  hash: HmacHash,
  secrets: readonly string[],
  parts: readonly (string | Uint8Array)[],
  signatureHex: string,
): boolean {
  const expectedLength = HMAC_DIGEST_BYTES[hash];
  const given = /^[0-9a-fA-F]*$/.test(signatureHex) ? Buffer.from(signatureHex, "hex") : Buffer.alloc(0);
  const lengthOk = given.length === expectedLength && signatureHex.length === expectedLength * 2;
  let matched = false;
  for (const secret of secrets) {
    const hmac = createHmac(hash, secret);
    for (const part of parts) hmac.update(part);
    const digest = hmac.digest();
    // timingSafeEqual throws on unequal lengths: compare the digest with itself instead, and fail on length.
    const equal = timingSafeEqual(digest, lengthOk ? given : digest);
    matched = (equal && lengthOk) || matched;
  }
  return matched;
}
