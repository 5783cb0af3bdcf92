/**
 * Errors of the rules engine. Invalid facts or policy never reach a rule: they throw, with a stable code, so a
 * malformed request can never come back ALLOW (compliance-rules §0 "Fail closed").
 */
import { CoinsciousError } from "@coinscious/core";

/** One problem found while validating facts or a policy. */
export type ValidationIssue = { path: string; message: string };

/** The facts of a transfer or issuance do not match their schema. Code `INVALID_COMPLIANCE_FACTS`. */
export class InvalidFactsError extends CoinsciousError {
  readonly issues: readonly ValidationIssue[];
  constructor(kind: "transfer" | "issuance", issues: ValidationIssue[]) {
    super("INVALID_COMPLIANCE_FACTS", `Invalid ${kind} facts: ${summarize(issues)}`, {
      details: { kind, issues },
    });
    this.issues = issues;
  }
}

/** A compliance policy does not match its schema. Code `INVALID_COMPLIANCE_POLICY`. */
export class InvalidPolicyError extends CoinsciousError {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super("INVALID_COMPLIANCE_POLICY", `Invalid compliance policy: ${summarize(issues)}`, {
      details: { issues },
    });
    this.issues = issues;
  }
}

/** Zod issues as `{ path, message }` with a dotted path. */
export function toValidationIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ValidationIssue[] {
  return issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}

function summarize(issues: readonly ValidationIssue[]): string {
  const head = issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  return issues.length > 3 ? `${head}; … ${issues.length - 3} more` : head;
}
