/**
 * Rule 506(c) verification (compliance-rules §2.3): `valid_for_506c(at) = method ∈ {A,B,C,E,NAL} and
 * (B,C ⇒ at ≤ evidence + 3 months) and (E ⇒ at ≤ prior verification + 5 years ∧ fresh re-certification) and
 * (NAL ⇒ committed ≥ $200k | $1M ∧ reps)`, never with contrary knowledge.
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import { addMonthsUnchecked } from "../../dates/uncheckedDates.ts";
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import type { Purchaser } from "../facts/issuanceFactsSchema.ts";

/**
 * The minimum investment of the March 12, 2025 no-action letter (CDI 256.36): $200,000 for a natural person;
 * $1,000,000 for an entity — or $200,000 per owner when the entity is accredited only because all its owners
 * are and it has fewer than five natural-person owners.
 *
 * @example
 * minimumInvestmentCents({ kind: "entity", accreditation: { naturalPersonOwners: null } }, compilePolicy()); // 100000000n
 */
export function minimumInvestmentCents(
  p: { kind: Purchaser["kind"]; accreditation: { naturalPersonOwners: number | null } },
  policy: CompiledPolicy,
): bigint {
  const c = policy.rule506c;
  if (p.kind === "natural" || p.kind === "joint") return c.minInvestmentNaturalCents;
  const owners = p.accreditation.naturalPersonOwners;
  if (owners !== null && owners <= c.perOwnerPathMaxOwners) {
    const perOwner = c.minInvestmentPerOwnerCents * BigInt(owners);
    return perOwner < c.minInvestmentEntityCents ? perOwner : c.minInvestmentEntityCents;
  }
  return c.minInvestmentEntityCents;
}

/**
 * True when the purchaser's accreditation is verified for a 506(c) sale on `date` of `investmentCents`.
 *
 * @example
 * // §7 case 3: CPA letter 2025-01-01 → valid on 2025-04-01, not on 2025-04-02
 * isVerifiedFor506c(purchaser, "2025-04-02", 0n, compilePolicy()); // false
 */
export function isVerifiedFor506c(
  p: Pick<Purchaser, "kind" | "accreditation">,
  date: CalendarDate,
  investmentCents: bigint,
  policy: CompiledPolicy,
): boolean {
  const a = p.accreditation;
  const c = policy.rule506c;
  if (a.contraryKnowledge) return false;
  const within = (from: CalendarDate | null, months: number) =>
    from !== null && from <= date && date <= addMonthsUnchecked(from, months, policy.monthOverflow);
  switch (a.method) {
    case "income": // (A) IRS forms for the two most recent years + written representation
      return true;
    case "net_worth": // (B) statements dated within the prior three months
    case "third_party_letter": // (C) BD / RIA / attorney / CPA confirmation within the prior three months
      return within(a.evidenceDate, c.evidenceMaxAgeMonths);
    case "recertification": // (E) re-certification within five years of the prior verification
      return (
        a.priorVerifiedAt !== null &&
        a.priorVerifiedAt <= date &&
        date <= addMonthsUnchecked(a.priorVerifiedAt, c.recertificationYears * 12, policy.monthOverflow) &&
        within(a.recertifiedAt, c.recertificationMaxAgeMonths)
      );
    case "minimum_investment": // NAL Mar 12 2025: minimum + reps (accredited, not third-party financed)
      return (
        a.repAccredited && a.repNotThirdPartyFinanced && investmentCents >= minimumInvestmentCents(p, policy)
      );
    default: // self-certification or nothing: never enough for 506(c)
      return false;
  }
}
