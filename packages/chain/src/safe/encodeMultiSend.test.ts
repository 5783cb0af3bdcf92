import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type Address, getAddress, type Hex, keccak256, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { decodeMultiSend } from "./decodeMultiSend.ts";
import { encodeMultiSend } from "./encodeMultiSend.ts";
import { SafeError } from "./errors.ts";
import { isCancellationTransaction } from "./isCancellationTransaction.ts";
import { recoverSafeSigner } from "./recoverSafeSigner.ts";

const isCode = (code: string) => (e: unknown) => e instanceof SafeError && e.code === code;
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(toHex(b)) as Address);

describe("MultiSend packing", () => {
  it("matches the packed layout: operation(1) to(20) value(32) length(32) data", () => {
    const to = "0x00000000000000000000000000000000000000aa";
    const data = encodeMultiSend([{ to, value: 5n, data: "0xdeadbeef" }]);
    // selector 8d80ff0a, offset 0x20, length 85 + 4 = 89 (0x59), then the packed transaction
    assert.ok(data.startsWith("0x8d80ff0a"));
    const packed = `00${to.slice(2)}${"0".repeat(63)}5${"0".repeat(63)}4deadbeef`;
    assert.ok(data.includes(packed), data);
    assert.ok(data.includes(`${"0".repeat(62)}59${packed}`));
  });

  it("round-trips through decodeMultiSend (200 random batches)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .record({
              operation: fc.constantFrom(0 as const, 1 as const),
              to: address,
              value: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
              data: fc.uint8Array({ maxLength: 100 }).map((b) => toHex(b)),
            })
            .map((r) => ({ ...r })),
          { minLength: 1, maxLength: 6 },
        ),
        (txs) => {
          assert.deepEqual(decodeMultiSend(encodeMultiSend(txs)), txs);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects empty batches and malformed calldata", () => {
    assert.throws(() => encodeMultiSend([]), isCode("INVALID_ARGUMENT"));
    assert.throws(() => decodeMultiSend("0x12345678"), isCode("INVALID_ARGUMENT"));
    const good = encodeMultiSend([{ to: "0x00000000000000000000000000000000000000aa", data: "0x01" }]);
    // Claim 2 data bytes where one is present: re-encode the inner bytes with a bumped length.
    const truncated = good.replace(`${"0".repeat(63)}101`, `${"0".repeat(63)}201`) as Hex;
    assert.throws(() => decodeMultiSend(truncated), isCode("INVALID_ARGUMENT"));
  });
});

describe("recoverSafeSigner", () => {
  it("recovers, normalizes v 0/1, refuses high-s and bad v", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const hash = keccak256("0x01");
    const signature = await account.sign({ hash });
    assert.equal((await recoverSafeSigner(hash, signature)).signer, account.address);
    const v = Number.parseInt(signature.slice(130), 16);
    const yParity = `${signature.slice(0, 130)}0${v - 27}` as Hex;
    assert.deepEqual(await recoverSafeSigner(hash, yParity), { signer: account.address, signature });
    // s' = n - s is the malleable twin of the same signature.
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(`0x${signature.slice(66, 130)}`);
    const highS =
      `${signature.slice(0, 66)}${(n - s).toString(16).padStart(64, "0")}${v === 27 ? "1c" : "1b"}` as Hex;
    await assert.rejects(recoverSafeSigner(hash, highS), isCode("SIGNATURE_INVALID"));
    await assert.rejects(
      recoverSafeSigner(hash, `${signature.slice(0, 130)}20` as Hex),
      isCode("SIGNATURE_INVALID"),
    );
  });
});

describe("isCancellationTransaction", () => {
  const safe = "0x00000000000000000000000000000000000000aa";
  const tx = {
    to: safe,
    value: 0n,
    data: "0x",
    operation: 0,
    safeTxGas: 0n,
    baseGas: 0n,
    gasPrice: 0n,
    gasToken: safe,
    refundReceiver: safe,
    nonce: 3n,
  } as const;
  it("is a 0-value, no-data call to the Safe itself", () => {
    assert.equal(isCancellationTransaction(tx, safe), true);
    assert.equal(isCancellationTransaction({ ...tx, value: 1n }, safe), false);
    assert.equal(isCancellationTransaction({ ...tx, data: "0x00" }, safe), false);
    assert.equal(isCancellationTransaction({ ...tx, operation: 1 }, safe), false);
    assert.equal(isCancellationTransaction(tx, "0x00000000000000000000000000000000000000bb"), false);
  });
});
