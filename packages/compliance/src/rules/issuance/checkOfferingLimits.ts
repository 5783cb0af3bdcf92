/**
 * Investment limits and issuer caps of Regulation Crowdfunding and Regulation A (compliance-rules §2.8–2.9;
 * C-03 … C-05, A-01 … A-03).
 */
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";
import { isAccreditedOn } from "../common/accreditation.ts";
import type { IssuanceFacts } from "../facts/issuanceFactsSchema.ts";
import { regCfInvestmentLimitCents } from "./regCfInvestmentLimit.ts";

/**
 * Reg CF: a non-accredited investor's 12-month total, this purchase included, within the limit (C-03,
 * 227.100(a)(2)); accredited investors have none (C-04). The issuer's 12-month raise within $5M (C-05,
 * 227.100(a)(1); unknown raised amount fails closed).
 *
 * @example
 * checkRegCfPurchase(facts, policy, reasons);
 */
export function checkRegCfPurchase(facts: IssuanceFacts, policy: CompiledPolicy, out: Reason[]): void {
  const to = facts.to;
  if (!isAccreditedOn(to.accreditation, facts.date)) {
    const limit = regCfInvestmentLimitCents(to.incomeCents, to.netWorthCents, policy);
    if (to.regCfInvested12mCents + facts.investmentCents > limit) out.push(RULES["C-03"] as Reason);
  }
  const raised = facts.offering.raised12mCents;
  if (raised === null || raised + facts.investmentCents > policy.regCf.issuerCapCents)
    out.push(RULES["C-05"] as Reason);
}

/**
 * The Reg A Tier 2 per-offering limit of a non-accredited purchaser: 10% of the greater of annual income and net
 * worth (entities: revenue and net assets), Rule 251(d)(2)(i)(C). Unknown figures count as 0.
 *
 * @example
 * regATier2LimitCents(10_000_000n, 5_000_000n, compilePolicy()); // 1000000n ($10,000)
 */
export function regATier2LimitCents(
  incomeCents: bigint | null,
  netWorthCents: bigint | null,
  policy: CompiledPolicy,
): bigint {
  const income = incomeCents ?? 0n;
  const worth = netWorthCents ?? 0n;
  return ((income > worth ? income : worth) * BigInt(policy.regA.tier2InvestorPercent)) / 100n;
}

/**
 * Reg A: Tier 2 investor limit for non-accredited purchasers of securities not listed on an exchange;
 * the 12-month offering cap of the tier, $20M / $75M (A-03, 251(a); unknown raised amount fails closed).
 *
 * @example
 * checkRegAPurchase(facts, policy, reasons);
 */
export function checkRegAPurchase(facts: IssuanceFacts, policy: CompiledPolicy, out: Reason[]): void {
  const { to, offering } = facts;
  const tier2 = offering.exemption === "reg_a_tier2";
  if (tier2 && !offering.listedOnExchange && !isAccreditedOn(to.accreditation, facts.date)) {
    const limit = regATier2LimitCents(to.incomeCents, to.netWorthCents, policy);
    if (to.regAInvestedThisOfferingCents + facts.investmentCents > limit) out.push(RULES["A-01"] as Reason);
  }
  const cap = tier2 ? policy.regA.tier2CapCents : policy.regA.tier1CapCents;
  const raised = offering.raised12mCents;
  if (raised === null || raised + facts.investmentCents > cap) out.push(RULES["A-03"] as Reason);
}

/**
 * Reg S primary sale: to a non-US person in an offshore transaction (903(a), 902(h), (k)); category 3 equity also
 * needs the purchaser's non-US certification and resale agreement (X-02, 903(b)(3)(iii)(B)).
 *
 * @example
 * checkRegSPurchase(facts, reasons);
 */
export function checkRegSPurchase(facts: IssuanceFacts, out: Reason[]): void {
  const { to, offering } = facts;
  if (to.usPerson || to.inUnitedStates) out.push(RULES["X-01-ISSUANCE"] as Reason);
  const terms = offering.regS;
  // Unknown terms are treated as category 3 equity, the strictest (fail closed).
  const cat3Equity = terms === null || (terms.category === 3 && terms.securityType === "equity");
  if (cat3Equity && !to.regSCertified) out.push(RULES["X-02"] as Reason);
}
