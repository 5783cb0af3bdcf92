import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { CoinsciousError, ValidationError } from "./errors.ts";
import { isAddress, MAX_INVESTOR_ID, toAddress, toAmount, toInvestorId } from "./types.ts";

const isValidation = (e: unknown) => e instanceof ValidationError && e.code === "VALIDATION_FAILED";

describe("domain types", () => {
  test("addresses are validated and stored lower-case", () => {
    assert.equal(
      toAddress("0xAbCdEf0000000000000000000000000000000001"),
      "0xabcdef0000000000000000000000000000000001",
    );
    for (const bad of [
      "",
      "0x",
      "0x123",
      "abcdef0000000000000000000000000000000001",
      "0xZZcdef0000000000000000000000000000000001",
    ]) {
      assert.equal(isAddress(bad), false, bad);
      assert.throws(() => toAddress(bad), isValidation, bad);
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        const hex = `0x${Buffer.from(bytes).toString("hex")}`;
        assert.equal(toAddress(hex.toUpperCase().replace("0X", "0x")), hex);
      }),
    );
  });

  test("amounts are non-negative bigints from decimal strings", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (n) => {
        assert.equal(toAmount(n.toString()), n);
        assert.equal(toAmount(n), n);
      }),
    );
    for (const bad of ["-1", "1.5", "1e3", "", " 1", "0x10"])
      assert.throws(() => toAmount(bad), isValidation, bad);
    assert.throws(() => toAmount(-1n), isValidation);
  });

  test("investor ids are 1 … 2^48-1", () => {
    assert.equal(toInvestorId("1"), 1n);
    assert.equal(toInvestorId(MAX_INVESTOR_ID), MAX_INVESTOR_ID);
    for (const bad of [0, -1, MAX_INVESTOR_ID + 1n, "abc", "1.5"])
      assert.throws(() => toInvestorId(bad), isValidation);
  });

  test("errors carry a stable code and serialize to {code, message, details}", () => {
    const e = new ValidationError("bad", { field: "x" });
    assert.ok(e instanceof CoinsciousError);
    assert.equal(e.name, "ValidationError");
    assert.deepEqual(e.toJSON(), { code: "VALIDATION_FAILED", message: "bad", details: { field: "x" } });
    assert.deepEqual(new CoinsciousError("X", "y").toJSON(), { code: "X", message: "y" });
    const cause = new Error("root");
    assert.equal(new CoinsciousError("X", "y", { cause }).cause, cause);
  });
});
