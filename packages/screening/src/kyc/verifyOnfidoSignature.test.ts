import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  flipByte,
  hmacHex,
  ONFIDO_OLD_TOKEN,
  ONFIDO_TOKEN,
  onfidoBody,
  onfidoHeaders,
} from "./testing/webhookFixtures.ts";
import type { WebhookHeaders } from "./types.ts";
import { verifyOnfidoSignature } from "./verifyOnfidoSignature.ts";

const body = onfidoBody();
const verify = (headers: WebhookHeaders, extra: { rawBody?: Uint8Array; secrets?: string[] } = {}) =>
  verifyOnfidoSignature({
    rawBody: extra.rawBody ?? body,
    headers,
    secrets: extra.secrets ?? [ONFIDO_TOKEN],
  });

describe("verifyOnfidoSignature (§4.1 Onfido)", () => {
  it("accepts a valid X-SHA2-Signature", () => {
    assert.equal(verify(onfidoHeaders(body)), undefined);
    assert.equal(verify({ "X-SHA2-Signature": onfidoHeaders(body)["x-sha2-signature"] }), undefined);
  });

  it("refuses the body with any one byte changed", () => {
    const headers = onfidoHeaders(body);
    fc.assert(
      fc.property(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        assert.throws(() => verify(headers, { rawBody: flipByte(body, index, mask) }), {
          code: "KYC_SIGNATURE_INVALID",
        });
      }),
      { numRuns: 200 },
    );
  });

  it("accepts the old and the new token during a rotation", () => {
    const both = [ONFIDO_TOKEN, ONFIDO_OLD_TOKEN];
    assert.equal(verify(onfidoHeaders(body, ONFIDO_OLD_TOKEN), { secrets: both }), undefined);
    assert.equal(verify(onfidoHeaders(body), { secrets: both }), undefined);
    assert.throws(() => verify(onfidoHeaders(body, ONFIDO_OLD_TOKEN)), { code: "KYC_SIGNATURE_INVALID" });
  });

  it("refuses the legacy SHA-1 X-Signature alone (KYC_SIGNATURE_ALGORITHM_UNSUPPORTED)", () => {
    assert.throws(() => verify({ "x-signature": hmacHex("sha1", ONFIDO_TOKEN, body) }), {
      code: "KYC_SIGNATURE_ALGORITHM_UNSUPPORTED",
    });
  });

  it("refuses a missing or malformed signature", () => {
    assert.throws(() => verify({}), { code: "KYC_SIGNATURE_MISSING" });
    const good = onfidoHeaders(body)["x-sha2-signature"];
    for (const sig of [good.slice(2), `${good}ab`, `sha256=${good}`, hmacHex("sha1", ONFIDO_TOKEN, body)]) {
      assert.throws(() => verify({ "x-sha2-signature": sig }), { code: "KYC_SIGNATURE_MALFORMED" }, sig);
    }
  });
});
