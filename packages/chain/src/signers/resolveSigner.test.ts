import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inspect } from "node:util";
import fc from "fast-check";
import { bytesToHex } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_MNEMONIC } from "./devAccounts.ts";
import { encryptKeystore } from "./encryptKeystore.ts";
import { resolveSigner } from "./resolveSigner.ts";

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const ADDRESS = privateKeyToAccount(KEY).address;
const DEV_KEYS = Array.from({ length: 10 }, (_, i) => {
  const key = mnemonicToAccount(ANVIL_DEV_MNEMONIC, { addressIndex: i }).getHdKey().privateKey;
  assert.ok(key);
  return bytesToHex(key);
});

function assertNoSecret(error: unknown, secret: string) {
  const bare = secret.trim().replace(/^0x/i, "").toLowerCase();
  for (const dump of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
    assert.ok(!dump.toLowerCase().includes(bare), "the key leaked into the error");
  }
}

describe("resolveSigner", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "coinscious-signer-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("devnet dev account by index", async () => {
    const account = await resolveSigner({ network: "devnet", devAccountIndex: 3 });
    assert.equal(account.address, ANVIL_DEV_ADDRESSES[3]);
    assert.equal(account.type, "local");
    await assert.rejects(resolveSigner({ network: "devnet", devAccountIndex: 10 }), {
      code: "SIGNER_CONFIG_INVALID",
    });
    await assert.rejects(resolveSigner({ network: "devnet", devAccountIndex: 1.5 }), {
      code: "SIGNER_CONFIG_INVALID",
    });
  });

  test("a dev account index on a public network → DEV_KEY_ON_PUBLIC_NETWORK", async () => {
    for (const network of ["base-sepolia", "base"]) {
      await assert.rejects(resolveSigner({ network, devAccountIndex: 0 }), {
        code: "DEV_KEY_ON_PUBLIC_NETWORK",
        details: { network, address: ANVIL_DEV_ADDRESSES[0] },
      });
    }
  });

  test("every dev key as a raw private key, in any spelling, is refused off devnet", async () => {
    for (const [i, key] of DEV_KEYS.entries()) {
      for (const spelling of [key, key.slice(2), key.toUpperCase().replace("0X", "0x"), `  ${key}\n`]) {
        const error = await resolveSigner({ network: "base", privateKey: spelling }).catch((e: unknown) => e);
        assert.equal((error as { code?: string }).code, "DEV_KEY_ON_PUBLIC_NETWORK");
        assertNoSecret(error, key);
      }
      const onDevnet = await resolveSigner({ network: "devnet", privateKey: key });
      assert.equal(onDevnet.address, ANVIL_DEV_ADDRESSES[i]);
    }
  });

  test("a dev key inside a keystore is refused off devnet", async () => {
    const path = join(dir, "dev.json");
    await writeFile(path, JSON.stringify(await encryptKeystore(DEV_KEYS[0] ?? "", "pw", { scryptN: 16 })));
    await assert.rejects(
      resolveSigner({ network: "base-sepolia", keystorePath: path, keystorePassword: "pw" }),
      {
        code: "DEV_KEY_ON_PUBLIC_NETWORK",
      },
    );
  });

  test("an ordinary private key works on every network", async () => {
    for (const network of ["devnet", "base-sepolia", "base"]) {
      assert.equal((await resolveSigner({ network, privateKey: KEY })).address, ADDRESS);
    }
  });

  test("malformed private keys → INVALID_PRIVATE_KEY, and the key is in no part of the error", async () => {
    const n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    const bad = [
      `${KEY}00`,
      KEY.slice(0, 60),
      `${KEY.slice(0, 65)}g`,
      `0x${"0".repeat(64)}`,
      `0x${n}`,
      "",
      "0x",
    ];
    for (const privateKey of bad) {
      const error = await resolveSigner({ network: "base", privateKey }).catch((e: unknown) => e);
      assert.equal((error as { code?: string }).code, "INVALID_PRIVATE_KEY", privateKey);
      if (privateKey.length > 8) assertNoSecret(error, privateKey);
    }
  });

  test("property: a malformed key never leaks into the error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^(0x)?[0-9a-f]{20,80}$/), async (privateKey) => {
        const hex = privateKey.replace(/^0x/, "");
        fc.pre(hex.length !== 64);
        const error = await resolveSigner({ network: "base", privateKey }).catch((e: unknown) => e);
        assert.equal((error as { code?: string }).code, "INVALID_PRIVATE_KEY");
        assertNoSecret(error, hex);
      }),
      { numRuns: 100 },
    );
  });

  test("keystore: right password, wrong password, no password, missing or broken file", async () => {
    const path = join(dir, "operator.json");
    await writeFile(path, JSON.stringify(await encryptKeystore(KEY, "s3cret pass", { scryptN: 1024 })), {
      mode: 0o600,
    });
    const account = await resolveSigner({
      network: "base",
      keystorePath: path,
      keystorePassword: "s3cret pass",
    });
    assert.equal(account.address, ADDRESS);

    const wrong = await resolveSigner({
      network: "base",
      keystorePath: path,
      keystorePassword: "nope",
    }).catch((e: unknown) => e);
    assert.equal((wrong as { code?: string }).code, "KEYSTORE_BAD_PASSWORD");
    assertNoSecret(wrong, KEY);
    assertNoSecret(wrong, "s3cret pass");

    await assert.rejects(resolveSigner({ network: "base", keystorePath: path }), {
      code: "SIGNER_CONFIG_INVALID",
    });
    await assert.rejects(
      resolveSigner({ network: "base", keystorePath: join(dir, "missing.json"), keystorePassword: "x" }),
      { code: "KEYSTORE_INVALID" },
    );
    const broken = join(dir, "broken.json");
    await writeFile(broken, "{ not json");
    await assert.rejects(resolveSigner({ network: "base", keystorePath: broken, keystorePassword: "x" }), {
      code: "KEYSTORE_INVALID",
    });
  });

  test("no source, two sources, unknown network", async () => {
    await assert.rejects(resolveSigner({ network: "base" }), { code: "SIGNER_NOT_CONFIGURED" });
    await assert.rejects(resolveSigner({ network: "devnet", devAccountIndex: 0, privateKey: KEY }), {
      code: "SIGNER_CONFIG_INVALID",
    });
    await assert.rejects(resolveSigner({ network: "mainnet", privateKey: KEY }), { code: "UNKNOWN_NETWORK" });
  });
});
