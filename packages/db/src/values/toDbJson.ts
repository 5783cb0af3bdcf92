/**
 * Serializes decoded event arguments for a `jsonb` parameter: bigints become decimal strings (JSON numbers lose
 * precision above 2^53), hex strings (addresses, hashes, bytes) lower-case, so `args` is canonical whatever the
 * decoder produced. Returns a string because `pg` would turn a JS array into a PostgreSQL array.
 *
 * @example
 * toDbJson({ from: "0xAb…", value: 10n ** 30n }); // '{"from":"0xab…","value":"1000000000000000000000000000000"}'
 */
export function toDbJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "string" && /^0x[0-9a-fA-F]*$/.test(v)) return v.toLowerCase();
    return v;
  });
}
