/**
 * Regulation D offering checks of a primary sale (compliance-rules §2.2–2.3; D-01 … D-06).
 */
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";
import { isAccreditationExpired, isAccreditedOn } from "../common/accreditation.ts";
import type { IssuanceFacts } from "../facts/issuanceFactsSchema.ts";
import { isVerifiedFor506c } from "./isVerifiedFor506c.ts";

/**
 * Rule 506(b): a non-accredited purchaser (unknown and expired count as such) is refused when the 90-day window
 * already holds 35 distinct non-accredited purchasers and this one is not among them (D-01, 506(b)(2)(i); an
 * unknown count fails closed), and needs a sophistication attestation (D-02, 506(b)(2)(ii)).
 *
 * @example
 * checkRule506b(facts, policy, reasons);
 */
export function checkRule506b(facts: IssuanceFacts, policy: CompiledPolicy, out: Reason[]): void {
  const to = facts.to;
  if (isAccreditedOn(to.accreditation, facts.date)) return;
  const inWindow = facts.offering.nonAccreditedPurchasersInWindow;
  if (
    !to.countedIn506bWindow &&
    (inWindow === null || inWindow >= policy.rule506b.maxNonAccreditedPurchasers)
  )
    out.push(RULES["D-01"] as Reason);
  if (!to.sophisticationAttested) out.push(RULES["D-02"] as Reason);
}

/**
 * Rule 506(c): every purchaser accredited (D-03: 60, or 61 when the accreditation expired) and verified by a
 * method valid at the sale (D-04: 62) — fresh B/C evidence, a 5-year re-certification (D-05) or the
 * minimum-investment path (D-06).
 *
 * @example
 * checkRule506c(facts, policy, reasons);
 */
export function checkRule506c(facts: IssuanceFacts, policy: CompiledPolicy, out: Reason[]): void {
  const to = facts.to;
  const a = to.accreditation;
  if (a.status !== "accredited") out.push(RULES["D-03"] as Reason);
  else if (isAccreditationExpired(a, facts.date)) out.push(RULES["D-03-EXPIRED"] as Reason);
  if (a.status === "accredited" && !isVerifiedFor506c(to, facts.date, facts.investmentCents, policy))
    out.push(RULES["D-04"] as Reason);
}
