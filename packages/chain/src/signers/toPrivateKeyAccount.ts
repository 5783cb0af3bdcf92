import type { Hex, PrivateKeyAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { InvalidPrivateKeyError } from "./errors.ts";

/** Order of the secp256k1 group: a private key is a scalar in [1, n-1]. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Validates a private key (64 hex digits, `0x` optional, surrounding whitespace ignored so a key read from a
 * file works) and returns its viem account. The key never appears in the error.
 *
 * @throws {InvalidPrivateKeyError} `INVALID_PRIVATE_KEY`
 *
 * @example
 * const account = toPrivateKeyAccount(keyFileContents);
 * account.address // "0x…"
 */
export function toPrivateKeyAccount(privateKey: string): PrivateKeyAccount {
  if (typeof privateKey !== "string") throw new InvalidPrivateKeyError("not a string");
  const trimmed = privateKey.trim();
  const hex = trimmed.startsWith("0x") || trimmed.startsWith("0X") ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new InvalidPrivateKeyError("expected 32 bytes as 64 hex digits");
  const scalar = BigInt(`0x${hex}`);
  if (scalar === 0n || scalar >= SECP256K1_N) throw new InvalidPrivateKeyError("not a valid secp256k1 key");
  try {
    return privateKeyToAccount(`0x${hex.toLowerCase()}` as Hex);
  } catch {
    // Deliberately no `cause`: the underlying error may quote the key.
    throw new InvalidPrivateKeyError("rejected by secp256k1");
  }
}
