/**
 * A lot (compliance-rules §0 "Lots"): a quantity of the class held by one holder, with the exemption it was
 * issued under and the dates every resale restriction is measured from. Restrictions are evaluated per lot.
 */
import { z } from "zod";
import { amountSchema, calendarDateSchema } from "./scalars.ts";

/** The exemption (or registration) a lot was issued under. */
export const lotExemptionSchema = z.enum([
  "registered",
  "reg_d_506b",
  "reg_d_506c",
  "section_4a2",
  "rule_144a",
  "rule_701",
  "reg_cf",
  "reg_a_tier1",
  "reg_a_tier2",
  "reg_s",
]);

/** Events after which a new lot keeps its parent's holding period (Rule 144(d)(3)). */
export const tackingEventSchema = z.enum([
  "gift",
  "stock_dividend",
  "split",
  "recapitalization",
  "conversion",
  "trust",
  "estate",
  "pledge",
  "holding_company_formation",
]);

/** Regulation S terms of a lot: category, kind of security, and the start (or an explicit end) of its DCP. */
export const regSTermsSchema = z.object({
  category: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  securityType: z.enum(["equity", "debt"]),
  /** Later of the first offer to non-distributors and the closing (Rule 902(f)). */
  dcpStart: calendarDateSchema,
  /** Category 3 equity: the issuer was a reporting issuer (6-month DCP instead of 1 year). */
  issuerReporting: z.boolean().default(false),
  /** Explicit end of the distribution compliance period, overriding the computed one. */
  dcpEnd: calendarDateSchema.nullable().default(null),
});

/** One lot of the sender. */
export const lotSchema = z
  .object({
    id: z.string().min(1),
    qty: amountSchema,
    exemption: lotExemptionSchema,
    /** Date the lot was issued (Reg CF one-year period, Rule 227.501(a)). */
    issueDate: calendarDateSchema,
    /** Date the holder acquired it from the issuer or an affiliate. */
    acquiredDate: calendarDateSchema,
    /** Date it was fully paid (Rule 144(d)(1)(iii)); null = not yet fully paid, the holding period has not started. */
    fullyPaidDate: calendarDateSchema.nullable(),
    /** Rule 144(d)(3) tacking: the event and the holding-period start inherited from the parent lot. */
    tackedFrom: z
      .object({
        via: tackingEventSchema,
        parentLotId: z.string().nullable().default(null),
        holdingStart: calendarDateSchema,
      })
      .nullable()
      .default(null),
    /** Active stop order / adverse claim on this lot (17Ad-6(a)(9)). */
    stopOrder: z.boolean().default(false),
    regS: regSTermsSchema.nullable().default(null),
    legendFlags: z.array(z.string()).default([]),
  })
  .refine((lot) => lot.exemption !== "reg_s" || lot.regS !== null, {
    message: "a Reg S lot needs its regS terms (category, security type, DCP start)",
    path: ["regS"],
  });
