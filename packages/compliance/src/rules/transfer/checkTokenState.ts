/**
 * Token/class state and stop orders (compliance-rules §2.11 steps 1–2; G-01, G-02, G-03).
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import { type Reason, RULES } from "../catalogue.ts";

type ClassState = { paused: boolean; lockupEnd?: CalendarDate | null };
type PartyState = { stopOrder: boolean; holderId: string | null };

/**
 * Push step-1 reasons: class paused or issuer lock-up active (G-01, 17Ad-6(a)(9)), stop order or adverse claim on a
 * party (G-02, 17Ad-7(c)). Lot-level stop orders are found with the lots (step 6) and ranked here. `from` is null
 * for an issuance.
 *
 * @example
 * checkTokenState({ paused: true, lockupEnd: null }, facts.from, facts.to, "2025-01-01", reasons); // pushes G-01
 */
export function checkTokenState(
  cls: ClassState,
  from: PartyState | null,
  to: PartyState,
  date: CalendarDate,
  out: Reason[],
): void {
  if (cls.paused) out.push(RULES["G-01"] as Reason);
  if (cls.lockupEnd != null && date < cls.lockupEnd) out.push(RULES["G-01-LOCKUP"] as Reason);
  if (from?.stopOrder) out.push(RULES["G-02-FROM"] as Reason);
  if (to.stopOrder) out.push(RULES["G-02-TO"] as Reason);
}

/**
 * Push step-2 reasons: a wallet not linked to a KYC'd holder (G-03). §0: unlinked wallets may not receive, and a
 * balance in one is a 12g5-1(a)(5) risk.
 *
 * @example
 * checkWallets(facts.from, facts.to, reasons);
 */
export function checkWallets(from: PartyState | null, to: PartyState, out: Reason[]): void {
  if (from !== null && from.holderId === null) out.push(RULES["G-03-FROM"] as Reason);
  if (to.holderId === null) out.push(RULES["G-03-TO"] as Reason);
}
