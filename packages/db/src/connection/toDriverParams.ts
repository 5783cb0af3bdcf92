/**
 * Prepares parameters for either driver: bigint becomes decimal text (exact for `numeric(78,0)` and `int8`,
 * and the same on pg and PGlite, which disagree on bigint), recursively inside arrays.
 */
export function toDriverParams(params: readonly unknown[] | undefined): unknown[] {
  if (params === undefined) return [];
  return params.map(toDriverValue);
}

function toDriverValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toDriverValue);
  return value;
}
