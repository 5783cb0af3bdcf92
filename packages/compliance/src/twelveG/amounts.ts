/**
 * Amounts in the 12(g) monitor: token quantities are bigint base units end to end (style habit 10); US-dollar
 * figures (total assets, public float, revenue) are bigint **cents**, so "> $10,000,000" is exact and a
 * $10,000,000.01 balance sheet is not rounded away. JSON carries both as decimal strings.
 */
import { z } from "zod";

const UNITS = /^(0|[1-9]\d{0,77})$/;
const DOLLARS = /^(0|[1-9]\d{0,20})(\.\d{1,2})?$/;

/**
 * A token quantity from JSON: a decimal string of base units (`"1000000000000000000"`) or a safe non-negative
 * integer number; parsed to bigint.
 */
export const twelveGUnitsSchema = z
  .union([
    z.string().regex(UNITS, "a non-negative integer as a decimal string"),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((v) => BigInt(v));

/** A US-dollar amount from JSON (`"10000000"`, `"10000000.01"` or a whole number); parsed to bigint cents. */
export const twelveGUsdSchema = z
  .union([
    z.string().regex(DOLLARS, "US dollars as a decimal string with at most 2 decimals"),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((v) => parseUsdCents(String(v)));

/**
 * Whole US dollars → cents.
 *
 * @example
 * usdCents(10_000_000); // 1_000_000_000n (cents)
 */
export function usdCents(dollars: number | bigint): bigint {
  return BigInt(dollars) * 100n;
}

/**
 * A decimal dollar string (at most 2 decimals) → cents; used by the JSON schemas.
 *
 * @example
 * parseUsdCents("10000000.01"); // 1_000_000_001n
 */
export function parseUsdCents(text: string): bigint {
  const [whole = "0", frac = ""] = text.split(".");
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
}

/**
 * Cents → a dollar string for reports.
 *
 * @example
 * formatUsdCents(1_000_000_001n); // "10000000.01"
 */
export function formatUsdCents(cents: bigint): string {
  const whole = cents / 100n;
  const frac = cents % 100n;
  return frac === 0n ? whole.toString() : `${whole}.${frac.toString().padStart(2, "0")}`;
}
