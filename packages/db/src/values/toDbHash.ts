import { ValidationError } from "@coinscious/core";

const HASH_RE = /^0x[0-9a-fA-F]{64}$/;

/**
 * The database form of a 32-byte hash (block, transaction, Safe transaction, Merkle root): lower-case hex, as the
 * `hash32` domain demands. Throws `ValidationError` for anything else.
 *
 * @example
 * toDbHash(receipt.blockHash); // "0x3f…" (lower-case)
 */
export function toDbHash(value: string): `0x${string}` {
  if (!HASH_RE.test(value))
    throw new ValidationError(`Not a 32-byte hash: ${JSON.stringify(value)}`, { value });
  return value.toLowerCase() as `0x${string}`;
}
