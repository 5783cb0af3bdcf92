/**
 * Affiliate sellers under Rule 144 (compliance-rules §2.5, §2.11 step 8; ).
 */
import { type Reason, RULES } from "../catalogue.ts";
import type { TransferFacts } from "../facts/transferFactsSchema.ts";
import type { LotContext } from "../lots/lotContext.ts";

/**
 * The 3-month volume limit of Rule 144(e)(1): the greater of 1% of the units outstanding (latest report) and the
 * average weekly trading volume over the 4 weeks before the sale (listed classes). Unknown figures count as 0, so
 * unknown data denies rather than allows.
 *
 * @example
 * affiliateVolumeLimit({ outstanding: 1_000_000n, averageWeeklyVolume: 15_000n }, 100); // 15000n
 */
export function affiliateVolumeLimit(
  cls: { outstanding: bigint | null; averageWeeklyVolume: bigint | null },
  volumeLimitBps: number,
): bigint {
  const pct = cls.outstanding === null ? 0n : (cls.outstanding * BigInt(volumeLimitBps)) / 10_000n;
  const weekly = cls.averageWeeklyVolume ?? 0n;
  return pct > weekly ? pct : weekly;
}

/**
 * Push R-05 (DENY) when the affiliate's sales in 3 months, this one included, exceed the volume limit, and R-06
 * (REVIEW) when they exceed 5,000 units or $50,000 (Rule 144(h): Form 144). An unknown sale price counts as over
 * the dollar threshold. Only for the default Rule 144 path; 144A and §4(a)(7) resales have no volume limit.
 *
 * @example
 * checkAffiliate(facts, lotContext(facts, policy), reasons);
 */
export function checkAffiliate(facts: TransferFacts, ctx: LotContext, out: Reason[]): void {
  const from = facts.from;
  if (!from.affiliate || facts.exemption !== "rule_144" || ctx.redemption) return;
  const p = ctx.policy.rule144;
  const units = from.sales3mUnits + facts.amount;
  if (units > affiliateVolumeLimit(facts.class, p.volumeLimitBps)) out.push(RULES["R-05"] as Reason);
  const overDollars =
    facts.salePriceCents === null ||
    from.sales3mProceedsCents + facts.salePriceCents > p.form144ProceedsCents;
  if (units > p.form144Units || overDollars) out.push(RULES["R-06"] as Reason);
}
