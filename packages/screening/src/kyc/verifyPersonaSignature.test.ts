import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  flipByte,
  hmacHex,
  NOW,
  PERSONA_OLD_SECRET,
  PERSONA_SECRET,
  personaBody,
  personaHeaders,
  personaSet,
} from "./testing/webhookFixtures.ts";
import type { WebhookHeaders } from "./types.ts";
import { verifyPersonaSignature } from "./verifyPersonaSignature.ts";

const body = personaBody();
const verify = (
  headers: WebhookHeaders,
  extra: { rawBody?: Uint8Array; now?: number; secrets?: string[]; toleranceSeconds?: number } = {},
) =>
  verifyPersonaSignature({
    rawBody: extra.rawBody ?? body,
    headers,
    secrets: extra.secrets ?? [PERSONA_SECRET],
    now: extra.now ?? NOW,
    ...(extra.toleranceSeconds === undefined ? {} : { toleranceSeconds: extra.toleranceSeconds }),
  });

describe("verifyPersonaSignature (§4.1 Persona)", () => {
  it("accepts a valid signature and returns the signed t", () => {
    assert.deepEqual(verify(personaHeaders(body)), { signedAt: NOW });
  });

  it("matches the header name case-insensitively and accepts upper-case hex", () => {
    const hex = hmacHex("sha256", PERSONA_SECRET, `${NOW}.`, body).toUpperCase();
    assert.deepEqual(verify({ "Persona-Signature": `t=${NOW},v1=${hex}` }), { signedAt: NOW });
  });

  it("refuses the body with any one byte changed (KYC_SIGNATURE_INVALID)", () => {
    const headers = personaHeaders(body);
    fc.assert(
      fc.property(fc.nat({ max: body.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        assert.throws(() => verify(headers, { rawBody: flipByte(body, index, mask) }), {
          code: "KYC_SIGNATURE_INVALID",
        });
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a body re-serialized from the parsed JSON (signature is over the raw bytes)", () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8"))));
    assert.throws(() => verify(personaHeaders(body), { rawBody: reserialized }), {
      code: "KYC_SIGNATURE_INVALID",
    });
  });

  it("refuses a wrong secret", () => {
    assert.throws(() => verify(personaHeaders(body, "another-secret")), { code: "KYC_SIGNATURE_INVALID" });
  });

  it("refuses a stale or future t beyond the tolerance, after the HMAC verified (KYC_TIMESTAMP_OUT_OF_TOLERANCE)", () => {
    // §7 case 43: valid signature but t is 10 minutes old, tolerance 300 s.
    assert.throws(() => verify(personaHeaders(body, PERSONA_SECRET, NOW - 600)), {
      code: "KYC_TIMESTAMP_OUT_OF_TOLERANCE",
      outcome: "TS_OUT_OF_TOLERANCE",
    });
    assert.throws(() => verify(personaHeaders(body, PERSONA_SECRET, NOW + 301)), {
      code: "KYC_TIMESTAMP_OUT_OF_TOLERANCE",
    });
    // The edge is inclusive.
    assert.deepEqual(verify(personaHeaders(body, PERSONA_SECRET, NOW - 300)), { signedAt: NOW - 300 });
    // A stale t with a bad signature is a signature failure: the clock is only consulted for authentic requests.
    assert.throws(() => verify(personaHeaders(body, "wrong", NOW - 600)), { code: "KYC_SIGNATURE_INVALID" });
  });

  it("takes the tolerance from the settings", () => {
    assert.deepEqual(verify(personaHeaders(body, PERSONA_SECRET, NOW - 600), { toleranceSeconds: 900 }), {
      signedAt: NOW - 600,
    });
    assert.throws(() => verify(personaHeaders(body, PERSONA_SECRET, NOW - 31), { toleranceSeconds: 30 }), {
      code: "KYC_TIMESTAMP_OUT_OF_TOLERANCE",
    });
    assert.throws(() => verify(personaHeaders(body), { toleranceSeconds: -1 }), {
      code: "KYC_WEBHOOK_CONFIG_INVALID",
    });
  });

  it("accepts a rotation header with two sets when only the second matches (§7 case 43)", () => {
    const header = `${personaSet(body, PERSONA_OLD_SECRET)} ${personaSet(body, PERSONA_SECRET)}`;
    assert.deepEqual(verify({ "persona-signature": header }), { signedAt: NOW });
    const reversed = `${personaSet(body, PERSONA_SECRET)} ${personaSet(body, PERSONA_OLD_SECRET)}`;
    assert.deepEqual(verify({ "persona-signature": reversed }), { signedAt: NOW });
  });

  it("accepts the old and the new secret while our side rotates, and nothing after the old one is dropped", () => {
    const signedWithOld = personaHeaders(body, PERSONA_OLD_SECRET);
    assert.deepEqual(verify(signedWithOld, { secrets: [PERSONA_SECRET, PERSONA_OLD_SECRET] }), {
      signedAt: NOW,
    });
    assert.deepEqual(verify(personaHeaders(body), { secrets: [PERSONA_SECRET, PERSONA_OLD_SECRET] }), {
      signedAt: NOW,
    });
    assert.throws(() => verify(signedWithOld, { secrets: [PERSONA_SECRET] }), {
      code: "KYC_SIGNATURE_INVALID",
    });
  });

  it("refuses a header whose only scheme is unknown (KYC_SIGNATURE_ALGORITHM_UNSUPPORTED)", () => {
    const v2 = hmacHex("sha512", PERSONA_SECRET, `${NOW}.`, body);
    assert.throws(() => verify({ "persona-signature": `t=${NOW},v2=${v2}` }), {
      code: "KYC_SIGNATURE_ALGORITHM_UNSUPPORTED",
      outcome: "SIG_INVALID",
    });
    // An unknown scheme next to a valid v1 is ignored.
    assert.deepEqual(verify({ "persona-signature": `${personaSet(body, PERSONA_SECRET)},v0=abcd` }), {
      signedAt: NOW,
    });
  });

  it("refuses a missing header (KYC_SIGNATURE_MISSING)", () => {
    assert.throws(() => verify({}), { code: "KYC_SIGNATURE_MISSING" });
    assert.throws(() => verify({ "persona-signature": "  " }), { code: "KYC_SIGNATURE_MISSING" });
  });

  it("refuses malformed headers (KYC_SIGNATURE_MALFORMED)", () => {
    const v1 = hmacHex("sha256", PERSONA_SECRET, `${NOW}.`, body);
    for (const header of [
      v1,
      `v1=${v1}`,
      `t=abc,v1=${v1}`,
      `t=${NOW},t=${NOW},v1=${v1}`,
      `t=${NOW}`,
      `t=${NOW},v1=${v1.slice(2)}`,
      `t=${NOW},v1=${v1}zz`.replace(/.{2}$/, "zz"),
      `t=${NOW};v1=${v1}`,
      `t=${NOW},,v1=${v1}`,
    ]) {
      assert.throws(
        () => verify({ "persona-signature": header }),
        { code: "KYC_SIGNATURE_MALFORMED" },
        header,
      );
    }
    assert.throws(
      () =>
        verify({ "persona-signature": [personaSet(body, PERSONA_SECRET), personaSet(body, PERSONA_SECRET)] }),
      {
        code: "KYC_SIGNATURE_MALFORMED",
      },
    );
  });

  it("refuses empty or missing secrets (KYC_WEBHOOK_CONFIG_INVALID)", () => {
    assert.throws(() => verify(personaHeaders(body), { secrets: [] }), {
      code: "KYC_WEBHOOK_CONFIG_INVALID",
    });
    assert.throws(() => verify(personaHeaders(body, ""), { secrets: [""] }), {
      code: "KYC_WEBHOOK_CONFIG_INVALID",
    });
  });
});
