/**
 * T-02, the control-book guard (compliance-rules §3.2, §7 case 50): an issuance changes the control book, so
 * (a) issued plus the new units may not exceed the shares authorized, and (b) the change needs the issuer's written
 * authorization on record — 17 CFR 240.17Ad-10(e). A control book the facts do not give fails closed (§0).
 */
import { type Reason, rule } from "../catalogue.ts";
import type { IssuanceFacts } from "../facts/issuanceFactsSchema.ts";

const EXCEEDED = rule("T-02-AUTHORIZED");
const UNAUTHORIZED = rule("T-02");

/**
 * Pushes the control-book reasons of an issuance onto `out`.
 *
 * @example
 * checkControlBook({ amount: 10n, controlBook: { authorized: 100n, issued: 95n, authorizationRef: "BR-7" } } as IssuanceFacts, out);
 * // out: [T-02-AUTHORIZED] — 95 + 10 > 100
 */
export function checkControlBook(facts: Pick<IssuanceFacts, "amount" | "controlBook">, out: Reason[]): void {
  const book = facts.controlBook;
  if (book === null) {
    out.push(EXCEEDED, UNAUTHORIZED);
    return;
  }
  if (book.issued + facts.amount > book.authorized) out.push(EXCEEDED);
  if (book.authorizationRef === null) out.push(UNAUTHORIZED);
}
