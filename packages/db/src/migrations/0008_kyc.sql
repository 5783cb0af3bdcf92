-- KYC/AML provider webhooks (issue 5; compliance-rules.md §4.1): every verified delivery kept as evidence, and the
-- current provider-neutral status per (provider, subject). Off-chain facts that cannot be rebuilt by re-indexing
-- (architecture: "KYC evidence … backed up"), so no block_number and not in PER_BLOCK_TABLES / rollbackTo.
-- Written by @coinscious/screening's ingestKycWebhook, all in one transaction per delivery.

-- One row per distinct provider event (the idempotency store, §4.1 (5): kept, never expired — it is evidence).
-- raw_body is the request body byte for byte (bytea: signatures are over bytes, text could re-encode them);
-- headers is the header record as received. status NULL = an event type with no status meaning (IGNORED).
-- outcome: APPLIED (became the current status), STALE_EVENT (older than the current status: kept, not applied,
-- §6.2 W-04), IGNORED (no status). A DUPLICATE delivery writes nothing (W-03).
CREATE TABLE kyc_webhook_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider text NOT NULL CHECK (provider IN ('persona', 'sumsub', 'onfido')),
  event_id text NOT NULL CHECK (event_id <> ''),
  event_type text NOT NULL,
  subject_id text NOT NULL CHECK (subject_id <> ''),
  investor_ref text,
  status text CHECK (status IN ('APPROVED', 'PENDING', 'RESUBMISSION_REQUIRED', 'REVIEW', 'REJECTED', 'EXPIRED')),
  event_time timestamptz NOT NULL,
  signed_at timestamptz,
  received_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('APPLIED', 'STALE_EVENT', 'IGNORED')),
  raw_body bytea NOT NULL,
  body_sha256 text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
  headers jsonb NOT NULL,
  CONSTRAINT kyc_webhook_events_once UNIQUE (provider, event_id),
  CHECK ((status IS NULL) = (outcome = 'IGNORED'))
);
CREATE INDEX kyc_webhook_events_by_subject ON kyc_webhook_events (provider, subject_id, event_time);

-- The current status per (provider, subject): the event with the greatest (event_time, severity) — the provider's
-- time orders events (§4.1 "order by created-at"), never the arrival; severity (0 APPROVED … 5 REJECTED) breaks a
-- tie toward the more restrictive status, so the result does not depend on delivery order.
CREATE TABLE kyc_statuses (
  provider text NOT NULL,
  subject_id text NOT NULL,
  investor_ref text,
  status text NOT NULL
    CHECK (status IN ('APPROVED', 'PENDING', 'RESUBMISSION_REQUIRED', 'REVIEW', 'REJECTED', 'EXPIRED')),
  severity smallint NOT NULL CHECK (severity BETWEEN 0 AND 5),
  event_id text NOT NULL,
  event_type text NOT NULL,
  event_time timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (provider, subject_id),
  FOREIGN KEY (provider, event_id) REFERENCES kyc_webhook_events (provider, event_id)
);
CREATE INDEX kyc_statuses_by_investor ON kyc_statuses (investor_ref) WHERE investor_ref IS NOT NULL;
