import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { keccak256 } from "viem";
import { deriveKeystoreKey, type KeystoreKdf, toKdfParams } from "./deriveKeystoreKey.ts";
import { SignerConfigInvalidError } from "./errors.ts";
import type { KeystoreV3 } from "./keystoreTypes.ts";
import { toPrivateKeyAccount } from "./toPrivateKeyAccount.ts";

export type EncryptKeystoreOptions = {
  /** Default `scrypt`. */
  kdf?: "scrypt" | "pbkdf2";
  /** scrypt cost; default 262 144 (2^18, geth's "standard"). Tests use 2^12 or less to stay fast. */
  scryptN?: number;
  /** Default 8. */
  scryptR?: number;
  /** Default 1. */
  scryptP?: number;
  /** PBKDF2 iterations; default 262 144. */
  pbkdf2Iterations?: number;
  /** 32 random bytes unless given (fixed values are for test vectors only). */
  salt?: Uint8Array;
  /** 16 random bytes unless given (fixed values are for test vectors only). */
  iv?: Uint8Array;
  /** A random UUID unless given. */
  id?: string;
};

/**
 * Encrypts a private key into a Web3 Secret Storage v3 keystore (scrypt or PBKDF2-SHA256, AES-128-CTR,
 * keccak256 MAC) that geth, Foundry and ethers can read. The caller writes it (`JSON.stringify`) with
 * restrictive permissions (mode 0o600).
 *
 * @throws {InvalidPrivateKeyError} `INVALID_PRIVATE_KEY`
 *
 * @example
 * const keystore = await encryptKeystore(privateKey, password);
 * await writeFile(path, JSON.stringify(keystore), { mode: 0o600 });
 */
export async function encryptKeystore(
  privateKey: string,
  password: string | Uint8Array,
  options: EncryptKeystoreOptions = {},
): Promise<KeystoreV3> {
  const account = toPrivateKeyAccount(privateKey);
  const keyBytes = Buffer.from(privateKey.trim().replace(/^0x/i, ""), "hex");
  const salt = Buffer.from(options.salt ?? randomBytes(32));
  const iv = Buffer.from(options.iv ?? randomBytes(16));
  if (iv.length !== 16) throw new SignerConfigInvalidError("a keystore iv must be 16 bytes");
  const kdf: KeystoreKdf =
    options.kdf === "pbkdf2"
      ? { kdf: "pbkdf2", c: options.pbkdf2Iterations ?? 262_144, dklen: 32, salt }
      : {
          kdf: "scrypt",
          n: options.scryptN ?? 262_144,
          r: options.scryptR ?? 8,
          p: options.scryptP ?? 1,
          dklen: 32,
          salt,
        };
  let derived: Buffer;
  try {
    derived = await deriveKeystoreKey(toBytes(password), kdf);
  } catch {
    throw new SignerConfigInvalidError(`${kdf.kdf} rejected the keystore parameters`);
  }
  try {
    const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
    const ciphertext = Buffer.concat([cipher.update(keyBytes), cipher.final()]);
    const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext]), "bytes");
    const base = {
      cipher: "aes-128-ctr",
      cipherparams: { iv: iv.toString("hex") },
      ciphertext: ciphertext.toString("hex"),
      mac: Buffer.from(mac).toString("hex"),
    } as const;
    const params = toKdfParams(kdf);
    return {
      version: 3,
      id: options.id ?? randomUUID(),
      address: account.address.slice(2).toLowerCase(),
      crypto:
        kdf.kdf === "scrypt"
          ? { ...base, kdf: "scrypt", kdfparams: params as Extract<typeof params, { n: number }> }
          : { ...base, kdf: "pbkdf2", kdfparams: params as Extract<typeof params, { c: number }> },
    };
  } finally {
    derived.fill(0);
    keyBytes.fill(0);
  }
}

function toBytes(password: string | Uint8Array): Uint8Array {
  return typeof password === "string" ? Buffer.from(password, "utf8") : password;
}
