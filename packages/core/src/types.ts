import { ValidationError } from "./errors.ts";

/** A 20-byte EVM address, `0x`-prefixed hex. Stored lower-case; displayed checksummed by the UI. */
export type Address = `0x${string}`;

/** A token amount in base units. Always a bigint: never a JavaScript number. */
export type Amount = bigint;

/** An investor id as the registry stores it: a positive integer below 2^48. */
export type InvestorId = bigint;

/** Largest investor id the registry accepts (`uint48`). */
export const MAX_INVESTOR_ID = (1n << 48n) - 1n;

/** Largest total supply of a class (balances are packed in 96 bits on chain). */
export const MAX_SUPPLY = (1n << 96n) - 1n;

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** True when `value` is a well-formed hex address (any case). */
export function isAddress(value: unknown): value is Address {
  return typeof value === "string" && ADDRESS_RE.test(value);
}

/** The canonical (lower-case) form of an address; throws `ValidationError` for malformed input. */
export function toAddress(value: string): Address {
  if (!isAddress(value)) throw new ValidationError(`Not an address: ${JSON.stringify(value)}`, { value });
  return value.toLowerCase() as Address;
}

/** Parses a non-negative integer amount in base units from a decimal string or bigint. */
export function toAmount(value: string | bigint): Amount {
  if (typeof value === "bigint") {
    if (value < 0n) throw new ValidationError("Amount must not be negative", { value: value.toString() });
    return value;
  }
  if (!/^\d+$/.test(value))
    throw new ValidationError(`Not an amount in base units: ${JSON.stringify(value)}`);
  return BigInt(value);
}

/** Parses an investor id (1 … 2^48-1). */
export function toInvestorId(value: string | number | bigint): InvestorId {
  let id: bigint;
  try {
    id = BigInt(value);
  } catch {
    throw new ValidationError(`Not an investor id: ${JSON.stringify(String(value))}`);
  }
  if (id < 1n || id > MAX_INVESTOR_ID) {
    throw new ValidationError(`Investor id out of range (1 … ${MAX_INVESTOR_ID}): ${id}`, {
      value: String(value),
    });
  }
  return id;
}
