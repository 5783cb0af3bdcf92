/**
 * Maximum balance per investor (the token's `maxBalancePerInvestor`; compliance-rules §2.11 step 9, before the
 * holder caps, in the token's order): the recipient investor's position, all its wallets summed, plus the amount
 * may not exceed the class maximum — reason 112 (MAX_BALANCE_EXCEEDED). A move between one holder's own wallets
 * does not change its position; the issuer is not an investor. An unknown position with a maximum configured
 * denies (fail closed, §0).
 */
import type { CompiledPolicy } from "../../policy/compilePolicy.ts";
import { type Reason, RULES } from "../catalogue.ts";

type Party = { holderId: string | null; isIssuer: boolean };

/**
 * True when moving `amount` to a recipient holding `position` would exceed `max` (`position + amount > max`).
 *
 * @example
 * exceedsMaxBalance(900n, 101n, 1000n); // true
 * exceedsMaxBalance(900n, 100n, 1000n); // false — exactly at the maximum is allowed
 */
export function exceedsMaxBalance(position: bigint, amount: bigint, max: bigint): boolean {
  return position + amount > max;
}

/**
 * Push H-13 when the policy sets a maximum balance per investor and the transfer would take the recipient above it.
 *
 * @example
 * checkMaxBalance(facts.from, facts.to, facts.amount, compilePolicy({ classRules: { maxBalancePerInvestor: "1000" } }), reasons);
 */
export function checkMaxBalance(
  from: Party | null,
  to: Party & { holderPosition: bigint | null },
  amount: bigint,
  policy: CompiledPolicy,
  out: Reason[],
): void {
  const max = policy.classRules.maxBalancePerInvestor;
  if (max === null || to.isIssuer || to.holderId === null) return;
  if (from !== null && from.holderId === to.holderId) return; // one holder's own wallets: position unchanged
  if (to.holderPosition === null || exceedsMaxBalance(to.holderPosition, amount, max))
    out.push(RULES["H-13"] as Reason);
}
