/**
 * The optional pre-trade holder cap (compliance-rules §1.6 "Pre-trade guard", §2.11 step 9; H-11):
 * `Δ = (recipient becomes a new counted holder ? +1 : 0) − (sender's position goes to 0 ? 1 : 0)`, ΔNA likewise
 * with accreditation (unknown = non-accredited); deny when `N + Δ > cap`. §0: without a configured cap, crossing a
 * 12(g) threshold only alerts — it never blocks here.
 */
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";

/** The change a transfer makes to the counts. */
export type HolderDelta = { total: number; nonAccredited: number };

/**
 * Push H-11 reasons when a configured cap would be exceeded. Counts unknown while a cap is set: deny (fail closed).
 *
 * @example
 * // N = 1,999, cap 1,999, a new holder: 2,000 > 1,999 → HOLDER_LIMIT_TOTAL
 * checkHolderCap({ total: 1999, nonAccredited: 10 }, { total: 1, nonAccredited: 0 }, policy, reasons);
 */
export function checkHolderCap(
  holders: { total: number; nonAccredited: number } | null,
  delta: HolderDelta,
  policy: CompiledPolicy,
  out: Reason[],
): void {
  const { total, nonAccredited } = policy.holderCaps;
  if (total !== null && delta.total > 0 && (holders === null || holders.total + delta.total > total))
    out.push(RULES["H-11"] as Reason);
  if (
    nonAccredited !== null &&
    delta.nonAccredited > 0 &&
    (holders === null || holders.nonAccredited + delta.nonAccredited > nonAccredited)
  )
    out.push(RULES["H-11-NA"] as Reason);
}
