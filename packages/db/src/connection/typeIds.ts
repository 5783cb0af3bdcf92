/** PostgreSQL's type oid of `int8`: both drivers are told to return it as bigint. */
export const INT8_OID = 20;

/** `int8` text → bigint (pg would return a string, PGlite a number or a bigint depending on size). */
export function parseInt8(text: string): bigint {
  return BigInt(text);
}
