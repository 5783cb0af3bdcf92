import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { inspect } from "node:util";
import fc from "fast-check";
import { privateKeyToAccount } from "viem/accounts";
import { decryptKeystore } from "./decryptKeystore.ts";
import { encryptKeystore } from "./encryptKeystore.ts";

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const PASSWORD = "correct horse battery staple";
const FAST = { scryptN: 1024, pbkdf2Iterations: 1000 } as const;

/**
 * Our own vector: fixed salt (32 × 0x11), iv (16 × 0x22) and id. Written by `encryptKeystore` and checked at
 * authoring time against ethers 5.4 `Wallet.fromEncryptedJson` (an independent implementation), which
 * decrypted both to KEY / 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23.
 */
const FIXED = {
  salt: new Uint8Array(32).fill(0x11),
  iv: new Uint8Array(16).fill(0x22),
  id: "00000000-0000-4000-8000-000000000000",
};
const OWN_SCRYPT_VECTOR = {
  version: 3,
  id: FIXED.id,
  address: "2c7536e3605d9c16a7a3d7b1898e529396a65c23",
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "22222222222222222222222222222222" },
    ciphertext: "090af52fcb77c06f8c12e9b3b10c25e013beb35d6256f93a18bd786545cb20cb",
    mac: "fca46b0d767ee3215d3e7b12da095338288493057c30a5864194028b96cbd00a",
    kdf: "scrypt",
    kdfparams: { dklen: 32, n: 1024, r: 8, p: 1, salt: "11".repeat(32) },
  },
};
const OWN_PBKDF2_VECTOR = {
  ...OWN_SCRYPT_VECTOR,
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "22222222222222222222222222222222" },
    ciphertext: "9f3619b291848e597a1b4eb023e7bef30261ca17229523fd45ac418459551f74",
    mac: "9eefa0e25a07c96fbc53daf2f0a3e90ed4cb0908f87e6fa32d4b7ffa233efffb",
    kdf: "pbkdf2",
    kdfparams: { dklen: 32, c: 1000, prf: "hmac-sha256", salt: "11".repeat(32) },
  },
};

/** The PBKDF2 test vector of the Web3 Secret Storage definition (password "testpassword"). */
const SPEC_PBKDF2_VECTOR = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
    ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
    kdf: "pbkdf2",
    kdfparams: {
      c: 262144,
      dklen: 32,
      prf: "hmac-sha256",
      salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
    },
    mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
  },
  id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
  version: 3,
};
const SPEC_KEY = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

function assertNoSecret(error: unknown, ...secrets: string[]) {
  const dumps = [String(error), JSON.stringify(error), inspect(error, { depth: 10 })];
  for (const secret of secrets) {
    const bare = secret.replace(/^0x/, "").toLowerCase();
    for (const dump of dumps) assert.ok(!dump.toLowerCase().includes(bare), "secret leaked into the error");
  }
}

describe("encryptKeystore / decryptKeystore", () => {
  for (const kdf of ["scrypt", "pbkdf2"] as const) {
    test(`${kdf}: round trip, and a wrong password → KEYSTORE_BAD_PASSWORD`, async () => {
      const keystore = await encryptKeystore(KEY, PASSWORD, { kdf, ...FAST });
      assert.equal(keystore.version, 3);
      assert.equal(keystore.crypto.kdf, kdf);
      assert.equal(`0x${keystore.address}`, privateKeyToAccount(KEY).address.toLowerCase());
      assert.equal(await decryptKeystore(JSON.stringify(keystore), PASSWORD), KEY);
      const error = await decryptKeystore(keystore, "Correct horse battery staple").catch((e: unknown) => e);
      assert.equal((error as { code?: string }).code, "KEYSTORE_BAD_PASSWORD");
      assertNoSecret(error, KEY, PASSWORD);
    });
  }

  test("our fixed-salt vectors: encryption is reproducible and decrypts to the known address", async () => {
    for (const [kdf, vector] of [
      ["scrypt", OWN_SCRYPT_VECTOR],
      ["pbkdf2", OWN_PBKDF2_VECTOR],
    ] as const) {
      const keystore = await encryptKeystore(KEY, PASSWORD, { kdf, ...FAST, ...FIXED });
      assert.deepEqual(JSON.parse(JSON.stringify(keystore)), vector);
      const key = await decryptKeystore(JSON.stringify(vector), PASSWORD);
      assert.equal(privateKeyToAccount(key).address, "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
    }
  });

  test("the Web3 Secret Storage spec's PBKDF2 vector", async () => {
    const key = await decryptKeystore(SPEC_PBKDF2_VECTOR, "testpassword");
    assert.equal(key, SPEC_KEY);
    assert.equal(privateKeyToAccount(key).address, "0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b");
    // geth's older capitalised section name.
    const { crypto, ...rest } = SPEC_PBKDF2_VECTOR;
    assert.equal(await decryptKeystore({ ...rest, Crypto: crypto }, "testpassword"), SPEC_KEY);
  });

  test("the spec's scrypt vector (r = 1, n = 2^18) breaks RFC 7914 → KEYSTORE_INVALID, not a crash", async () => {
    const vector = {
      ...SPEC_PBKDF2_VECTOR,
      crypto: {
        ...SPEC_PBKDF2_VECTOR.crypto,
        kdf: "scrypt",
        kdfparams: { dklen: 32, n: 262144, r: 1, p: 8, salt: "ab" },
      },
    };
    await assert.rejects(decryptKeystore(vector, "testpassword"), { code: "KEYSTORE_INVALID" });
  });

  test("malformed keystores → KEYSTORE_INVALID, before any expensive KDF", async () => {
    const good = OWN_SCRYPT_VECTOR;
    const c = good.crypto;
    const cases: unknown[] = [
      "not json",
      "[]",
      { ...good, version: 1 },
      { ...good, crypto: undefined },
      { ...good, crypto: { ...c, cipher: "aes-128-cbc" } },
      { ...good, crypto: { ...c, mac: "abcd" } },
      { ...good, crypto: { ...c, ciphertext: "zz" } },
      { ...good, crypto: { ...c, cipherparams: {} } },
      { ...good, crypto: { ...c, kdf: "argon2" } },
      { ...good, crypto: { ...c, kdfparams: { ...c.kdfparams, dklen: 16 } } },
      { ...good, crypto: { ...c, kdfparams: { ...c.kdfparams, n: 1000 } } },
      // 2^30 × 8 × 128 bytes = 1 TiB: refused up front.
      { ...good, crypto: { ...c, kdfparams: { ...c.kdfparams, n: 2 ** 30 } } },
      {
        ...good,
        crypto: { ...c, kdf: "pbkdf2", kdfparams: { dklen: 32, c: 1e12, prf: "hmac-sha256", salt: "11" } },
      },
      {
        ...good,
        crypto: { ...c, kdf: "pbkdf2", kdfparams: { dklen: 32, c: 10, prf: "hmac-sha512", salt: "11" } },
      },
      { ...good, address: "not-an-address" },
    ];
    for (const input of cases) {
      const started = Date.now();
      await assert.rejects(
        decryptKeystore(input as object, PASSWORD),
        { code: "KEYSTORE_INVALID" },
        JSON.stringify(input),
      );
      assert.ok(Date.now() - started < 1_000);
    }
  });

  test("an address field that does not match the key → KEYSTORE_INVALID", async () => {
    const tampered = { ...OWN_SCRYPT_VECTOR, address: "00".repeat(20) };
    await assert.rejects(decryptKeystore(tampered, PASSWORD), { code: "KEYSTORE_INVALID" });
  });

  test("property: any key and password round-trip", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (password) => {
        const key = `0x${randomBytes(32).toString("hex")}`;
        const keystore = await encryptKeystore(key, password, { scryptN: 16 });
        assert.equal(await decryptKeystore(keystore, password), key);
      }),
      { numRuns: 25 },
    );
  });
});
