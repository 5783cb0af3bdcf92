/**
 * Lot selection (compliance-rules §2.11 step 6): the transfer passes when the lots whose every restriction
 * passes cover the amount (frozen units assumed to sit in those free lots — conservative). Otherwise each
 * restriction of the blocking lots is reported once, with the lots that carry it and the earliest date one of them
 * clears it. Specific-lot selection considers only the named lots; otherwise any of the sender's lots.
 */
import type { CalendarDate } from "../../dates/calendarDate.ts";
import { type Reason, RULES } from "../catalogue.ts";
import type { Lot, TransferFacts } from "../facts/transferFactsSchema.ts";
import { checkLot } from "../lots/checkLot.ts";
import type { LotContext } from "../lots/lotContext.ts";

/** The lots a transfer may draw on: the named ones, or all of the sender's. */
export function candidateLots(facts: TransferFacts): readonly Lot[] {
  const ids = facts.lotIds;
  if (ids === null) return facts.from.lots;
  return facts.from.lots.filter((l) => ids.includes(l.id));
}

/**
 * Push the step-6 reasons: INSUFFICIENT_UNRESTRICTED_BALANCE when even every selected lot, less frozen units,
 * falls short; the blocking lots' restrictions when the usable lots fall short.
 *
 * @example
 * checkLots(facts, lotContext(facts, policy), reasons);
 */
export function checkLots(facts: TransferFacts, ctx: LotContext, out: Reason[]): void {
  const lots = candidateLots(facts);
  const frozen = facts.from.frozenAmount;
  let total = 0n;
  let usable = 0n;
  for (const lot of lots) {
    total += lot.qty;
    if (checkLot(lot, ctx, null)) usable += lot.qty;
  }
  if (total - frozen < facts.amount) out.push(RULES["B-01"] as Reason);
  if (usable - frozen >= facts.amount || usable === total) return;

  const found = new Map<string, { reason: Reason; lotIds: string[]; eligibleOn: CalendarDate | undefined }>();
  for (const lot of lots) {
    checkLot(lot, ctx, (reason, l, eligibleOn) => {
      const entry = found.get(reason.rule);
      if (entry === undefined) {
        found.set(reason.rule, { reason, lotIds: [l.id], eligibleOn });
        return;
      }
      if (!entry.lotIds.includes(l.id)) entry.lotIds.push(l.id);
      if (eligibleOn !== undefined && (entry.eligibleOn === undefined || eligibleOn < entry.eligibleOn))
        entry.eligibleOn = eligibleOn;
    });
  }
  for (const { reason, lotIds, eligibleOn } of found.values())
    out.push(eligibleOn === undefined ? { ...reason, lotIds } : { ...reason, lotIds, eligibleOn });
}
