/**
 * Input checks shared by the action builders. Each returns the normalized value or throws
 * {@link InvalidActionError} naming the field, so bad input never reaches the chain.
 */
import {
  findForcedTransferReason,
  forcedTransferReasons,
  MAX_INVESTOR_ID,
  MAX_SUPPLY,
} from "@coinscious/core";
import { type Address, getAddress, type Hex, isAddress, isHex, zeroAddress } from "viem";
import { InvalidActionError } from "./errors.ts";
import type { CountryRule, InvestorRecord } from "./types.ts";

const MAX_UINT = (bits: number) => (1n << BigInt(bits)) - 1n;

/**
 * A well-formed address, lower-case or EIP-55 checksummed (a wrong checksum is a typo), not zero; returned
 * checksummed.
 */
export function checkAddress(field: string, value: unknown): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: true })) {
    throw new InvalidActionError(
      field,
      "not an address (20-byte hex, lower-case or EIP-55 checksummed)",
      value,
    );
  }
  if (value.toLowerCase() === zeroAddress) throw new InvalidActionError(field, "the zero address", value);
  return getAddress(value);
}

/**
 * A token amount in base units: a bigint, > 0 and ≤ 2^96-1 (the contracts pack balances and the total supply in
 * 96 bits, so a larger amount can never succeed).
 */
export function checkAmount(field: string, value: unknown): bigint {
  if (typeof value !== "bigint") throw new InvalidActionError(field, "must be a bigint (base units)", value);
  if (value <= 0n) throw new InvalidActionError(field, "must be greater than zero", value);
  if (value > MAX_SUPPLY)
    throw new InvalidActionError(field, `must be at most 2^96-1 (${MAX_SUPPLY})`, value);
  return value;
}

/** An unsigned integer of `bits` (≤ 48) given as a JavaScript number, as viem encodes small uints. */
export function checkUint(field: string, value: unknown, bits: number): number {
  if (
    typeof value !== "number" ||
    !Number.isSafeInteger(value) ||
    value < 0 ||
    value > Number(MAX_UINT(bits))
  ) {
    throw new InvalidActionError(field, `must be an integer 0 … 2^${bits}-1`, value);
  }
  return value;
}

/** An unsigned integer of `bits` given as a bigint (uint64, uint96). */
export function checkBigUint(field: string, value: unknown, bits: number): bigint {
  if (typeof value !== "bigint" || value < 0n || value > MAX_UINT(bits)) {
    throw new InvalidActionError(field, `must be a bigint 0 … 2^${bits}-1`, value);
  }
  return value;
}

export function checkBool(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new InvalidActionError(field, "must be a boolean", value);
  return value;
}

/** An investor id as the registry stores it (`uint48`, 0 reserved): 1 … 2^48-1, as a number or bigint. */
export function checkInvestorId(field: string, value: unknown): bigint {
  const id =
    typeof value === "bigint"
      ? value
      : typeof value === "number" && Number.isSafeInteger(value)
        ? BigInt(value)
        : -1n;
  if (id < 1n || id > MAX_INVESTOR_ID) {
    throw new InvalidActionError(field, `must be an investor id 1 … 2^48-1`, value);
  }
  return id;
}

/** An ISO 3166-1 numeric country code, 0 … 999 (the contracts revert `InvalidCountry` above). */
export function checkCountry(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > 999) {
    throw new InvalidActionError(field, "must be an ISO 3166-1 numeric country code 0 … 999", value);
  }
  return value;
}

/** A Unix time in seconds that fits the contracts' `uint40`. */
export function checkTimestamp(field: string, value: unknown): number {
  return checkUint(field, value, 40);
}

/** An investor record with every field checked. */
export function checkRecord(field: string, value: unknown): InvestorRecord {
  if (value === null || typeof value !== "object")
    throw new InvalidActionError(field, "must be an object", value);
  const r = value as Record<string, unknown>;
  return {
    country: checkCountry(`${field}.country`, r.country),
    kycExpiry: checkTimestamp(`${field}.kycExpiry`, r.kycExpiry),
    accreditationExpiry: checkTimestamp(`${field}.accreditationExpiry`, r.accreditationExpiry),
    lockupUntil: checkTimestamp(`${field}.lockupUntil`, r.lockupUntil),
    usPerson: checkBool(`${field}.usPerson`, r.usPerson),
    frozen: checkBool(`${field}.frozen`, r.frozen),
  };
}

/** A forced-transfer reason of core's `forcedTransferReasons`, by code or by name; returns the code. */
export function checkForcedReason(field: string, value: unknown): number {
  const entry =
    typeof value === "number"
      ? findForcedTransferReason(value)
      : typeof value === "string"
        ? forcedTransferReasons.find((r) => r.name === value)
        : undefined;
  if (!entry) {
    throw new InvalidActionError(
      field,
      `must be a forced-transfer reason (${forcedTransferReasons.map((r) => `${r.code} ${r.name}`).join(", ")})`,
      value,
    );
  }
  return entry.code;
}

/** `0 | 1 | 2` or `"off" | "allow" | "deny"`. */
export function checkCountryRule(field: string, value: unknown): CountryRule {
  const byName: Record<string, CountryRule> = { off: 0, allow: 1, deny: 2 };
  if (value === 0 || value === 1 || value === 2) return value;
  if (typeof value === "string" && value in byName) return byName[value] as CountryRule;
  throw new InvalidActionError(field, 'must be 0 | 1 | 2 or "off" | "allow" | "deny"', value);
}

/** A 32-byte hex value; `nonZero` rejects 0x00…00. */
export function checkBytes32(field: string, value: unknown, options: { nonZero?: boolean } = {}): Hex {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new InvalidActionError(field, "must be 32 bytes of 0x-prefixed hex", value);
  }
  if (options.nonZero && /^0x0{64}$/.test(value))
    throw new InvalidActionError(field, "must not be zero", value);
  return value.toLowerCase() as Hex;
}

/** Arbitrary calldata: 0x-prefixed hex of whole bytes. */
export function checkCalldata(field: string, value: unknown): Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length % 2 !== 0) {
    throw new InvalidActionError(field, "must be 0x-prefixed hex of whole bytes", value);
  }
  return value.toLowerCase() as Hex;
}

/**
 * The parallel arrays of a batch call: each an array, non-empty, all of one length (the contracts revert
 * `EmptyBatch` / `ArrayLengthMismatch` otherwise). Returns the length.
 */
export function checkBatch(arrays: Record<string, unknown>): number {
  let n: number | undefined;
  let first = "";
  for (const [field, value] of Object.entries(arrays)) {
    if (!Array.isArray(value)) throw new InvalidActionError(field, "must be an array", value);
    if (value.length === 0) throw new InvalidActionError(field, "must not be empty");
    if (n === undefined) {
      n = value.length;
      first = field;
    } else if (value.length !== n) {
      throw new InvalidActionError(field, `must have the length of ${first} (${n}), has ${value.length}`);
    }
  }
  if (n === undefined) throw new Error("checkBatch: no arrays");
  return n;
}
