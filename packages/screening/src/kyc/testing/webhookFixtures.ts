// Test fixtures: webhook bodies the tests write themselves and signatures computed here with node:crypto, following
// each provider's scheme (§4.1). Nothing is copied from provider documentation; the secrets are made up.
import { createHmac } from "node:crypto";

export const PERSONA_SECRET = "wbhsec_test_persona_current";
export const PERSONA_OLD_SECRET = "wbhsec_test_persona_previous";
export const SUMSUB_SECRET = "sumsub-test-secret-key";
export const SUMSUB_OLD_SECRET = "sumsub-test-secret-key-old";
export const ONFIDO_TOKEN = "onfido-test-webhook-token";
export const ONFIDO_OLD_TOKEN = "onfido-test-webhook-token-old";

/** 2024-05-01T10:05:00Z in Unix seconds: the fixtures' "now". */
export const NOW = 1_714_557_900;

export function hmacHex(
  hash: "sha1" | "sha256" | "sha512" | "md5",
  secret: string,
  ...parts: (string | Uint8Array)[]
) {
  const h = createHmac(hash, secret);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

/** A body as bytes, with the irregular spacing a real sender might use (so only raw bytes verify). */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 1)}\n`, "utf8");
}

export type PersonaEventFixture = {
  eventId?: string;
  name?: string;
  createdAt?: string;
  inquiryId?: string;
  accountId?: string | null;
  referenceId?: string | null;
};

export function personaBody(f: PersonaEventFixture = {}): Buffer {
  return jsonBytes({
    data: {
      type: "event",
      id: f.eventId ?? "evt_test_0001",
      attributes: {
        name: f.name ?? "inquiry.approved",
        "created-at": f.createdAt ?? "2024-05-01T10:05:00.000Z",
        payload: {
          data: {
            type: "inquiry",
            id: f.inquiryId ?? "inq_test_0001",
            attributes: {
              status: "approved",
              "reference-id": f.referenceId === undefined ? "inv_0042" : f.referenceId,
              note: "Zoë ✓",
            },
            relationships:
              f.accountId === null
                ? {}
                : { account: { data: { type: "account", id: f.accountId ?? "act_test_01" } } },
          },
        },
      },
    },
  });
}

/** One `t=…,v1=…` set signed with `secret` over `${t}.${body}`. */
export function personaSet(body: Uint8Array, secret: string, t: number = NOW): string {
  return `t=${t},v1=${hmacHex("sha256", secret, `${t}.`, body)}`;
}

export function personaHeaders(body: Uint8Array, secret: string = PERSONA_SECRET, t: number = NOW) {
  return { "persona-signature": personaSet(body, secret, t), "content-type": "application/json" };
}

export type SumsubEventFixture = {
  type?: string;
  applicantId?: string;
  externalUserId?: string;
  createdAtMs?: string;
  reviewAnswer?: string;
  reviewRejectType?: string;
};

export function sumsubBody(f: SumsubEventFixture = {}): Buffer {
  const type = f.type ?? "applicantReviewed";
  return jsonBytes({
    applicantId: f.applicantId ?? "66aa00000000000000000001",
    inspectionId: "66aa00000000000000000002",
    correlationId: "req-test-0001",
    externalUserId: f.externalUserId ?? "inv_0042",
    levelName: "basic-kyc-level",
    type,
    ...(type === "applicantReviewed"
      ? {
          reviewResult: {
            reviewAnswer: f.reviewAnswer ?? "GREEN",
            ...(f.reviewRejectType === undefined ? {} : { reviewRejectType: f.reviewRejectType }),
          },
        }
      : {}),
    reviewStatus: type === "applicantReviewed" ? "completed" : "pending",
    createdAtMs: f.createdAtMs ?? "2024-05-01 10:05:00.000",
    sandboxMode: true,
  });
}

export function sumsubHeaders(
  body: Uint8Array,
  secret: string = SUMSUB_SECRET,
  alg: string | undefined = "HMAC_SHA256_HEX",
) {
  const hashes: Record<string, "sha1" | "sha512" | "md5"> = {
    HMAC_SHA1_HEX: "sha1",
    HMAC_SHA512_HEX: "sha512",
    MD5: "md5",
  };
  const hash = alg !== undefined && Object.hasOwn(hashes, alg) ? hashes[alg] : "sha256";
  const digest = hmacHex(hash ?? "sha256", secret, body);
  return alg === undefined
    ? { "x-payload-digest": digest }
    : { "x-payload-digest": digest, "x-payload-digest-alg": alg };
}

export type OnfidoEventFixture = {
  resourceType?: string;
  action?: string;
  objectId?: string;
  status?: string;
  result?: string;
  completedAt?: string | null;
  applicantId?: string | null;
};

export function onfidoBody(f: OnfidoEventFixture = {}): Buffer {
  const resourceType = f.resourceType ?? "workflow_run";
  const objectId = f.objectId ?? "9f1c0000-0000-4000-8000-000000000001";
  return jsonBytes({
    payload: {
      resource_type: resourceType,
      action: f.action ?? "workflow_run.completed",
      object: {
        id: objectId,
        status: f.status ?? "approved",
        ...(f.result === undefined ? {} : { result: f.result }),
        ...(f.completedAt === null
          ? {}
          : { completed_at_iso8601: f.completedAt ?? "2024-05-01T10:05:00.000Z" }),
        href: `https://api.onfido.example/v3.6/${resourceType}s/${objectId}`,
      },
      ...(f.applicantId === null
        ? {}
        : { resource: { applicant_id: f.applicantId ?? "a1b2c3d4-0000-4000-8000-000000000042" } }),
    },
  });
}

export function onfidoHeaders(body: Uint8Array, token: string = ONFIDO_TOKEN) {
  return { "x-sha2-signature": hmacHex("sha256", token, body) };
}

/** A copy of `bytes` with the byte at `index` changed (xor `mask`, never 0). */
export function flipByte(bytes: Uint8Array, index: number, mask = 0x01): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] as number) ^ (mask === 0 ? 1 : mask);
  return copy;
}
