import type { Address } from "@coinscious/core";

/** A deterministic canonical address for tests: `fakeAddress(1)` = 0x000…001. */
export function fakeAddress(n: number | bigint): Address {
  return `0x${BigInt(n).toString(16).padStart(40, "0")}` as Address;
}

/** A deterministic 32-byte hash for tests. */
export function fakeHash(n: number | bigint): `0x${string}` {
  return `0x${BigInt(n).toString(16).padStart(64, "0")}`;
}
