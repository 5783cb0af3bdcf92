/**
 * The issuer-configurable settings of the 12(g) monitor, with the project's defaults (compliance-rules §0, §1.6).
 * Statutory numbers are defaults too: counsel may change them (a bank-like issuer, a later amendment), so nothing
 * below is a hard-coded constant of the counting code.
 */
import { z } from "zod";
import { twelveGUsdSchema, usdCents } from "./amounts.ts";
import { TwelveGInputError } from "./errors.ts";

export type TwelveGPolicy = {
  /** §12(g)(1)(A) / Rule 12g-1(b)(1): 2,000 holders, 500 non-accredited, assets > $10M (cents). */
  thresholds: { holders: number; nonAccredited: number; assetsCents: bigint };
  /** Operator alert bands (§1.6, not law): AMBER at 75 %, RED at 90 % of each threshold. */
  alertPercent: { amber: number; red: number };
  /**
   * Rule 12g-4(a): fewer than 300 holders (1,200 bank-like), or fewer than 500 with assets ≤ $10M at each of the
   * last 3 FYEs.
   */
  dereg: {
    holders: number;
    holdersBankLike: number;
    holdersSmallIssuer: number;
    assetsCents: bigint;
    years: number;
  };
  /** Rule 12g-6: total assets ≤ $25M; 2-year transition. */
  regCf: { assetsCents: bigint; transitionYears: number };
  /** Rule 12g5-1(a)(7): public float < $75M, or revenue < $50M without a float; 2-year transition. */
  regA: { publicFloatCents: bigint; revenueCents: bigint; transitionYears: number };
  /** §12(g)(1): Form 10 within 120 days after the FYE. */
  registrationDueDays: number;
  /** Roll a deadline off a weekend/holiday (Rule 0-3 reading, counsel's call); default off = earlier, safe. */
  rollDeadlineToBusinessDay: boolean;
  /** §1.6: reminders at D-60, D-30, D-7. */
  reminderDaysBefore: number[];
  /** §0: a person holding alone and also jointly counts as two ("separate", default) or the joint is absorbed. */
  jointWithIndividual: "separate" | "merge";
  /** Rule 12g5-1(a)(5): one holder per wallet address (default; same EVM key on every chain) or per chain+address. */
  unlinkedWalletKey: "address" | "chain_and_address";
  /** Rule 12g5-1(a)(8): exclude plan lots only when the 701(c) safe harbor is asserted (default, fail closed). */
  planExclusionRequires701c: boolean;
  /** §1.6 step 4: the dereg count drops only the plan exclusion; Reg CF / Reg A exclusions still apply. */
  deregAppliesOfferingExclusions: boolean;
  /** Optional pre-trade caps (§1.6 "e.g. 1,999 / 499"): a trade that would push a count above the cap is denied. */
  holderCap: { holders?: number | undefined; nonAccredited?: number | undefined };
};

/** The project defaults (compliance-rules §0 and §1). */
export const defaultTwelveGPolicy: TwelveGPolicy = Object.freeze({
  thresholds: { holders: 2000, nonAccredited: 500, assetsCents: usdCents(10_000_000) },
  alertPercent: { amber: 75, red: 90 },
  dereg: {
    holders: 300,
    holdersBankLike: 1200,
    holdersSmallIssuer: 500,
    assetsCents: usdCents(10_000_000),
    years: 3,
  },
  regCf: { assetsCents: usdCents(25_000_000), transitionYears: 2 },
  regA: { publicFloatCents: usdCents(75_000_000), revenueCents: usdCents(50_000_000), transitionYears: 2 },
  registrationDueDays: 120,
  rollDeadlineToBusinessDay: false,
  reminderDaysBefore: [60, 30, 7],
  jointWithIndividual: "separate",
  unlinkedWalletKey: "address",
  planExclusionRequires701c: true,
  deregAppliesOfferingExclusions: true,
  holderCap: {},
}) as TwelveGPolicy;

/** A deep-partial policy as written by a caller (TS) — every field optional. */
export type TwelveGPolicyOverrides = {
  [K in keyof TwelveGPolicy]?: TwelveGPolicy[K] extends readonly unknown[]
    ? TwelveGPolicy[K]
    : TwelveGPolicy[K] extends object
      ? Partial<TwelveGPolicy[K]>
      : TwelveGPolicy[K];
};

const count = z.number().int().nonnegative();
const percent = z.number().int().min(1).max(100);

/** The policy as JSON (a `policy` key in holders.json): every field optional, dollars as strings. */
export const twelveGPolicySchema = z
  .object({
    thresholds: z
      .object({ holders: count, nonAccredited: count, assetsUsd: twelveGUsdSchema })
      .partial()
      .strict(),
    alertPercent: z.object({ amber: percent, red: percent }).partial().strict(),
    dereg: z
      .object({
        holders: count,
        holdersBankLike: count,
        holdersSmallIssuer: count,
        assetsUsd: twelveGUsdSchema,
        years: z.number().int().min(1).max(10),
      })
      .partial()
      .strict(),
    regCf: z.object({ assetsUsd: twelveGUsdSchema, transitionYears: count }).partial().strict(),
    regA: z
      .object({ publicFloatUsd: twelveGUsdSchema, revenueUsd: twelveGUsdSchema, transitionYears: count })
      .partial()
      .strict(),
    registrationDueDays: z.number().int().min(1).max(366),
    rollDeadlineToBusinessDay: z.boolean(),
    reminderDaysBefore: z.array(z.number().int().min(1).max(366)).max(20),
    jointWithIndividual: z.enum(["separate", "merge"]),
    unlinkedWalletKey: z.enum(["address", "chain_and_address"]),
    planExclusionRequires701c: z.boolean(),
    deregAppliesOfferingExclusions: z.boolean(),
    holderCap: z.object({ holders: count, nonAccredited: count }).partial().strict(),
  })
  .partial()
  .strict()
  .transform(
    (p): TwelveGPolicyOverrides => ({
      ...p,
      thresholds: p.thresholds && {
        holders: p.thresholds.holders,
        nonAccredited: p.thresholds.nonAccredited,
        assetsCents: p.thresholds.assetsUsd,
      },
      dereg: p.dereg && { ...p.dereg, assetsCents: p.dereg.assetsUsd },
      regCf: p.regCf && { assetsCents: p.regCf.assetsUsd, transitionYears: p.regCf.transitionYears },
      regA: p.regA && {
        publicFloatCents: p.regA.publicFloatUsd,
        revenueCents: p.regA.revenueUsd,
        transitionYears: p.regA.transitionYears,
      },
    }),
  );

/**
 * The defaults with `overrides` laid over them (one level deep); undefined fields keep the default. Throws
 * {@link TwelveGInputError} when the AMBER band is not below the RED band.
 *
 * @example
 * resolveTwelveGPolicy({ holderCap: { holders: 1999 } }).thresholds.holders; // 2000
 */
export function resolveTwelveGPolicy(overrides: TwelveGPolicyOverrides = {}): TwelveGPolicy {
  const d = defaultTwelveGPolicy;
  const o = overrides;
  const policy: TwelveGPolicy = {
    thresholds: { ...d.thresholds, ...defined(o.thresholds) },
    alertPercent: { ...d.alertPercent, ...defined(o.alertPercent) },
    dereg: { ...d.dereg, ...defined(o.dereg) },
    regCf: { ...d.regCf, ...defined(o.regCf) },
    regA: { ...d.regA, ...defined(o.regA) },
    registrationDueDays: o.registrationDueDays ?? d.registrationDueDays,
    rollDeadlineToBusinessDay: o.rollDeadlineToBusinessDay ?? d.rollDeadlineToBusinessDay,
    reminderDaysBefore: [...(o.reminderDaysBefore ?? d.reminderDaysBefore)].sort((a, b) => b - a),
    jointWithIndividual: o.jointWithIndividual ?? d.jointWithIndividual,
    unlinkedWalletKey: o.unlinkedWalletKey ?? d.unlinkedWalletKey,
    planExclusionRequires701c: o.planExclusionRequires701c ?? d.planExclusionRequires701c,
    deregAppliesOfferingExclusions: o.deregAppliesOfferingExclusions ?? d.deregAppliesOfferingExclusions,
    holderCap: { ...d.holderCap, ...defined(o.holderCap) },
  };
  if (policy.alertPercent.amber >= policy.alertPercent.red)
    throw new TwelveGInputError("policy", [
      { path: "alertPercent", message: "the AMBER band must be below the RED band" },
    ]);
  return policy;
}

/** Drops undefined fields so a partial override never erases a default. */
function defined<T extends object>(o: T | undefined): Partial<T> {
  if (o === undefined) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
