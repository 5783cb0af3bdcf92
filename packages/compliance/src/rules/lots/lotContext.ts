/**
 * What every lot check of one transfer needs, computed once per evaluation rather than once per lot.
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { isAccreditationExpired, isAccreditedOn } from "../common/accreditation.ts";
import type { TransferFacts } from "../facts/transferFactsSchema.ts";
import { isReportingFor144, isShell144Unavailable } from "./rule144.ts";

/** Per-transfer values the lot checks read. */
export type LotContext = {
  readonly date: CalendarDate;
  readonly policy: CompiledPolicy;
  readonly facts: TransferFacts;
  /** A redemption to the issuer, exempt from the resale restrictions (policy). */
  readonly redemption: boolean;
  /** Rule 902(k) US person or a buyer in the United States (not an offshore transaction). */
  readonly toUs: boolean;
  readonly toAccredited: boolean;
  readonly toAccreditationExpired: boolean;
  /** Issuer reporting ≥ 90 days before the sale (Rule 144(d)(1)(i)). */
  readonly reporting: boolean;
  /** Rule 144(i): shell company, 144 unavailable. */
  readonly shell: boolean;
};

/**
 * Build the lot context of a transfer.
 *
 * @example
 * const ctx = lotContext(facts, compilePolicy());
 */
export function lotContext(facts: TransferFacts, policy: CompiledPolicy): LotContext {
  const to = facts.to;
  return {
    date: facts.date,
    policy,
    facts,
    redemption: to.isIssuer && policy.redemptionExemptFromResaleRestrictions,
    toUs: to.usPerson || to.inUnitedStates,
    toAccredited: isAccreditedOn(to.accreditation, facts.date),
    toAccreditationExpired: isAccreditationExpired(to.accreditation, facts.date),
    reporting: isReportingFor144(facts.issuer, facts.date, policy),
    shell: isShell144Unavailable(facts.issuer, facts.date, policy),
  };
}
