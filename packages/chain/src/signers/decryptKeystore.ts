import { createDecipheriv, timingSafeEqual } from "node:crypto";
import { type Hex, keccak256 } from "viem";
import {
  deriveKeystoreKey,
  type KeystoreKdf,
  MAX_PBKDF2_ITERATIONS,
  MAX_SCRYPT_MEMORY,
} from "./deriveKeystoreKey.ts";
import { KeystoreBadPasswordError, KeystoreInvalidError } from "./errors.ts";
import { toPrivateKeyAccount } from "./toPrivateKeyAccount.ts";

type Parsed = { kdf: KeystoreKdf; iv: Buffer; ciphertext: Buffer; mac: Buffer; address: string | undefined };

/**
 * Decrypts a Web3 Secret Storage v3 keystore (scrypt or PBKDF2-SHA256, AES-128-CTR) with node:crypto and
 * returns the private key. The MAC — keccak256(derivedKey[16..32] ‖ ciphertext) — is checked before
 * decrypting, in constant time. KDF costs are bounded so a hostile file cannot exhaust memory or CPU.
 *
 * @throws {KeystoreInvalidError} `KEYSTORE_INVALID` — not JSON, not v3, unsupported cipher/KDF, bad fields,
 *   or an `address` that does not match the decrypted key.
 * @throws {KeystoreBadPasswordError} `KEYSTORE_BAD_PASSWORD` — the MAC does not match.
 *
 * @example
 * const privateKey = await decryptKeystore(await readFile(path, "utf8"), password);
 * const account = privateKeyToAccount(privateKey);
 */
export async function decryptKeystore(
  keystore: string | object,
  password: string | Uint8Array,
): Promise<Hex> {
  const parsed = parseKeystore(keystore);
  const passwordBytes = typeof password === "string" ? Buffer.from(password, "utf8") : password;
  let derived: Buffer;
  try {
    derived = await deriveKeystoreKey(passwordBytes, parsed.kdf);
  } catch {
    throw new KeystoreInvalidError(`${parsed.kdf.kdf} rejected the keystore's parameters`);
  }
  try {
    const mac = Buffer.from(keccak256(Buffer.concat([derived.subarray(16, 32), parsed.ciphertext]), "bytes"));
    if (!timingSafeEqual(mac, parsed.mac)) {
      throw new KeystoreBadPasswordError(
        parsed.address === undefined ? {} : { address: `0x${parsed.address}` },
      );
    }
    const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), parsed.iv);
    const keyBytes = Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]);
    const privateKey = `0x${keyBytes.toString("hex")}` as Hex;
    keyBytes.fill(0);
    let address: string;
    try {
      address = toPrivateKeyAccount(privateKey).address;
    } catch {
      throw new KeystoreInvalidError("the decrypted key is not a valid private key");
    }
    if (parsed.address !== undefined && parsed.address !== address.slice(2).toLowerCase()) {
      throw new KeystoreInvalidError("the address field does not match the decrypted key", {
        address: `0x${parsed.address}`,
      });
    }
    return privateKey;
  } finally {
    derived.fill(0);
  }
}

function parseKeystore(input: string | object): Parsed {
  let json: unknown = input;
  if (typeof input === "string") {
    try {
      json = JSON.parse(input);
    } catch {
      throw new KeystoreInvalidError("not JSON");
    }
  }
  if (!isRecord(json)) throw new KeystoreInvalidError("not a JSON object");
  if (json.version !== 3) throw new KeystoreInvalidError("only version 3 is supported");
  // geth wrote "Crypto" in some versions.
  const crypto = json.crypto ?? json.Crypto;
  if (!isRecord(crypto)) throw new KeystoreInvalidError("missing crypto section");
  if (crypto.cipher !== "aes-128-ctr") throw new KeystoreInvalidError("cipher must be aes-128-ctr");
  const iv = hexField(
    isRecord(crypto.cipherparams) ? crypto.cipherparams.iv : undefined,
    "cipherparams.iv",
    16,
  );
  const ciphertext = hexField(crypto.ciphertext, "ciphertext", 32);
  const mac = hexField(crypto.mac, "mac", 32);
  let address: string | undefined;
  if (json.address !== undefined) {
    if (typeof json.address !== "string" || !/^(0x)?[0-9a-fA-F]{40}$/.test(json.address))
      throw new KeystoreInvalidError("address is not an address");
    address = json.address.replace(/^0x/, "").toLowerCase();
  }
  return { kdf: parseKdf(crypto), iv, ciphertext, mac, address };
}

function parseKdf(crypto: Record<string, unknown>): KeystoreKdf {
  const params = crypto.kdfparams;
  if (!isRecord(params)) throw new KeystoreInvalidError("missing kdfparams");
  const dklen = params.dklen;
  // Bytes 16..32 feed the MAC, so anything shorter cannot be a valid v3 keystore.
  if (!isInt(dklen) || dklen < 32 || dklen > 64)
    throw new KeystoreInvalidError("kdfparams.dklen must be 32..64");
  const salt = hexField(params.salt, "kdfparams.salt");
  if (crypto.kdf === "scrypt") {
    const { n, r, p } = params;
    if (!isInt(n) || n < 2 || (n & (n - 1)) !== 0)
      throw new KeystoreInvalidError("scrypt n must be a power of 2");
    if (!isInt(r) || r < 1 || r > 32) throw new KeystoreInvalidError("scrypt r must be 1..32");
    if (!isInt(p) || p < 1 || p > 16) throw new KeystoreInvalidError("scrypt p must be 1..16");
    // RFC 7914 requires n < 2^(16·r); OpenSSL (node:crypto) enforces it. Keystores written by geth, Foundry,
    // ethers and MetaMask use r = 8; only hand-made files (the r = 1 example in the v3 spec) break the rule.
    if (n >= 2 ** (16 * r))
      throw new KeystoreInvalidError("scrypt n must be below 2^(16·r) (RFC 7914)", { n, r });
    if (128 * n * r > MAX_SCRYPT_MEMORY)
      throw new KeystoreInvalidError("scrypt parameters need more than 1 GiB", { n, r });
    return { kdf: "scrypt", n, r, p, dklen, salt };
  }
  if (crypto.kdf === "pbkdf2") {
    if (params.prf !== "hmac-sha256") throw new KeystoreInvalidError("pbkdf2 prf must be hmac-sha256");
    const c = params.c;
    if (!isInt(c) || c < 1 || c > MAX_PBKDF2_ITERATIONS)
      throw new KeystoreInvalidError(`pbkdf2 c must be 1..${MAX_PBKDF2_ITERATIONS}`);
    return { kdf: "pbkdf2", c, dklen, salt };
  }
  throw new KeystoreInvalidError("kdf must be scrypt or pbkdf2");
}

function hexField(value: unknown, name: string, bytes?: number): Buffer {
  if (typeof value !== "string" || !/^(0x)?([0-9a-fA-F]{2})+$/.test(value))
    throw new KeystoreInvalidError(`${name} is not hex`);
  const buffer = Buffer.from(value.replace(/^0x/, ""), "hex");
  if (bytes !== undefined && buffer.length !== bytes)
    throw new KeystoreInvalidError(`${name} must be ${bytes} bytes`);
  return buffer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}
