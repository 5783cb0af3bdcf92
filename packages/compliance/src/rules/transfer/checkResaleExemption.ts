/**
 * Exemption-specific recipient requirements of a resale (compliance-rules §2.11 step 7): §4(a)(7),
 * Rule 144A, Rule 904 offshore resale. The default `rule_144` path has none here (its holding periods are
 * lot restrictions).
 */
import { addDaysUnchecked, addMonthsUnchecked } from "../../dates/uncheckedDates.ts";
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";
import type { TransferFacts } from "../facts/transferFactsSchema.ts";
import type { LotContext } from "../lots/lotContext.ts";

/**
 * True when `to` is a QIB on `date`: not a natural person or joint registration (natural persons can never be
 * QIBs, Rule 144A(a)(1)) and certified within the policy's window (Rule 144A(d)(1); 16 months by default).
 *
 * @example
 * isQibOn({ kind: "entity", qibCertifiedAt: "2025-01-01" }, "2025-06-01", compilePolicy()); // true
 */
export function isQibOn(
  to: Pick<TransferFacts["to"], "kind" | "qibCertifiedAt">,
  date: string,
  policy: CompiledPolicy,
): boolean {
  if (to.kind === "natural" || to.kind === "joint" || to.qibCertifiedAt === null) return false;
  return (
    to.qibCertifiedAt <= date &&
    date <
      addMonthsUnchecked(
        to.qibCertifiedAt,
        policy.rule144a.qibCertificationMaxAgeMonths,
        policy.monthOverflow,
      )
  );
}

/**
 * Push the step-7 reasons of the resale exemption the transfer relies on.
 *
 * @example
 * checkResaleExemption(facts, lotContext(facts, policy), reasons);
 */
export function checkResaleExemption(facts: TransferFacts, ctx: LotContext, out: Reason[]): void {
  if (ctx.redemption) return;
  const { policy, date } = ctx;
  switch (facts.exemption) {
    case "section_4a7": {
      // §4(d)(1): each purchaser accredited.
      if (!ctx.toAccredited) out.push(RULES[ctx.toAccreditationExpired ? "R-08-EXPIRED" : "R-08"] as Reason);
      // §4(d)(2): issuer not a shell company, not in bankruptcy or receivership.
      if (facts.issuer.shellCompany || facts.issuer.inBankruptcy) out.push(RULES["R-10"] as Reason);
      // §4(d)(3): class authorized and outstanding at least 90 days (unknown first issue: fail closed).
      const first = facts.class.firstIssueDate;
      if (first === null || date < addDaysUnchecked(first, policy.section4a7.classOutstandingDays))
        out.push(RULES["R-09"] as Reason);
      return;
    }
    case "rule_144a":
      if (!isQibOn(facts.to, date, policy)) out.push(RULES["Q-01"] as Reason);
      return;
    case "reg_s_904":
      // Rule 904 / 902(h): an offshore transaction with a buyer outside the US (and not a US person).
      if (ctx.toUs) out.push(RULES["X-01-904"] as Reason);
      return;
    default:
      return;
  }
}
