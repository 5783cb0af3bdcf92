/**
 * Holder-level restrictions that the token contract decides for the whole position rather than per lot
 * (compliance-rules §2.11 step 6): a lock-up on the sending holder (the investor registry's `lockupUntil`, reason 70)
 * and a class sold under Regulation S as a whole (the token's Reg S setting, reason 100). Both apply whatever the
 * sender's lots are, so a sender with no units in the class gets the restriction as its reason, as on chain.
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import { type Reason, RULES } from "../catalogue.ts";
import type { LotContext } from "../lots/lotContext.ts";

/**
 * Push R-01-HOLDER while the sending holder's lock-up is in force (`date < lockupEnd`). A redemption to the issuer
 * is not a resale (policy) and is not blocked.
 *
 * @example
 * checkHolderLockup(facts.from.lockupEnd, lotContext(facts, policy), reasons);
 */
export function checkHolderLockup(lockupEnd: CalendarDate | null, ctx: LotContext, out: Reason[]): void {
  if (lockupEnd === null || ctx.redemption || ctx.date >= lockupEnd) return;
  out.push({ ...(RULES["R-01-HOLDER"] as Reason), eligibleOn: lockupEnd });
}

/**
 * Push X-01-CLASS when the class is a Reg S class in its distribution compliance period (`date < regSDcpEnd`) and
 * the recipient is a US person or a buyer in the United States (Rule 903(b)(2)-(3), 902(k)). A redemption to the
 * issuer is exempt (policy).
 *
 * @example
 * checkClassRegS(facts.class.regSDcpEnd, lotContext(facts, policy), reasons);
 */
export function checkClassRegS(regSDcpEnd: CalendarDate | null, ctx: LotContext, out: Reason[]): void {
  if (regSDcpEnd === null || ctx.redemption || !ctx.toUs || ctx.date >= regSDcpEnd) return;
  out.push({ ...(RULES["X-01-CLASS"] as Reason), eligibleOn: regSDcpEnd });
}
