/**
 * The scalar schemas every fact schema is built from. Token quantities and US-dollar amounts are bigint end to end
 * (style.md habit 10): JSON carries them as base-10 integer strings, code may pass bigint directly. US-dollar
 * amounts are integer **cents** (fields end in `Cents`), so "5% of $80,000" stays exact.
 */
import { z } from "zod";
import { isCalendarDate } from "../../dates/calendarDate.ts";

/** A `YYYY-MM-DD` calendar date in the issuer's time zone (compliance-rules §0). */
export const calendarDateSchema = z.iso
  .date()
  .refine((d) => isCalendarDate(d), { message: "not a real calendar date of years 1000–9999" });

/** A non-negative integer as a decimal string (JSON) or a bigint (code); parsed to bigint. */
export const amountSchema = z
  .union([
    z.string().regex(/^(0|[1-9][0-9]*)$/, "a non-negative base-10 integer string"),
    z.bigint().nonnegative(),
  ])
  .transform((v) => (typeof v === "bigint" ? v : BigInt(v)));

/** US-dollar amount in integer cents, same encoding as {@link amountSchema}. */
export const centsSchema = amountSchema;

/** An instant with an explicit offset (`2025-09-10T14:00:00Z`), parsed to epoch milliseconds. */
export const instantSchema = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

/** An EVM address, `0x` + 40 hex digits (any case; compared lower-cased). */
export const walletSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an EVM address");

/** ISO 3166-1 alpha-2 country code, upper case. */
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code");

/** ISO 3166-2 subdivision code (`US-NY`, `UA-43`). */
export const subdivisionSchema = z
  .string()
  .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, "an ISO 3166-2 subdivision code");

/** A count of persons (holders, purchasers). */
export const countSchema = z.number().int().nonnegative();
