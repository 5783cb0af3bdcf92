/**
 * Validates a policy once and precomputes what every evaluation would otherwise recompute (sets for the
 * jurisdiction lists, the sanctions age in milliseconds), so the hot path reads plain fields.
 */
import { InvalidPolicyError, toValidationIssues } from "../rules/errors.ts";
import { type Policy, type PolicyInput, policySchema } from "./policySchema.ts";

const COMPILED: unique symbol = Symbol("coinscious.compiledPolicy");

/** A validated policy with its derived values. Build it with {@link compilePolicy}. */
export type CompiledPolicy = Policy & {
  readonly [COMPILED]: true;
  readonly blockedCountries: ReadonlySet<string>;
  readonly allowedCountries: ReadonlySet<string> | null;
  readonly blockedSubdivisions: ReadonlySet<string>;
  readonly sanctionsMaxAgeMs: number;
};

/**
 * Validate `input` against the policy schema (every missing field takes its compliance-rules §0 default) and
 * precompute the derived values. Throws {@link InvalidPolicyError} (code `INVALID_COMPLIANCE_POLICY`).
 *
 * @example
 * const policy = compilePolicy({ holderCaps: { total: 1999, nonAccredited: 499 } });
 * policy.monthOverflow; // "roll-forward"
 */
export function compilePolicy(input: PolicyInput | CompiledPolicy = {}): CompiledPolicy {
  if (isCompiledPolicy(input)) return input;
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) throw new InvalidPolicyError(toValidationIssues(parsed.error.issues));
  const p = parsed.data;
  return Object.freeze({
    ...p,
    [COMPILED]: true as const,
    blockedCountries: new Set(p.jurisdiction.blockedCountries),
    allowedCountries:
      p.jurisdiction.allowedCountries === null ? null : new Set(p.jurisdiction.allowedCountries),
    blockedSubdivisions: new Set(p.jurisdiction.blockedSubdivisions),
    sanctionsMaxAgeMs: Math.round(p.sanctions.maxListAgeHours * 3_600_000),
  });
}

/** True for a policy built by {@link compilePolicy}. */
export function isCompiledPolicy(value: unknown): value is CompiledPolicy {
  return typeof value === "object" && value !== null && (value as { [COMPILED]?: true })[COMPILED] === true;
}

const cache = new WeakMap<object, CompiledPolicy>();

/** The compiled form of `policy`, compiling (once per object) when given a plain policy. */
export function resolvePolicy(policy: PolicyInput | CompiledPolicy): CompiledPolicy {
  if (isCompiledPolicy(policy)) return policy;
  let compiled = cache.get(policy);
  if (compiled === undefined) {
    compiled = compilePolicy(policy);
    cache.set(policy, compiled);
  }
  return compiled;
}
