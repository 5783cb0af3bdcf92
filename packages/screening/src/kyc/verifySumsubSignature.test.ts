import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  flipByte,
  SUMSUB_OLD_SECRET,
  SUMSUB_SECRET,
  sumsubBody,
  sumsubHeaders,
} from "./testing/webhookFixtures.ts";
import type { WebhookHeaders } from "./types.ts";
import { verifySumsubSignature } from "./verifySumsubSignature.ts";

const body = sumsubBody();
const verify = (
  headers: WebhookHeaders,
  extra: { rawBody?: Uint8Array; secrets?: string[]; allowSha1?: boolean } = {},
) =>
  verifySumsubSignature({
    rawBody: extra.rawBody ?? body,
    headers,
    secrets: extra.secrets ?? [SUMSUB_SECRET],
    ...(extra.allowSha1 === undefined ? {} : { allowSha1: extra.allowSha1 }),
  });

describe("verifySumsubSignature (§4.1 Sumsub)", () => {
  it("accepts HMAC_SHA256_HEX, HMAC_SHA512_HEX, and SHA-256 when the algorithm header is absent", () => {
    assert.deepEqual(verify(sumsubHeaders(body)), { algorithm: "HMAC_SHA256_HEX" });
    assert.deepEqual(verify(sumsubHeaders(body, SUMSUB_SECRET, "HMAC_SHA512_HEX")), {
      algorithm: "HMAC_SHA512_HEX",
    });
    assert.deepEqual(verify(sumsubHeaders(body, SUMSUB_SECRET, undefined)), { algorithm: "HMAC_SHA256_HEX" });
    const mixedCase = { "X-Payload-Digest": sumsubHeaders(body)["x-payload-digest"].toUpperCase() };
    assert.deepEqual(verify(mixedCase), { algorithm: "HMAC_SHA256_HEX" });
  });

  it("refuses HMAC_SHA1_HEX unless allowed", () => {
    const headers = sumsubHeaders(body, SUMSUB_SECRET, "HMAC_SHA1_HEX");
    assert.throws(() => verify(headers), { code: "KYC_SIGNATURE_ALGORITHM_UNSUPPORTED" });
    assert.deepEqual(verify(headers, { allowSha1: true }), { algorithm: "HMAC_SHA1_HEX" });
  });

  it("refuses unknown algorithms such as MD5 (§7 case 44)", () => {
    for (const alg of ["MD5", "HMAC_MD5_HEX", "hmac_sha256_hex", "NONE", "constructor", "toString"]) {
      assert.throws(
        () => verify(sumsubHeaders(body, SUMSUB_SECRET, alg)),
        {
          code: "KYC_SIGNATURE_ALGORITHM_UNSUPPORTED",
        },
        alg,
      );
    }
  });

  it("refuses the body with any one byte changed, or one trailing space added (§7 case 44)", () => {
    const headers = sumsubHeaders(body);
    fc.assert(
      fc.property(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        assert.throws(() => verify(headers, { rawBody: flipByte(body, index, mask) }), {
          code: "KYC_SIGNATURE_INVALID",
        });
      }),
      { numRuns: 200 },
    );
    assert.throws(() => verify(headers, { rawBody: Buffer.concat([body, Buffer.from(" ")]) }), {
      code: "KYC_SIGNATURE_INVALID",
    });
  });

  it("accepts the old and the new secret key during a rotation", () => {
    const both = [SUMSUB_SECRET, SUMSUB_OLD_SECRET];
    assert.deepEqual(verify(sumsubHeaders(body, SUMSUB_OLD_SECRET), { secrets: both }), {
      algorithm: "HMAC_SHA256_HEX",
    });
    assert.deepEqual(verify(sumsubHeaders(body), { secrets: both }), { algorithm: "HMAC_SHA256_HEX" });
    assert.throws(() => verify(sumsubHeaders(body, SUMSUB_OLD_SECRET)), { code: "KYC_SIGNATURE_INVALID" });
    assert.throws(
      () => verify(sumsubHeaders(body), { secrets: [SUMSUB_SECRET, SUMSUB_OLD_SECRET, "third"] }),
      {
        code: "KYC_WEBHOOK_CONFIG_INVALID",
      },
    );
  });

  it("refuses a missing digest (KYC_SIGNATURE_MISSING) and malformed ones (KYC_SIGNATURE_MALFORMED)", () => {
    assert.throws(() => verify({ "x-payload-digest-alg": "HMAC_SHA256_HEX" }), {
      code: "KYC_SIGNATURE_MISSING",
    });
    const sha256 = sumsubHeaders(body)["x-payload-digest"];
    for (const digest of [sha256.slice(1), `${sha256}00`, sha256.replace(/^../, "zz")]) {
      assert.throws(() => verify({ "x-payload-digest": digest }), { code: "KYC_SIGNATURE_MALFORMED" });
    }
    // A SHA-256 digest announced as SHA-512 has the wrong length.
    assert.throws(() => verify({ "x-payload-digest": sha256, "x-payload-digest-alg": "HMAC_SHA512_HEX" }), {
      code: "KYC_SIGNATURE_MALFORMED",
    });
    assert.throws(() => verify({ "x-payload-digest": [sha256, sha256] }), {
      code: "KYC_SIGNATURE_MALFORMED",
    });
  });
});
