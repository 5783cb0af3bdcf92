import { pbkdf2, scrypt } from "node:crypto";
import type { KeystorePbkdf2Params, KeystoreScryptParams } from "./keystoreTypes.ts";

/** KDF input after validation: salt as bytes, everything else as in the keystore. */
export type KeystoreKdf =
  | { kdf: "scrypt"; n: number; r: number; p: number; dklen: number; salt: Buffer }
  | { kdf: "pbkdf2"; c: number; dklen: number; salt: Buffer };

/** Upper bound of scrypt's memory (128·n·r bytes) we agree to spend on a keystore: 1 GiB (geth: 256 MiB). */
export const MAX_SCRYPT_MEMORY = 2 ** 30;
/** Upper bound of PBKDF2 iterations (geth/ethers write 262 144). */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

/**
 * Runs the keystore's KDF (off the main thread: node:crypto's async scrypt/pbkdf2 use the libuv pool) and
 * returns `dklen` bytes: bytes 0–15 are the AES-128 key, bytes 16–31 feed the MAC.
 *
 * @example
 * const derived = await deriveKeystoreKey(Buffer.from("pw"), { kdf: "pbkdf2", c: 262144, dklen: 32, salt });
 */
export function deriveKeystoreKey(password: Uint8Array, kdf: KeystoreKdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(key));
    if (kdf.kdf === "scrypt") {
      // OpenSSL needs 128·r·(n + p + 2) bytes; leave headroom so a valid keystore is never refused.
      const maxmem = 128 * kdf.r * (kdf.n + kdf.p + 2) + 2 ** 20;
      scrypt(password, kdf.salt, kdf.dklen, { N: kdf.n, r: kdf.r, p: kdf.p, maxmem }, done);
    } else {
      pbkdf2(password, kdf.salt, kdf.c, kdf.dklen, "sha256", done);
    }
  });
}

/** The KDF fields as the keystore stores them. */
export function toKdfParams(kdf: KeystoreKdf): KeystoreScryptParams | KeystorePbkdf2Params {
  return kdf.kdf === "scrypt"
    ? { dklen: kdf.dklen, n: kdf.n, r: kdf.r, p: kdf.p, salt: kdf.salt.toString("hex") }
    : { dklen: kdf.dklen, c: kdf.c, prf: "hmac-sha256", salt: kdf.salt.toString("hex") };
}
