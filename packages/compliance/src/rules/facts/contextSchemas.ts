/**
 * Facts about the issuer, the class, the sanctions data and the holder counts — shared by transfer and issuance.
 */
import { z } from "zod";
import { amountSchema, calendarDateSchema, countSchema, instantSchema } from "./scalars.ts";

/** The issuer's reporting and shell status (Rule 144(c), (d)(1)(i), (i); Rule 905). */
export const issuerFactsSchema = z.object({
  /** Subject to Exchange Act §13/15(d) reporting since; null = non-reporting issuer. */
  reportingSince: calendarDateSchema.nullable(),
  /** Has filed all required reports (current public information, Rule 144(c)(1)). */
  currentInReports: z.boolean(),
  /** A domestic issuer (Rule 905: its Reg S equity is restricted). */
  domestic: z.boolean(),
  /** Is or ever was a shell company (Rule 144(i)(1)). */
  shellCompany: z.boolean(),
  /** Date "Form 10 information" was filed (Rule 144(i)(2)); null = never. */
  form10InfoDate: calendarDateSchema.nullable().default(null),
  /** In bankruptcy or receivership (§4(d)(2)). */
  inBankruptcy: z.boolean().default(false),
});

/** State of the class (token). */
export const classFactsSchema = z.object({
  /** Class paused (G-01). */
  paused: z.boolean(),
  /** Issuer lock-up: no transfer before this date (G-01); null = none. */
  lockupEnd: calendarDateSchema.nullable().default(null),
  /**
   * The class was sold under Regulation S as a whole (the token's Reg S setting): no unit to a US person or a buyer
   * in the United States before this date, whatever the sender's lots say; null = not a Reg S class.
   */
  regSDcpEnd: calendarDateSchema.nullable().default(null),
  /** First issuance of the class (§4(d)(3): outstanding ≥ 90 days); null = unknown. */
  firstIssueDate: calendarDateSchema.nullable().default(null),
  /** Units outstanding as of the latest report (Rule 144(e)(1)(i)); null = unknown. */
  outstanding: amountSchema.nullable().default(null),
  /** Average weekly reported trading volume over the 4 weeks before the sale (Rule 144(e)(1)(ii)); null = unlisted. */
  averageWeeklyVolume: amountSchema.nullable().default(null),
});

/** Freshness of the sanctions data (S-03). */
export const sanctionsFactsSchema = z.object({
  /** When the SDN list in use was last refreshed successfully; null = never loaded. */
  listRefreshedAt: instantSchema.nullable(),
  /** The on-chain oracle check: not configured, answered, or unreachable (treated as stale, never clean). */
  oracle: z.enum(["not_configured", "ok", "unreachable"]).default("not_configured"),
});

/** Current holder-of-record counts of the class, for the optional pre-trade cap (H-11). */
export const holderCountsSchema = z.object({
  total: countSchema,
  nonAccredited: countSchema,
});
