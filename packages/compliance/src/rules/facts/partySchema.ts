/**
 * A party to a transfer or issuance: a wallet, the KYC'd holder it resolves to (compliance-rules §0 "Identity"),
 * and the holder attributes the rules read. Attributes that a party may lack default to the fail-closed value
 * (§0 "Fail closed"): no KYC on file, accreditation unknown, country unknown, treated as a US person.
 */
import { z } from "zod";
import {
  amountSchema,
  calendarDateSchema,
  centsSchema,
  countrySchema,
  subdivisionSchema,
  walletSchema,
} from "./scalars.ts";

/** The provider-neutral KYC status model (issue 5), plus MISSING for "no KYC on file". */
export const kycStatusSchema = z.enum([
  "APPROVED",
  "PENDING",
  "RESUBMISSION_REQUIRED",
  "REVIEW",
  "REJECTED",
  "EXPIRED",
  "MISSING",
]);

/** KYC of a holder: status and, when the policy gives it one, the expiry date (expired when `date ≥ expiresAt`). */
export const kycSchema = z.object({
  status: kycStatusSchema,
  expiresAt: calendarDateSchema.nullable().default(null),
});

/**
 * How accreditation was verified (Rule 506(c)(2)(ii)): A income, B net worth, C third-party letter,
 * E re-certification (2020), the March 2025 no-action-letter minimum-investment path, or self-certification
 * (enough for 506(b), never for 506(c)).
 */
export const verificationMethodSchema = z.enum([
  "self_certification",
  "income",
  "net_worth",
  "third_party_letter",
  "recertification",
  "minimum_investment",
]);

/** Accreditation (Rule 501(a)) with the 506(c) verification evidence. Unknown counts as not accredited. */
export const accreditationSchema = z.object({
  status: z.enum(["accredited", "not_accredited", "unknown"]),
  /** Accredited until (exclusive): expired when `date ≥ expiresAt`. */
  expiresAt: calendarDateSchema.nullable().default(null),
  method: verificationMethodSchema.nullable().default(null),
  /** Methods B and C: date of the statements / the verifier's letter. */
  evidenceDate: calendarDateSchema.nullable().default(null),
  /** Method E: when the issuer last verified the person under another method. */
  priorVerifiedAt: calendarDateSchema.nullable().default(null),
  /** Method E: date of the written re-certification. */
  recertifiedAt: calendarDateSchema.nullable().default(null),
  /** Minimum-investment path: written reps that the purchaser is accredited and the minimum is not financed. */
  repAccredited: z.boolean().default(false),
  repNotThirdPartyFinanced: z.boolean().default(false),
  /** Minimum-investment path for an entity accredited only because all owners are: its natural-person owners. */
  naturalPersonOwners: z.number().int().positive().nullable().default(null),
  /** The issuer has actual knowledge contrary to the reps / the verification. */
  contraryKnowledge: z.boolean().default(false),
});

/** The legal form of a holder (compliance-rules §1.6). Natural persons can never be QIBs (Rule 144A(a)(1)). */
export const holderKindSchema = z.enum(["natural", "joint", "entity", "trust", "custodial"]);

const UNKNOWN_ACCREDITATION = {
  status: "unknown",
  expiresAt: null,
  method: null,
  evidenceDate: null,
  priorVerifiedAt: null,
  recertifiedAt: null,
  repAccredited: false,
  repNotThirdPartyFinanced: false,
  naturalPersonOwners: null,
  contraryKnowledge: false,
} as const;

/** The attributes shared by a sender, a recipient and a purchaser. */
export const partyShape = {
  wallet: walletSchema,
  /** The KYC'd holder the wallet is linked to; null = unlinked wallet (G-03). */
  holderId: z.string().min(1).nullable(),
  /** The issuer itself (treasury, redemption). */
  isIssuer: z.boolean().default(false),
  /** Holder or wallet matches the SDN list or the oracle (computed case-insensitively by the screening layer). */
  sanctioned: z.boolean(),
  /** Active stop order, adverse claim or freeze on the holder or the wallet (17Ad-6(a)(9)). */
  stopOrder: z.boolean(),
  kyc: kycSchema.default({ status: "MISSING", expiresAt: null }),
  accreditation: accreditationSchema.default({ ...UNKNOWN_ACCREDITATION }),
  kind: holderKindSchema.default("natural"),
  /** Residence; null = unknown (blocked: fail closed). */
  country: countrySchema.nullable().default(null),
  subdivision: subdivisionSchema.nullable().default(null),
  /** Rule 902(k) US person; unknown counts as one. */
  usPerson: z.boolean().default(true),
  /** Located in the United States at the time of the sale (not an offshore transaction, Rule 902(h)). */
  inUnitedStates: z.boolean().default(true),
  /** Date of the latest QIB certification (Rule 144A(d)(1)); null = none. */
  qibCertifiedAt: calendarDateSchema.nullable().default(null),
  /** Annual income (entities: revenue), cents; null = unknown. */
  incomeCents: centsSchema.nullable().default(null),
  /** Net worth (entities: net assets), cents; null = unknown. */
  netWorthCents: centsSchema.nullable().default(null),
} as const;

/** A recipient of a transfer. */
export const recipientSchema = z.object({
  ...partyShape,
  /** Already a counted holder of record of the class (H-11: a transfer to it adds no holder). */
  isCountedHolder: z.boolean().default(false),
  /**
   * The recipient holder's current position in the class, all wallets summed (maximum balance per investor,
   * reason 112); null = unknown, which a configured maximum denies (fail closed).
   */
  holderPosition: amountSchema.nullable().default(null),
});
