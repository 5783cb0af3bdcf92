/**
 * The transfer engine (compliance-rules §2.11): every check in the order of the decision procedure, every
 * failing reason collected, the primary one first. Pure: the facts carry the date and the instant.
 */
import { type CompiledPolicy, resolvePolicy } from "../../policy/compilePolicy.ts";
import type { PolicyInput } from "../../policy/policySchema.ts";
import type { Reason } from "../catalogue.ts";
import { checkAccreditedOnly } from "../common/checkAccreditedOnly.ts";
import { checkHolderCap } from "../common/checkHolderCap.ts";
import { checkJurisdiction } from "../common/checkJurisdiction.ts";
import { checkKyc } from "../common/checkKyc.ts";
import { checkMaxBalance } from "../common/checkMaxBalance.ts";
import { checkSanctions } from "../common/checkSanctions.ts";
import { type Decision, decide } from "../decision.ts";
import type { TransferFacts, TransferFactsInput } from "../facts/transferFactsSchema.ts";
import { lotContext } from "../lots/lotContext.ts";
import { checkAffiliate } from "./checkAffiliate.ts";
import { checkClassRegS, checkHolderLockup } from "./checkHolderLockup.ts";
import { checkLots } from "./checkLots.ts";
import { checkResaleExemption } from "./checkResaleExemption.ts";
import { checkTokenState, checkWallets } from "./checkTokenState.ts";
import { parseTransferFacts } from "./parseTransferFacts.ts";
import { transferHolderDelta } from "./transferHolderDelta.ts";

/**
 * Decide a transfer on already-parsed facts (see {@link parseTransferFacts}). Returns ALLOW, DENY or REVIEW with
 * every failing reason, the primary one first.
 *
 * @example
 * const policy = compilePolicy();
 * const { decision, reasons } = evaluateTransfer(parseTransferFacts(json), policy);
 * if (decision !== "ALLOW") console.log(reasons[0].code, reasons[0].name, reasons[0].citation);
 */
export function evaluateTransfer(facts: TransferFacts, policy: CompiledPolicy | PolicyInput): Decision {
  const p = resolvePolicy(policy);
  const out: Reason[] = [];
  const { from, to } = facts;
  checkTokenState(facts.class, from, to, facts.date, out); // 1. token/class state, stop orders
  checkWallets(from, to, out); // 2. wallet resolution
  checkSanctions(facts.sanctions, facts.now, from, to, p, out); // 3. sanctions (fail closed)
  checkKyc(from, to, facts.date, p, out); // 4. KYC of both parties
  checkJurisdiction(to, p, out); // 5. recipient jurisdiction
  const ctx = lotContext(facts, p);
  checkHolderLockup(from.lockupEnd, ctx, out); // 6. holder lock-up …
  checkClassRegS(facts.class.regSDcpEnd, ctx, out); // … Reg S class in its DCP …
  checkLots(facts, ctx, out); // … lot selection: holding periods, Reg CF lock, Reg S DCP, balance
  checkResaleExemption(facts, ctx, out); // 7. exemption-specific recipient requirements …
  checkAccreditedOnly(to, facts.date, p, out); // … and the class's accredited-only restriction
  checkAffiliate(facts, ctx, out); // 8. affiliate volume / Form 144
  checkMaxBalance(from, to, facts.amount, p, out); // 9. maximum balance per investor …
  checkHolderCap(facts.holders, transferHolderDelta(facts), p, out); // … and the holder cap guard
  return decide(out);
}

/**
 * Parse `input` (throwing `INVALID_COMPLIANCE_FACTS` when invalid) and decide it: the one-call form for the CLI
 * and tests. Hot paths parse once and call {@link evaluateTransfer}.
 *
 * @example
 * checkTransfer(JSON.parse(readFileSync("facts.json", "utf8")), {}).decision; // "ALLOW" | "DENY" | "REVIEW"
 */
export function checkTransfer(
  input: TransferFactsInput | unknown,
  policy: CompiledPolicy | PolicyInput = {},
): Decision {
  return evaluateTransfer(parseTransferFacts(input), policy);
}
