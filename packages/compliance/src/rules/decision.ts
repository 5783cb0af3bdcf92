/**
 * The decision of the engine (compliance-rules §0 "Decision output"): ALLOW, DENY or REVIEW with every failing
 * reason. The primary reason comes first: DENY reasons before REVIEW ones (a REVIEW cannot explain a DENY), each
 * group in the order of the §2.11 decision procedure.
 */
import { type Reason, ruleRank } from "./catalogue.ts";

/** ALLOW, DENY or REVIEW (manual queue). */
export type DecisionKind = "ALLOW" | "DENY" | "REVIEW";

/** The outcome of an evaluation. */
export type Decision = {
  readonly decision: DecisionKind;
  /** Every failing reason, the primary one first; empty when ALLOW. */
  readonly reasons: readonly Reason[];
};

const NO_REASONS: readonly Reason[] = Object.freeze([]);
const ALLOW: Decision = Object.freeze({ decision: "ALLOW", reasons: NO_REASONS });

function compare(a: Reason, b: Reason): number {
  if (a.severity !== b.severity) return a.severity === "DENY" ? -1 : 1;
  return ruleRank(a.rule) - ruleRank(b.rule);
}

/**
 * The decision for the collected `reasons` (which it sorts in place): DENY if any reason denies, else REVIEW if
 * any asks for review, else ALLOW.
 *
 * @example
 * decide([]).decision; // "ALLOW"
 * decide([RULES["S-01"], RULES["G-01"]]).reasons[0].rule; // "G-01" — step 1 comes before step 3
 */
export function decide(reasons: Reason[]): Decision {
  if (reasons.length === 0) return ALLOW;
  if (reasons.length > 1) reasons.sort(compare);
  return { decision: (reasons[0] as Reason).severity, reasons };
}

/** The primary reason of a decision, or undefined when ALLOW. */
export function primaryReason(decision: Decision): Reason | undefined {
  return decision.reasons[0];
}
