/**
 * The issuance engine (compliance-rules §2.11, last paragraph): the transfer procedure with `from = issuer`,
 * plus the offering's checks — 506(b) cap and sophistication, 506(c) verification, Reg CF / Reg A limits and caps,
 * Reg S offshore sale and certification — and the holder cap.
 */
import { type CompiledPolicy, resolvePolicy } from "../../policy/compilePolicy.ts";
import type { PolicyInput } from "../../policy/policySchema.ts";
import type { Reason } from "../catalogue.ts";
import { isAccreditedOn } from "../common/accreditation.ts";
import { checkAccreditedOnly } from "../common/checkAccreditedOnly.ts";
import { checkHolderCap } from "../common/checkHolderCap.ts";
import { checkJurisdiction } from "../common/checkJurisdiction.ts";
import { checkKyc } from "../common/checkKyc.ts";
import { checkMaxBalance } from "../common/checkMaxBalance.ts";
import { checkSanctions } from "../common/checkSanctions.ts";
import { type Decision, decide } from "../decision.ts";
import { InvalidFactsError, toValidationIssues } from "../errors.ts";
import {
  type IssuanceFacts,
  type IssuanceFactsInput,
  issuanceFactsSchema,
} from "../facts/issuanceFactsSchema.ts";
import { checkTokenState, checkWallets } from "../transfer/checkTokenState.ts";
import { checkControlBook } from "./checkControlBook.ts";
import { checkRegAPurchase, checkRegCfPurchase, checkRegSPurchase } from "./checkOfferingLimits.ts";
import { checkRule506b, checkRule506c } from "./checkRegD.ts";

/**
 * Decide a primary issuance on already-parsed facts (see {@link parseIssuanceFacts}).
 *
 * @example
 * evaluateIssuance(parseIssuanceFacts(json), compilePolicy()).decision; // "ALLOW" | "DENY" | "REVIEW"
 */
export function evaluateIssuance(facts: IssuanceFacts, policy: CompiledPolicy | PolicyInput): Decision {
  const p = resolvePolicy(policy);
  const out: Reason[] = [];
  const to = facts.to;
  checkTokenState(facts.class, null, to, facts.date, out); // 1
  checkControlBook(facts, out); // 1: the control book (17Ad-10(e))
  checkWallets(null, to, out); // 2
  checkSanctions(facts.sanctions, facts.now, null, to, p, out); // 3
  checkKyc(null, to, facts.date, p, out); // 4
  checkJurisdiction(to, p, out); // 5
  switch (facts.offering.exemption) {
    case "reg_d_506b":
      checkRule506b(facts, p, out);
      break;
    case "reg_d_506c":
      checkRule506c(facts, p, out);
      break;
    case "reg_cf":
      checkRegCfPurchase(facts, p, out);
      break;
    case "reg_a_tier1":
    case "reg_a_tier2":
      checkRegAPurchase(facts, p, out);
      break;
    case "reg_s":
      checkRegSPurchase(facts, out);
      break;
    default:
      break; // registered, §4(a)(2), Rule 701: no offering-specific purchaser check here
  }
  // The token's class rules apply to a mint as to any credit (its `_update` hook), in its order: accredited-only
  // (7), maximum balance per investor, holder caps (9).
  checkAccreditedOnly(to, facts.date, p, out);
  checkMaxBalance(null, to, facts.amount, p, out);
  const joins = !to.isIssuer && !to.isCountedHolder ? 1 : 0;
  const na = joins && !isAccreditedOn(to.accreditation, facts.date) ? 1 : 0;
  checkHolderCap(facts.holders, { total: joins, nonAccredited: na }, p, out); // 9
  return decide(out);
}

/**
 * Validate and parse issuance facts; throws `INVALID_COMPLIANCE_FACTS` ({@link InvalidFactsError}).
 *
 * @example
 * const facts = parseIssuanceFacts(JSON.parse(body));
 */
export function parseIssuanceFacts(input: IssuanceFactsInput | unknown): IssuanceFacts {
  const parsed = issuanceFactsSchema.safeParse(input);
  if (!parsed.success) throw new InvalidFactsError("issuance", toValidationIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * Parse and decide an issuance in one call (CLI, tests).
 *
 * @example
 * checkIssuance(json).reasons.map((r) => r.name);
 */
export function checkIssuance(
  input: IssuanceFactsInput | unknown,
  policy: CompiledPolicy | PolicyInput = {},
): Decision {
  return evaluateIssuance(parseIssuanceFacts(input), policy);
}
