import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  hmacHex,
  jsonBytes,
  NOW,
  ONFIDO_TOKEN,
  onfidoBody,
  onfidoHeaders,
  PERSONA_SECRET,
  personaBody,
  personaHeaders,
  SUMSUB_SECRET,
  sumsubBody,
  sumsubHeaders,
} from "./testing/webhookFixtures.ts";
import type { KycStatus } from "./types.ts";
import { verifyKycWebhook } from "./verifyKycWebhook.ts";

const receivedAt = new Date(NOW * 1000);

function persona(fixture: Parameters<typeof personaBody>[0]) {
  const rawBody = personaBody(fixture);
  return verifyKycWebhook({
    provider: "persona",
    rawBody,
    headers: personaHeaders(rawBody),
    settings: { secrets: [PERSONA_SECRET] },
    receivedAt,
  });
}
function sumsub(fixture: Parameters<typeof sumsubBody>[0]) {
  const rawBody = sumsubBody(fixture);
  return verifyKycWebhook({
    provider: "sumsub",
    rawBody,
    headers: sumsubHeaders(rawBody),
    settings: { secrets: [SUMSUB_SECRET] },
    receivedAt,
  });
}
function onfido(fixture: Parameters<typeof onfidoBody>[0]) {
  const rawBody = onfidoBody(fixture);
  return verifyKycWebhook({
    provider: "onfido",
    rawBody,
    headers: onfidoHeaders(rawBody),
    settings: { secrets: [ONFIDO_TOKEN] },
    receivedAt,
  });
}

describe("verifyKycWebhook: provider events → one status model", () => {
  it("normalizes a Persona event: id, account subject, reference, created-at, signed t", () => {
    assert.deepEqual(
      persona({ eventId: "evt_A", name: "inquiry.approved", createdAt: "2024-05-01T10:04:59.250Z" }),
      {
        provider: "persona",
        eventId: "evt_A",
        eventType: "inquiry.approved",
        subjectId: "act_test_01",
        investorRef: "inv_0042",
        status: "APPROVED",
        eventTime: new Date("2024-05-01T10:04:59.250Z"),
        signedAt: receivedAt,
      },
    );
    // Without an account relationship the inquiry is the subject.
    assert.equal(persona({ accountId: null, inquiryId: "inq_X" }).subjectId, "inq_X");
    assert.equal(persona({ referenceId: null }).investorRef, null);
  });

  it("maps Persona inquiry events (README mapping table)", () => {
    const expected: Record<string, KycStatus | null> = {
      "inquiry.created": "PENDING",
      "inquiry.started": "PENDING",
      "inquiry.completed": "PENDING",
      "inquiry.marked-for-review": "REVIEW",
      "inquiry.approved": "APPROVED",
      "inquiry.declined": "REJECTED",
      "inquiry.failed": "RESUBMISSION_REQUIRED",
      "inquiry.expired": "EXPIRED",
      "inquiry.redacted": null,
      "verification.passed": null,
      "report/watchlist.matched": null,
      constructor: null,
    };
    for (const [name, status] of Object.entries(expected))
      assert.equal(persona({ name }).status, status, name);
  });

  it("maps Sumsub types and review results (§4.1, §7 case 44)", () => {
    const cases: [Parameters<typeof sumsubBody>[0], KycStatus | null][] = [
      [{ reviewAnswer: "GREEN" }, "APPROVED"],
      [{ reviewAnswer: "RED", reviewRejectType: "RETRY" }, "RESUBMISSION_REQUIRED"],
      [{ reviewAnswer: "RED", reviewRejectType: "FINAL" }, "REJECTED"],
      [{ reviewAnswer: "RED" }, "REJECTED"],
      [{ reviewAnswer: "RED", reviewRejectType: "SOMETHING_NEW" }, "REJECTED"],
      [{ reviewAnswer: "YELLOW" }, "REVIEW"],
      [{ type: "applicantCreated" }, "PENDING"],
      [{ type: "applicantPending" }, "PENDING"],
      [{ type: "applicantPrechecked" }, "PENDING"],
      [{ type: "applicantReset" }, "PENDING"],
      [{ type: "applicantOnHold" }, "REVIEW"],
      [{ type: "applicantPersonalInfoChanged" }, null],
      [{ type: "hasOwnProperty" }, null],
    ];
    for (const [fixture, status] of cases)
      assert.equal(sumsub(fixture).status, status, JSON.stringify(fixture));
  });

  it("normalizes a Sumsub event: composite id, applicant subject, externalUserId, createdAtMs in UTC", () => {
    const event = sumsub({ applicantId: "app1", createdAtMs: "2024-05-01 10:04:00.123" });
    assert.equal(event.eventId, "app1:applicantReviewed:2024-05-01 10:04:00.123");
    assert.equal(event.subjectId, "app1");
    assert.equal(event.investorRef, "inv_0042");
    assert.deepEqual(event.eventTime, new Date("2024-05-01T10:04:00.123Z"));
    assert.equal(event.signedAt, null);
  });

  it("maps Onfido workflow runs and checks; a check without result is REVIEW, never APPROVED", () => {
    const cases: [Parameters<typeof onfidoBody>[0], KycStatus | null][] = [
      [{ status: "approved" }, "APPROVED"],
      [{ status: "declined" }, "REJECTED"],
      [{ status: "review" }, "REVIEW"],
      [{ status: "abandoned" }, "EXPIRED"],
      [{ status: "error" }, "REVIEW"],
      [{ status: "processing" }, "PENDING"],
      [{ action: "workflow_run.started", status: "processing" }, "PENDING"],
      [{ resourceType: "check", action: "check.completed", status: "complete", result: "clear" }, "APPROVED"],
      [
        { resourceType: "check", action: "check.completed", status: "complete", result: "consider" },
        "REVIEW",
      ],
      [{ resourceType: "check", action: "check.completed", status: "complete" }, "REVIEW"],
      [{ resourceType: "check", action: "check.started", status: "in_progress" }, "PENDING"],
      [{ resourceType: "check", action: "check.withdrawn", status: "withdrawn" }, "RESUBMISSION_REQUIRED"],
      [{ resourceType: "report", action: "report.completed", status: "complete" }, null],
      [{ resourceType: "audit_log", action: "audit_log.created", status: "completed" }, null],
    ];
    for (const [fixture, status] of cases)
      assert.equal(onfido(fixture).status, status, JSON.stringify(fixture));
  });

  it("normalizes an Onfido event: (object, action, completion) id; applicant subject, else the object", () => {
    const event = onfido({ objectId: "wr1", completedAt: "2024-05-01T10:01:00Z" });
    assert.equal(event.eventId, "wr1:workflow_run.completed:2024-05-01T10:01:00Z");
    assert.equal(event.subjectId, "a1b2c3d4-0000-4000-8000-000000000042");
    assert.deepEqual(event.eventTime, new Date("2024-05-01T10:01:00Z"));
    const bare = onfido({
      resourceType: "check",
      action: "check.started",
      objectId: "chk1",
      applicantId: null,
      completedAt: null,
    });
    assert.equal(bare.subjectId, "check:chk1");
    assert.equal(bare.eventId, "chk1:check.started:");
    assert.deepEqual(bare.eventTime, receivedAt, "no time in the payload: the receipt time");
  });

  it("refuses authentic bodies it cannot understand (KYC_PAYLOAD_INVALID), after the signature", () => {
    const bodies = [
      Buffer.from("not json"),
      Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
      jsonBytes({ data: { type: "inquiry", id: "x" } }),
      personaBody({ createdAt: "yesterday" }),
      personaBody({ createdAt: "2024-02-30T00:00:00Z" }),
    ];
    for (const rawBody of bodies) {
      assert.throws(
        () =>
          verifyKycWebhook({
            provider: "persona",
            rawBody,
            headers: personaHeaders(rawBody),
            settings: { secrets: [PERSONA_SECRET] },
            receivedAt,
          }),
        { code: "KYC_PAYLOAD_INVALID", outcome: "PAYLOAD_INVALID" },
      );
    }
    const noResult = jsonBytes({
      applicantId: "a",
      type: "applicantReviewed",
      createdAtMs: "2024-05-01 10:00:00.000",
    });
    const noTime = jsonBytes({ applicantId: "a", type: "applicantPending" });
    for (const rawBody of [noResult, noTime]) {
      assert.throws(
        () =>
          verifyKycWebhook({
            provider: "sumsub",
            rawBody,
            headers: { "x-payload-digest": hmacHex("sha256", SUMSUB_SECRET, rawBody) },
            settings: { secrets: [SUMSUB_SECRET] },
          }),
        { code: "KYC_PAYLOAD_INVALID" },
      );
    }
    // An unauthenticated garbage body is a signature failure, never a parse error.
    assert.throws(
      () =>
        verifyKycWebhook({
          provider: "onfido",
          rawBody: Buffer.from("not json"),
          headers: onfidoHeaders(Buffer.from("other")),
          settings: { secrets: [ONFIDO_TOKEN] },
        }),
      { code: "KYC_SIGNATURE_INVALID" },
    );
  });

  it("passes Persona's tolerance from the settings and measures it from receivedAt", () => {
    const rawBody = personaBody();
    const headers = personaHeaders(rawBody, PERSONA_SECRET, NOW - 400);
    const run = (toleranceSeconds?: number) =>
      verifyKycWebhook({
        provider: "persona",
        rawBody,
        headers,
        settings: {
          secrets: [PERSONA_SECRET],
          ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
        },
        receivedAt,
      });
    assert.throws(() => run(), { code: "KYC_TIMESTAMP_OUT_OF_TOLERANCE" });
    assert.equal(run(600).eventId, "evt_test_0001");
  });
});
