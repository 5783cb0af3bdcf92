/**
 * Test fixtures: a transfer and an issuance that ALLOW under the default policy, and a deep merge to vary them.
 * Each test states only the facts it is about.
 */
import type { IssuanceFactsInput } from "../facts/issuanceFactsSchema.ts";
import type { TransferFactsInput } from "../facts/transferFactsSchema.ts";

type Plain = Record<string, unknown>;

/** Deep-merge `patch` into `base` (arrays and non-objects replace). Returns a new object. */
export function merge<T>(base: T, patch: unknown): T {
  if (patch === undefined) return base;
  if (
    typeof patch !== "object" ||
    patch === null ||
    Array.isArray(patch) ||
    typeof base !== "object" ||
    base === null
  )
    return patch as T;
  const out: Plain = { ...(base as Plain) };
  for (const [k, v] of Object.entries(patch as Plain)) out[k] = merge(out[k], v);
  return out as T;
}

/** Wallets for tests. */
export const WALLET = {
  alice: "0x00000000000000000000000000000000000a11ce",
  bob: "0x0000000000000000000000000000000000000b0b",
  issuer: "0x0000000000000000000000000000000000155e7",
} as const;

const approved = { status: "APPROVED", expiresAt: "2027-01-01" } as const;

/** A registered-lot transfer between two approved, accredited US holders on 2025-09-10: ALLOW. */
export function transfer(patch?: unknown): TransferFactsInput {
  const base: TransferFactsInput = {
    date: "2025-09-10",
    now: "2025-09-10T14:00:00Z",
    amount: "100",
    issuer: { reportingSince: "2020-01-01", currentInReports: true, domestic: true, shellCompany: false },
    class: { paused: false, firstIssueDate: "2020-01-01", outstanding: "10000000" },
    sanctions: { listRefreshedAt: "2025-09-10T06:00:00Z", oracle: "ok" },
    from: {
      wallet: WALLET.alice,
      holderId: "alice",
      sanctioned: false,
      stopOrder: false,
      kyc: approved,
      accreditation: { status: "accredited", expiresAt: "2027-01-01" },
      country: "US",
      subdivision: "US-NY",
      affiliate: false,
      lots: [
        {
          id: "L1",
          qty: "1000",
          exemption: "registered",
          issueDate: "2024-01-02",
          acquiredDate: "2024-01-02",
          fullyPaidDate: "2024-01-02",
        },
      ],
    },
    to: {
      wallet: WALLET.bob,
      holderId: "bob",
      sanctioned: false,
      stopOrder: false,
      kyc: approved,
      accreditation: { status: "accredited", expiresAt: "2027-01-01" },
      country: "US",
      subdivision: "US-CA",
    },
  };
  return merge(base, patch);
}

/** A restricted lot for `transfer({ from: { lots: [lot(...)] } })`. */
export function lot(patch?: unknown): Plain {
  return merge(
    {
      id: "L1",
      qty: "1000",
      exemption: "reg_d_506b",
      issueDate: "2025-01-15",
      acquiredDate: "2025-01-15",
      fullyPaidDate: "2025-01-15",
    },
    patch,
  );
}

/** A 506(b) sale of $50,000 to an approved, accredited US purchaser on 2025-04-01: ALLOW. */
export function issuance(patch?: unknown): IssuanceFactsInput {
  const base: IssuanceFactsInput = {
    date: "2025-04-01",
    now: "2025-04-01T14:00:00Z",
    amount: "50",
    investmentCents: "5000000",
    offering: { exemption: "reg_d_506b", raised12mCents: "0", nonAccreditedPurchasersInWindow: 0 },
    class: { paused: false },
    controlBook: { authorized: "1000000", issued: "250000", authorizationRef: "BR-2025-03" },
    sanctions: { listRefreshedAt: "2025-04-01T06:00:00Z", oracle: "ok" },
    to: {
      wallet: WALLET.bob,
      holderId: "bob",
      sanctioned: false,
      stopOrder: false,
      kyc: approved,
      accreditation: {
        status: "accredited",
        expiresAt: "2027-01-01",
        method: "third_party_letter",
        evidenceDate: "2025-03-01",
      },
      country: "US",
      subdivision: "US-CA",
    },
  };
  return merge(base, patch);
}
