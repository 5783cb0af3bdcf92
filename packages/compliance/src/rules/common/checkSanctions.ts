/**
 * Sanctions (compliance-rules §2.11 step 3; S-01, S-02, S-03). The screening layer has already matched each
 * party's holder and wallet against the SDN list (case-insensitively, whatever the ticker tag) and the oracle;
 * this rule reads the verdicts and the age of the data. Stale or missing data fails closed (§0): never "clean".
 */
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";

type SanctionsFacts = { listRefreshedAt: number | null; oracle: "not_configured" | "ok" | "unreachable" };

/**
 * True when the sanctions data cannot be relied on at `now` (epoch ms): never loaded, older than the policy's
 * maximum age, the oracle unreachable, or the oracle required but not configured.
 *
 * @example
 * isSanctionsDataStale({ listRefreshedAt: null, oracle: "ok" }, Date.now(), compilePolicy()); // true
 */
export function isSanctionsDataStale(s: SanctionsFacts, now: number, policy: CompiledPolicy): boolean {
  if (s.listRefreshedAt === null) return true;
  if (now - s.listRefreshedAt > policy.sanctionsMaxAgeMs) return true;
  if (s.oracle === "unreachable") return true;
  return s.oracle === "not_configured" && policy.sanctions.requireOracle;
}

/**
 * Push the sanctions reasons: 30 for a sanctioned sender (31 CFR 501.603: block), 31 for a sanctioned recipient,
 * 32 when the data is stale. A match is reported even on stale data — a stale list is still evidence of a hit.
 *
 * @example
 * checkSanctions(facts.sanctions, facts.now, facts.from, facts.to, policy, reasons);
 */
export function checkSanctions(
  sanctions: SanctionsFacts,
  now: number,
  from: { sanctioned: boolean } | null,
  to: { sanctioned: boolean },
  policy: CompiledPolicy,
  out: Reason[],
): void {
  if (from?.sanctioned) out.push(RULES["S-02"] as Reason);
  if (to.sanctioned) out.push(RULES["S-01"] as Reason);
  if (isSanctionsDataStale(sanctions, now, policy))
    out.push(RULES[policy.sanctions.staleDecision === "REVIEW" ? "S-03-REVIEW" : "S-03"] as Reason);
}
