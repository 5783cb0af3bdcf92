/**
 * The change a transfer makes to the holder-of-record counts (compliance-rules §1.6 "Pre-trade guard").
 */
import { isAccreditedOn } from "../common/accreditation.ts";
import type { HolderDelta } from "../common/checkHolderCap.ts";
import type { TransferFacts } from "../facts/transferFactsSchema.ts";

/**
 * `Δ = (recipient becomes a new counted holder ? +1 : 0) − (sender's position goes to 0 ? 1 : 0)`; ΔNA the same
 * for non-accredited holders (unknown = non-accredited). A move between one holder's own wallets changes nothing;
 * the issuer is never a holder of record. The sender exits when the amount covers its whole position (all its
 * wallets, `holderPosition`; by default all of its lots).
 *
 * @example
 * // §7 case 18: A transfers its whole position to a new holder C → { total: 0, nonAccredited: 0 }
 * transferHolderDelta(facts);
 */
export function transferHolderDelta(facts: TransferFacts): HolderDelta {
  const { from, to, date } = facts;
  if (from.holderId !== null && from.holderId === to.holderId) return { total: 0, nonAccredited: 0 };
  const joins = !to.isIssuer && !to.isCountedHolder ? 1 : 0;
  let held = from.holderPosition ?? 0n;
  if (from.holderPosition === null) for (const lot of from.lots) held += lot.qty;
  const leaves = !from.isIssuer && facts.amount >= held ? 1 : 0;
  const joinsNa = joins && !isAccreditedOn(to.accreditation, date) ? 1 : 0;
  const leavesNa = leaves && !isAccreditedOn(from.accreditation, date) ? 1 : 0;
  return { total: joins - leaves, nonAccredited: joinsNa - leavesNa };
}
