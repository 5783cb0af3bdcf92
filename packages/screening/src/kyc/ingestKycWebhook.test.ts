import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { it } from "node:test";
import type { Queryable } from "@coinscious/db";
import { describeDatabases } from "@coinscious/db/testing";
import fc from "fast-check";
import { findKycStatus } from "./findKycStatus.ts";
import { findKycWebhookEvidence } from "./findKycWebhookEvidence.ts";
import { ingestKycWebhook } from "./ingestKycWebhook.ts";
import { kycStatusSeverity } from "./kycStatuses.ts";
import { listKycStatusesForInvestor } from "./listKycStatusesForInvestor.ts";
import {
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

const receivedAt = new Date(NOW * 1000);
const personaSettings = { secrets: [PERSONA_SECRET] };

async function count(db: Queryable, table: string): Promise<number> {
  const { rows } = await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

function persona(
  db: Parameters<typeof ingestKycWebhook>[0],
  fixture: Parameters<typeof personaBody>[0],
  t = NOW,
) {
  const rawBody = personaBody(fixture);
  return ingestKycWebhook(db, {
    provider: "persona",
    rawBody,
    headers: personaHeaders(rawBody, PERSONA_SECRET, t),
    settings: personaSettings,
    receivedAt: new Date(t * 1000),
  });
}

describeDatabases("ingestKycWebhook", (ctx) => {
  it("applies a verified event and makes it the current status with the investor reference", async () => {
    const result = await persona(ctx.db, { eventId: "evt_apply", accountId: "act_apply" });
    assert.equal(result.outcome, "APPLIED");
    assert.equal(result.current?.status, "APPROVED");
    assert.equal(result.current?.investorRef, "inv_0042");
    assert.deepEqual(
      await findKycStatus(ctx.db, { provider: "persona", subjectId: "act_apply" }),
      result.current,
    );
    const evidence = await findKycWebhookEvidence(ctx.db, { provider: "persona", eventId: "evt_apply" });
    assert.equal(evidence?.outcome, "APPLIED");
    assert.deepEqual(evidence?.signedAt, receivedAt);
  });

  it("treats a replay of the same event id as a no-op DUPLICATE (§6.2 W-03), also when re-signed later", async () => {
    const first = await persona(ctx.db, { eventId: "evt_dup", accountId: "act_dup" });
    assert.equal(first.outcome, "APPLIED");
    const events = await count(ctx.db, "kyc_webhook_events");
    const again = await persona(ctx.db, { eventId: "evt_dup", accountId: "act_dup" });
    assert.equal(again.outcome, "DUPLICATE");
    assert.equal(again.sameBodyAsStored, true);
    assert.deepEqual(again.current, first.current);
    // Persona's retry: same event, new `t` two minutes later (inside the tolerance).
    const retried = await persona(ctx.db, { eventId: "evt_dup", accountId: "act_dup" }, NOW + 120);
    assert.equal(retried.outcome, "DUPLICATE");
    // Same id, different content (e.g. a provider bug): still a no-op, flagged.
    const changed = await persona(ctx.db, {
      eventId: "evt_dup",
      accountId: "act_dup",
      name: "inquiry.declined",
    });
    assert.equal(changed.outcome, "DUPLICATE");
    assert.equal(changed.sameBodyAsStored, false);
    assert.equal(changed.current?.status, "APPROVED");
    assert.equal(await count(ctx.db, "kyc_webhook_events"), events);
  });

  it("never lets an older event downgrade a newer status (§7 case 43, §6.2 W-04)", async () => {
    const approved = await persona(ctx.db, {
      eventId: "evt_ooo_2",
      name: "inquiry.approved",
      createdAt: "2024-05-01T10:05:00.000Z",
      accountId: "act_ooo",
    });
    assert.equal(approved.outcome, "APPLIED");
    const declined = await persona(ctx.db, {
      eventId: "evt_ooo_1",
      name: "inquiry.declined",
      createdAt: "2024-05-01T10:00:00.000Z",
      accountId: "act_ooo",
    });
    assert.equal(declined.outcome, "STALE_EVENT");
    assert.equal(declined.current?.status, "APPROVED");
    assert.equal(declined.current?.eventId, "evt_ooo_2");
    // The stale event is evidence all the same.
    const evidence = await findKycWebhookEvidence(ctx.db, { provider: "persona", eventId: "evt_ooo_1" });
    assert.equal(evidence?.outcome, "STALE_EVENT");
    assert.equal(evidence?.status, "REJECTED");
    // A newer event moves the status, in either direction.
    const later = await persona(ctx.db, {
      eventId: "evt_ooo_3",
      name: "inquiry.expired",
      createdAt: "2024-05-01T10:06:00.000Z",
      accountId: "act_ooo",
    });
    assert.equal(later.outcome, "APPLIED");
    assert.equal(later.current?.status, "EXPIRED");
  });

  it("stores events without a status meaning as IGNORED evidence and leaves the status alone", async () => {
    await persona(ctx.db, { eventId: "evt_ign_1", accountId: "act_ign" });
    const ignored = await persona(ctx.db, {
      eventId: "evt_ign_2",
      name: "inquiry.redacted",
      createdAt: "2024-05-01T11:00:00.000Z",
      accountId: "act_ign",
    });
    assert.equal(ignored.outcome, "IGNORED");
    assert.equal(ignored.current?.status, "APPROVED");
    assert.equal(
      (await findKycWebhookEvidence(ctx.db, { provider: "persona", eventId: "evt_ign_2" }))?.outcome,
      "IGNORED",
    );
  });

  it("keeps the raw body byte-exact and the headers as received", async () => {
    // Odd bytes on purpose: CRLF, tabs, non-ASCII, a BOM-less UTF-8 emoji, trailing spaces.
    const text = `{"applicantId":"app_bytes",\r\n\t"type":"applicantReviewed","reviewResult":{"reviewAnswer":"GREEN"},
  "externalUserId":"inv_ü_🦊","createdAtMs":"2024-05-01 10:00:00.000"}   \n`;
    const rawBody = Buffer.from(text, "utf8");
    const headers = {
      ...sumsubHeaders(rawBody),
      "Content-Type": "application/json; charset=utf-8",
      "x-forwarded-for": ["10.0.0.1", "10.0.0.2"],
      "x-absent": undefined,
    };
    const result = await ingestKycWebhook(ctx.db, {
      provider: "sumsub",
      rawBody,
      headers,
      settings: { secrets: [SUMSUB_SECRET] },
      receivedAt,
    });
    assert.equal(result.outcome, "APPLIED");
    const evidence = await findKycWebhookEvidence(ctx.db, {
      provider: "sumsub",
      eventId: result.event.eventId,
    });
    assert.ok(evidence !== undefined);
    assert.ok(Buffer.from(evidence.rawBody).equals(rawBody), "body bytes differ");
    assert.equal(evidence.bodySha256, createHash("sha256").update(rawBody).digest("hex"));
    const { rows } = await ctx.db.query<{ digest: string; len: number }>(
      `SELECT encode(sha256(raw_body), 'hex') AS digest, octet_length(raw_body) AS len
       FROM kyc_webhook_events WHERE provider = 'sumsub' AND event_id = $1`,
      [result.event.eventId],
    );
    assert.equal(rows[0]?.digest, evidence.bodySha256);
    assert.equal(rows[0]?.len, rawBody.length);
    assert.deepEqual(evidence.headers, {
      "x-payload-digest": headers["x-payload-digest"],
      "x-payload-digest-alg": "HMAC_SHA256_HEX",
      "Content-Type": "application/json; charset=utf-8",
      "x-forwarded-for": ["10.0.0.1", "10.0.0.2"],
    });
    assert.equal(evidence.investorRef, "inv_ü_🦊");
    assert.deepEqual(await listKycStatusesForInvestor(ctx.db, "inv_ü_🦊"), [result.current]);
  });

  it("writes nothing for a refused delivery (§4.1 (3): no side effects)", async () => {
    const before = [await count(ctx.db, "kyc_webhook_events"), await count(ctx.db, "kyc_statuses")];
    const rawBody = personaBody({ eventId: "evt_refused" });
    const cases = [
      { headers: personaHeaders(rawBody, "wrong-secret"), code: "KYC_SIGNATURE_INVALID" },
      {
        headers: personaHeaders(rawBody, PERSONA_SECRET, NOW - 3600),
        code: "KYC_TIMESTAMP_OUT_OF_TOLERANCE",
      },
      { headers: {}, code: "KYC_SIGNATURE_MISSING" },
    ];
    for (const { headers, code } of cases) {
      await assert.rejects(
        ingestKycWebhook(ctx.db, {
          provider: "persona",
          rawBody,
          headers,
          settings: personaSettings,
          receivedAt,
        }),
        { code },
      );
    }
    await assert.rejects(
      ingestKycWebhook(ctx.db, {
        provider: "persona",
        rawBody,
        headers: personaHeaders(rawBody),
        settings: personaSettings,
        receivedAt,
        resolve: () => {
          throw new Error("provider API unreachable");
        },
      }),
      /provider API unreachable/,
    );
    assert.deepEqual(
      [await count(ctx.db, "kyc_webhook_events"), await count(ctx.db, "kyc_statuses")],
      before,
    );
  });

  it("rolls everything back when a write fails mid-transaction (atomicity)", async () => {
    // A trigger makes the status upsert fail after the evidence row was inserted in the same transaction.
    await ctx.db.exec(`
      CREATE FUNCTION kyc_test_explode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.subject_id = 'act_explode' THEN RAISE EXCEPTION 'boom' USING ERRCODE = 'P0001'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER kyc_test_explode BEFORE INSERT OR UPDATE ON kyc_statuses
        FOR EACH ROW EXECUTE FUNCTION kyc_test_explode();`);
    try {
      const before = await count(ctx.db, "kyc_webhook_events");
      await assert.rejects(persona(ctx.db, { eventId: "evt_explode", accountId: "act_explode" }), {
        code: "DB_QUERY_FAILED",
        sqlState: "P0001",
      });
      assert.equal(await count(ctx.db, "kyc_webhook_events"), before);
      assert.equal(
        await findKycWebhookEvidence(ctx.db, { provider: "persona", eventId: "evt_explode" }),
        undefined,
      );
      assert.equal(await findKycStatus(ctx.db, { provider: "persona", subjectId: "act_explode" }), undefined);
    } finally {
      await ctx.db.exec("DROP TRIGGER kyc_test_explode ON kyc_statuses; DROP FUNCTION kyc_test_explode();");
    }
    // The same delivery goes through once the cause is gone: the failed attempt left no idempotency record.
    const retried = await persona(ctx.db, { eventId: "evt_explode", accountId: "act_explode" });
    assert.equal(retried.outcome, "APPLIED");
  });

  it("maps Sumsub RED/RETRY then GREEN, ordered by createdAtMs", async () => {
    const send = (fixture: Parameters<typeof sumsubBody>[0]) => {
      const rawBody = sumsubBody({ applicantId: "app_retry", ...fixture });
      return ingestKycWebhook(ctx.db, {
        provider: "sumsub",
        rawBody,
        headers: sumsubHeaders(rawBody),
        settings: { secrets: [SUMSUB_SECRET] },
        receivedAt,
      });
    };
    const green = await send({ reviewAnswer: "GREEN", createdAtMs: "2024-05-01 10:02:00.000" });
    const red = await send({
      reviewAnswer: "RED",
      reviewRejectType: "RETRY",
      createdAtMs: "2024-05-01 10:01:00.000",
    });
    assert.deepEqual([green.outcome, red.outcome], ["APPLIED", "STALE_EVENT"]);
    assert.equal(red.current?.status, "APPROVED");
    const reset = await send({ type: "applicantReset", createdAtMs: "2024-05-01 10:03:00.000" });
    assert.equal(reset.current?.status, "PENDING");
  });

  it("lets a resolve step supply what the Onfido webhook lacks (§4.1: fetch the resource before acting)", async () => {
    const rawBody = onfidoBody({
      resourceType: "check",
      action: "check.completed",
      status: "complete",
      objectId: "chk9",
    });
    const base = { provider: "onfido" as const, rawBody, headers: onfidoHeaders(rawBody), receivedAt };
    const seen: string[] = [];
    const result = await ingestKycWebhook(ctx.db, {
      ...base,
      settings: { secrets: [ONFIDO_TOKEN] },
      resolve: async (event) => {
        seen.push(event.eventId);
        return { status: "APPROVED", investorRef: "inv_onfido" };
      },
    });
    assert.deepEqual(seen, [result.event.eventId]);
    // A replay is answered from the store, without asking the provider again.
    const replay = await ingestKycWebhook(ctx.db, {
      ...base,
      settings: { secrets: [ONFIDO_TOKEN] },
      resolve: () => {
        seen.push("again");
        return undefined;
      },
    });
    assert.equal(replay.outcome, "DUPLICATE");
    assert.deepEqual(seen, [result.event.eventId]);
    assert.equal(result.current?.status, "APPROVED");
    assert.equal(result.current?.investorRef, "inv_onfido");
    await assert.rejects(
      ingestKycWebhook(ctx.db, {
        ...base,
        rawBody: onfidoBody({ resourceType: "check", action: "check.completed", objectId: "chk10" }),
        headers: onfidoHeaders(
          onfidoBody({ resourceType: "check", action: "check.completed", objectId: "chk10" }),
        ),
        settings: { secrets: [ONFIDO_TOKEN] },
        resolve: () => ({ status: "CLEAR" as KycStatus }),
      }),
      { code: "VALIDATION_FAILED" },
    );
  });

  it("dedupes concurrent deliveries of one event: exactly one APPLIED", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => persona(ctx.db, { eventId: "evt_race", accountId: "act_race" })),
    );
    const outcomes = results.map((r) => r.outcome).sort();
    assert.deepEqual(outcomes, ["APPLIED", "DUPLICATE", "DUPLICATE", "DUPLICATE", "DUPLICATE", "DUPLICATE"]);
  });

  it("ends in the same status whatever the delivery order and duplication (property)", async () => {
    const names: [string, KycStatus][] = [
      ["inquiry.created", "PENDING"],
      ["inquiry.marked-for-review", "REVIEW"],
      ["inquiry.approved", "APPROVED"],
      ["inquiry.declined", "REJECTED"],
      ["inquiry.failed", "RESUBMISSION_REQUIRED"],
      ["inquiry.expired", "EXPIRED"],
    ];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.record({ kind: fc.nat({ max: names.length - 1 }), minute: fc.nat({ max: 5 }) }), {
            minLength: 1,
            maxLength: 6,
          })
          .chain((events) =>
            fc.tuple(
              fc.constant(events),
              fc.shuffledSubarray([...events.keys(), ...events.keys()], { minLength: events.length * 2 }),
            ),
          ),
        async ([events, order]) => {
          run += 1;
          const account = `act_prop_${run}`;
          for (const index of order) {
            const e = events[index] as { kind: number; minute: number };
            await persona(ctx.db, {
              eventId: `evt_prop_${run}_${index}`,
              name: (names[e.kind] as [string, KycStatus])[0],
              createdAt: `2024-05-01T10:0${e.minute}:00.000Z`,
              accountId: account,
            });
          }
          const winner = events
            .map((e) => ({ minute: e.minute, status: (names[e.kind] as [string, KycStatus])[1] }))
            .sort(
              (a, b) => b.minute - a.minute || kycStatusSeverity(b.status) - kycStatusSeverity(a.status),
            )[0];
          const current = await findKycStatus(ctx.db, { provider: "persona", subjectId: account });
          assert.equal(current?.status, winner?.status);
          const { rows } = await ctx.db.query<{ n: bigint }>(
            "SELECT count(*) AS n FROM kyc_webhook_events WHERE subject_id = $1",
            [account],
          );
          assert.equal(Number(rows[0]?.n), events.length);
        },
      ),
      { numRuns: 25 },
    );
  });
});
