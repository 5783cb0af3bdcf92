/**
 * The issuer's compliance policy: every convention of compliance-rules §0 and every threshold counsel may change
 * is a setting here, and every setting defaults to the §0 convention or the rule's current figure. Dollar
 * thresholds are integer cents (bigint; JSON strings).
 */
import { z } from "zod";
import { amountSchema, centsSchema, countrySchema, subdivisionSchema } from "../rules/facts/scalars.ts";

const cents = (dollars: number) => centsSchema.default(BigInt(dollars) * 100n);
const months = (n: number) => z.number().int().nonnegative().default(n);

/** The policy, every field optional with its default. */
export const policySchema = z.object({
  /** §0: the zone every calendar date is taken in. */
  timeZone: z.string().min(1).default("America/New_York"),
  /** §0: "N months after D" when the day does not exist — roll forward to the 1st (default) or clamp. */
  monthOverflow: z.enum(["roll-forward", "clamp"]).default("roll-forward"),
  kyc: z
    .object({
      /** §0: an expired KYC blocks the sender too … */
      expiredBlocksSender: z.boolean().default(true),
      /** … except a redemption back to the issuer. */
      senderMayRedeemWhenExpired: z.boolean().default(true),
    })
    .prefault({}),
  sanctions: z
    .object({
      /** S-03: the list may be at most this old (e.g. 24 h). */
      maxListAgeHours: z.number().positive().default(24),
      /** §0: stale data fails closed (DENY 32); REVIEW queues it instead. Never "clean". */
      staleDecision: z.enum(["DENY", "REVIEW"]).default("DENY"),
      /** Require the on-chain oracle answer; when required, "not configured" counts as stale. */
      requireOracle: z.boolean().default(false),
    })
    .prefault({}),
  jurisdiction: z
    .object({
      /** J-01: comprehensively embargoed countries (OFAC programs) by default. */
      blockedCountries: z.array(countrySchema).default(["CU", "IR", "KP", "SY"]),
      /** When set, only these countries may receive. */
      allowedCountries: z.array(countrySchema).nullable().default(null),
      /** Blocked regions: Crimea, Sevastopol, and the so-called DNR/LNR by default; US states for blue-sky policy. */
      blockedSubdivisions: z.array(subdivisionSchema).default(["UA-43", "UA-40", "UA-14", "UA-09"]),
    })
    .prefault({}),
  /** H-11: optional pre-trade holder caps (e.g. 1,999 / 499); null = no cap (§0: crossing alerts, never blocks). */
  holderCaps: z
    .object({
      total: z.number().int().nonnegative().nullable().default(null),
      nonAccredited: z.number().int().nonnegative().nullable().default(null),
    })
    .prefault({}),
  /**
   * Class restrictions the token contract also enforces (`SecurityToken.setAccreditationRequired`,
   * `setMaxBalancePerInvestor`): every recipient accredited (reasons 60/61) and a maximum position per investor,
   * all wallets summed, in token units (reason 112); null = no maximum.
   */
  classRules: z
    .object({
      accreditedRecipientsOnly: z.boolean().default(false),
      maxBalancePerInvestor: amountSchema.nullable().default(null),
    })
    .prefault({}),
  rule506b: z.object({ maxNonAccreditedPurchasers: z.number().int().nonnegative().default(35) }).prefault({}),
  rule506c: z
    .object({
      /** 506(c)(2)(ii)(B),(C): evidence dated within the prior 3 months. */
      evidenceMaxAgeMonths: months(3),
      /** 506(c)(2)(ii)(E): re-certification within 5 years of the prior verification … */
      recertificationYears: z.number().int().positive().default(5),
      /** … with a fresh written re-certification (taken at most this long before the sale). */
      recertificationMaxAgeMonths: months(3),
      /** March 12, 2025 no-action letter: $200,000 natural persons, $1,000,000 entities, $200,000 per owner. */
      minInvestmentNaturalCents: cents(200_000),
      minInvestmentEntityCents: cents(1_000_000),
      minInvestmentPerOwnerCents: cents(200_000),
      perOwnerPathMaxOwners: z.number().int().positive().default(4),
    })
    .prefault({}),
  rule144: z
    .object({
      /** 144(d)(1)(i): 6 months for an issuer reporting ≥ 90 days before the sale. */
      reportingIssuerMonths: months(6),
      reportingSinceDays: z.number().int().nonnegative().default(90),
      /** 144(d)(1)(ii): one year for non-reporting issuers. */
      nonReportingIssuerMonths: months(12),
      /** 144(b)(1)(i): after this, a non-affiliate needs no current public information. */
      freeResaleMonths: months(12),
      /** 144(e)(1)(i): 1% of outstanding, in basis points. */
      volumeLimitBps: z.number().int().positive().default(100),
      /** 144(h): Form 144 above 5,000 units or $50,000 in 3 months. */
      form144Units: amountSchema.default(5000n),
      form144ProceedsCents: cents(50_000),
      /** 144(i)(2): 12 months after Form 10 information. */
      shellWaitMonths: months(12),
    })
    .prefault({}),
  section4a7: z.object({ classOutstandingDays: z.number().int().nonnegative().default(90) }).prefault({}),
  rule144a: z.object({ qibCertificationMaxAgeMonths: months(16) }).prefault({}),
  regCf: z
    .object({
      /** 227.501(a): one year beginning when issued. */
      resaleLockMonths: months(12),
      /** 227.100(a)(2) (2022 inflation adjustment). */
      limitThresholdCents: cents(124_000),
      limitFloorCents: cents(2_500),
      limitCapCents: cents(124_000),
      lowPercent: z.number().int().positive().default(5),
      highPercent: z.number().int().positive().default(10),
      /** 227.100(a)(1): $5M in 12 months. */
      issuerCapCents: cents(5_000_000),
    })
    .prefault({}),
  regA: z
    .object({
      tier1CapCents: cents(20_000_000),
      tier2CapCents: cents(75_000_000),
      /** 251(d)(2)(i)(C): 10% of the greater of income and net worth. */
      tier2InvestorPercent: z.number().int().positive().default(10),
    })
    .prefault({}),
  regS: z
    .object({
      category2Days: z.number().int().nonnegative().default(40),
      category3DebtDays: z.number().int().nonnegative().default(40),
      category3EquityMonths: months(12),
      category3EquityReportingMonths: months(6),
    })
    .prefault({}),
  formD: z
    .object({
      /** 503(a)(1): 15 calendar days after the first sale. */
      daysAfterFirstSale: z.number().int().positive().default(15),
      /** 503(a)(3): an annual amendment falling on a non-business day is due the business day before (default). */
      annualAmendmentRoll: z
        .enum(["previous-business-day", "next-business-day", "none"])
        .default("previous-business-day"),
    })
    .prefault({}),
  /** A transfer back to the issuer (redemption) is not a resale: Rule 144, Reg S and Reg CF locks do not apply. */
  redemptionExemptFromResaleRestrictions: z.boolean().default(true),
  /** 12(g) counting conventions of §0, read by the 12(g) module. */
  twelveG: z
    .object({
      countAloneAndJointSeparately: z.boolean().default(true),
      unlinkedWalletCountsPerWallet: z.boolean().default(true),
    })
    .prefault({}),
});

/** The policy as the engine reads it. */
export type Policy = z.output<typeof policySchema>;
/** The policy as JSON or code supplies it (every field optional). */
export type PolicyInput = z.input<typeof policySchema>;
