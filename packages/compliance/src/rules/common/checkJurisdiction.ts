/**
 * Recipient jurisdiction (compliance-rules §2.11 step 5; J-01): the country against the class's allow list (when
 * set) and block list (embargoed countries by default), and the ISO 3166-2 subdivision against the blocked regions
 * (Crimea, the so-called DNR/LNR, or US states for blue-sky policy). An unknown country is blocked (fail closed).
 */
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";

type Located = {
  country: string | null;
  subdivision: string | null;
  isIssuer: boolean;
  holderId: string | null;
};

/**
 * True when `to` may not receive under the policy's jurisdiction lists.
 *
 * @example
 * isJurisdictionBlocked({ country: "IR", subdivision: null, isIssuer: false, holderId: "h1" }, compilePolicy()); // true
 */
export function isJurisdictionBlocked(to: Located, policy: CompiledPolicy): boolean {
  if (to.isIssuer || to.holderId === null) return false;
  const c = to.country;
  if (c === null) return true;
  if (policy.allowedCountries !== null && !policy.allowedCountries.has(c)) return true;
  if (policy.blockedCountries.has(c)) return true;
  return to.subdivision !== null && policy.blockedSubdivisions.has(to.subdivision);
}

/**
 * Push J-01 when the recipient's jurisdiction is blocked.
 *
 * @example
 * checkJurisdiction(facts.to, policy, reasons);
 */
export function checkJurisdiction(to: Located, policy: CompiledPolicy, out: Reason[]): void {
  if (isJurisdictionBlocked(to, policy)) out.push(RULES["J-01"] as Reason);
}
