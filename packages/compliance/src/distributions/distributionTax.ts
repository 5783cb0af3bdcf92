/**
 * Tax treatment of a dividend or distribution paid to one holder (compliance-rules §5.4–5.5, catalogue P-02–P-04):
 * what to withhold and which information return the platform's export marks. The platform does not file; it
 * produces the data the issuer or its paying agent files. Amounts are integer cents (bigint).
 *
 * - P-03 (IRC 3406; IRS FS-2024-01): no certified TIN on file (no W-9) → backup withholding at 24 %.
 * - P-04: a foreign holder (W-8BEN / W-8BEN-E) → Form 1042-S, not 1099-DIV; withholding at 30 % unless the policy
 *   gives a treaty rate for the holder's country.
 * - P-02 (1099-DIV instructions): a 1099-DIV is required for a person paid ≥ $10 of dividends/distributions in the
 *   year, or with any backup withholding or foreign tax withheld, or ≥ $600 of liquidation distributions.
 */

/** What the holder certified: a W-9 (US person, TIN certified), a W-8 (foreign), or nothing on file. */
export type TaxForm = "W-9" | "W-8BEN" | "W-8BEN-E" | null;

/** Backup withholding rate (IRC 3406(a)(1), 24 % since 2018), in percent. */
export const BACKUP_WITHHOLDING_PERCENT = 24n;
/** Statutory NRA withholding on US-source dividends (IRC 1441), in percent, before any treaty rate. */
export const NRA_WITHHOLDING_PERCENT = 30n;

/** `amount × percent / 100`, in cents, rounded half up (whole cents, as withheld). */
function percentOf(amountCents: bigint, percent: bigint): bigint {
  return (amountCents * percent + 50n) / 100n;
}

/**
 * Withholding on one payment.
 *
 * @example
 * withholdingFor({ grossCents: 500n, taxForm: null }); // { rule: "P-03", percent: 24n, withheldCents: 120n }
 * withholdingFor({ grossCents: 10_000n, taxForm: "W-8BEN", treatyPercent: 15n }); // 15 %: 1,500 cents
 */
export function withholdingFor(parameters: {
  grossCents: bigint;
  taxForm: TaxForm;
  /** The treaty rate for a foreign holder's country (percent), when the issuer's policy has one. */
  treatyPercent?: bigint | undefined;
}): { rule: "P-03" | "P-04" | null; percent: bigint; withheldCents: bigint } {
  const { grossCents, taxForm } = parameters;
  if (grossCents < 0n) throw new RangeError("a payment is never negative");
  if (taxForm === null) {
    return {
      rule: "P-03",
      percent: BACKUP_WITHHOLDING_PERCENT,
      withheldCents: percentOf(grossCents, BACKUP_WITHHOLDING_PERCENT),
    };
  }
  if (taxForm === "W-9") return { rule: null, percent: 0n, withheldCents: 0n };
  const percent = parameters.treatyPercent ?? NRA_WITHHOLDING_PERCENT;
  if (percent < 0n || percent > NRA_WITHHOLDING_PERCENT) throw new RangeError("a treaty rate is 0–30 %");
  return { rule: "P-04", percent, withheldCents: percentOf(grossCents, percent) };
}

/** A holder's totals for the calendar year, cents. */
export type YearTotals = {
  taxForm: TaxForm;
  /** Ordinary and qualified dividends plus other distributions (boxes 1a, 2a, 3). */
  dividendsCents: bigint;
  /** Cash and non-cash liquidation distributions (boxes 9, 10). */
  liquidationCents: bigint;
  /** Federal income tax withheld (backup withholding; box 4). */
  backupWithheldCents: bigint;
  /** Foreign tax paid (box 7). */
  foreignTaxPaidCents: bigint;
};

/**
 * The information return a holder's year needs: `1042-S` for a foreign holder (P-04), `1099-DIV` when P-02's
 * thresholds are met, else none.
 *
 * @example
 * informationReturnFor({ taxForm: "W-9", dividendsCents: 999n, liquidationCents: 0n, backupWithheldCents: 0n, foreignTaxPaidCents: 0n }); // null
 */
export function informationReturnFor(totals: YearTotals): "1099-DIV" | "1042-S" | null {
  if (totals.taxForm === "W-8BEN" || totals.taxForm === "W-8BEN-E") return "1042-S";
  const required =
    totals.dividendsCents >= 1_000n || // $10
    totals.backupWithheldCents > 0n ||
    totals.foreignTaxPaidCents > 0n ||
    totals.liquidationCents >= 60_000n; // $600
  return required ? "1099-DIV" : null;
}
