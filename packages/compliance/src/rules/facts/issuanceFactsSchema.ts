/**
 * The facts of one primary issuance (compliance-rules §2.11, last paragraph: the same engine with
 * `from = issuer`, plus the offering's checks).
 */
import { z } from "zod";
import { classFactsSchema, holderCountsSchema, sanctionsFactsSchema } from "./contextSchemas.ts";
import { partyShape } from "./partySchema.ts";
import { amountSchema, calendarDateSchema, centsSchema, countSchema, instantSchema } from "./scalars.ts";

/** The exemption (or registration) of the offering. */
export const offeringExemptionSchema = z.enum([
  "registered",
  "reg_d_506b",
  "reg_d_506c",
  "section_4a2",
  "rule_701",
  "reg_cf",
  "reg_a_tier1",
  "reg_a_tier2",
  "reg_s",
]);

/** The offering the units are sold in. */
export const offeringFactsSchema = z.object({
  exemption: offeringExemptionSchema,
  /** Raised by the issuer under this exemption in the 12 months before this sale, cents (C-05, A-03); null = unknown. */
  raised12mCents: centsSchema.nullable().default(null),
  /** 506(b): distinct non-accredited purchasers in the 90-day window before this sale; null = unknown. */
  nonAccreditedPurchasersInWindow: countSchema.nullable().default(null),
  /** Reg A Tier 2: listed on a national securities exchange upon qualification (no investor limit). */
  listedOnExchange: z.boolean().default(false),
  /** Reg S: category and kind of security. */
  regS: z
    .object({
      category: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      securityType: z.enum(["equity", "debt"]),
    })
    .nullable()
    .default(null),
});

/** The purchaser: a party plus purchase-specific attributes. */
export const purchaserSchema = z.object({
  ...partyShape,
  /** Already a counted holder of record of the class. */
  isCountedHolder: z.boolean().default(false),
  /**
   * The purchaser's current position in the class, all wallets summed (maximum balance per investor, reason 112);
   * null = unknown, which a configured maximum denies (fail closed).
   */
  holderPosition: amountSchema.nullable().default(null),
  /** 506(b)(2)(ii) sophistication attestation (alone or with a purchaser representative). */
  sophisticationAttested: z.boolean().default(false),
  /** 506(b): already counted among the window's non-accredited purchasers. */
  countedIn506bWindow: z.boolean().default(false),
  /** Reg CF: invested in all Reg CF offerings in the prior 12 months, cents. */
  regCfInvested12mCents: centsSchema.default(0n),
  /** Reg A Tier 2: already invested in this offering, cents. */
  regAInvestedThisOfferingCents: centsSchema.default(0n),
  /** Reg S category 3 equity: non-US certification and resale agreement on file (Rule 903(b)(3)(iii)(B)). */
  regSCertified: z.boolean().default(false),
});

/** Facts of an issuance. */
export const issuanceFactsSchema = z.object({
  date: calendarDateSchema,
  now: instantSchema,
  /** Units issued. */
  amount: amountSchema.refine((a) => a > 0n, "the amount must be positive"),
  /** Investment (purchase price) of this sale, cents. */
  investmentCents: centsSchema,
  offering: offeringFactsSchema,
  class: classFactsSchema.pick({ paused: true }),
  /**
   * The control book of the class (17Ad-9: shares authorized and issued) and the issuer's written authorization of
   * this issuance (17Ad-10(e)). Null: not known — the issuance fails closed (T-02).
   */
  controlBook: z
    .object({
      authorized: amountSchema,
      issued: amountSchema,
      /** Reference of the board resolution / written authorization on record; null when there is none. */
      authorizationRef: z.string().trim().min(1).nullable().default(null),
    })
    .nullable()
    .default(null),
  sanctions: sanctionsFactsSchema,
  holders: holderCountsSchema.nullable().default(null),
  to: purchaserSchema,
});

/** Issuance facts as the engine reads them. */
export type IssuanceFacts = z.output<typeof issuanceFactsSchema>;
/** Issuance facts as JSON or code supplies them. */
export type IssuanceFactsInput = z.input<typeof issuanceFactsSchema>;
/** A parsed purchaser. */
export type Purchaser = IssuanceFacts["to"];
