/**
 * The Regulation Crowdfunding investor limit (compliance-rules §2.8; 17 CFR 227.100(a)(2), 2021 amendments,
 * 2022 inflation adjustment).
 */
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";

/**
 * The 12-month Reg CF limit of a non-accredited investor, in cents: if either income or net worth is below
 * $124,000, the greater of $2,500 and 5% of the greater of the two; if both are at least $124,000, 10% of the
 * greater, capped at $124,000. An unknown figure counts as 0 (fail closed: the $2,500 floor). Accredited investors
 * have no limit (C-04) — the caller does not ask.
 *
 * @example
 * // §7 case 33: income $50k, net worth $80k → max($2,500, 5% × $80k) = $4,000
 * regCfInvestmentLimitCents(5_000_000n, 8_000_000n, compilePolicy()); // 400000n
 */
export function regCfInvestmentLimitCents(
  incomeCents: bigint | null,
  netWorthCents: bigint | null,
  policy: CompiledPolicy,
): bigint {
  const p = policy.regCf;
  const income = incomeCents ?? 0n;
  const worth = netWorthCents ?? 0n;
  const greater = income > worth ? income : worth;
  if (income < p.limitThresholdCents || worth < p.limitThresholdCents) {
    const pct = (greater * BigInt(p.lowPercent)) / 100n;
    return pct > p.limitFloorCents ? pct : p.limitFloorCents;
  }
  const pct = (greater * BigInt(p.highPercent)) / 100n;
  return pct < p.limitCapCents ? pct : p.limitCapCents;
}
