// Times as the providers write them: ISO 8601 (Persona `created-at`, Onfido `completed_at_iso8601`), Sumsub's
// "2020-02-21 13:23:19.321" (`createdAtMs`, UTC, no zone) and "2020-02-21 13:23:19+0000" (`createdAt`), or epoch ms.
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A provider timestamp as a Date, or `undefined` if it is not one. A date-time without a zone is UTC (Sumsub's
 * `createdAtMs` is UTC). Fractions beyond milliseconds are truncated; impossible dates (Feb 30) are refused.
 *
 * @example
 * parseProviderTime("2020-02-21 13:23:19.321")?.toISOString(); // "2020-02-21T13:23:19.321Z"
 * parseProviderTime("2024-05-01T10:05:00.000Z")?.getTime(); // 1714557900000
 * parseProviderTime(1714557900000)?.toISOString(); // "2024-05-01T10:05:00.000Z"
 */
export function parseProviderTime(value: unknown): Date | undefined {
  if (typeof value === "number")
    return Number.isSafeInteger(value) && value > 0 ? new Date(value) : undefined;
  if (typeof value !== "string") return undefined;
  if (/^\d{12,14}$/.test(value)) return new Date(Number(value));
  const m = DATE_TIME_RE.exec(value.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== "Z") {
    const digits = zone.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return new Date(utc - offsetMinutes * 60_000);
}
