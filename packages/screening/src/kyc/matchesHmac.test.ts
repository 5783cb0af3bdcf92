import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { matchesHmac } from "./matchesHmac.ts";
import { hmacHex } from "./testing/webhookFixtures.ts";

describe("matchesHmac", () => {
  it("agrees with node:crypto for any body, secret pair and hash", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.constantFrom("sha1" as const, "sha256" as const, "sha512" as const),
        (body, a, b, hash) => {
          const sig = hmacHex(hash, a, body);
          assert.equal(matchesHmac(hash, [a], [body], sig), true);
          assert.equal(matchesHmac(hash, [b, a], [body], sig), true);
          assert.equal(matchesHmac(hash, [b], [body], sig), a === b);
        },
      ),
    );
  });

  it("returns false, without throwing, for signatures of the wrong length or not hex", () => {
    const body = Buffer.from("{}");
    const sig = hmacHex("sha256", "k", body);
    for (const bad of [
      "",
      sig.slice(1),
      sig.slice(2),
      `${sig}00`,
      sig.replace(/^./, "g"),
      `0x${sig.slice(2)}`,
    ]) {
      assert.equal(matchesHmac("sha256", ["k"], [body], bad), false, bad);
    }
  });

  it("concatenates the parts: HMAC(t + '.' + body) equals HMAC over the parts", () => {
    const body = Buffer.from('{"a":1}');
    assert.equal(matchesHmac("sha256", ["k"], ["17.", body], hmacHex("sha256", "k", "17.", body)), true);
    assert.equal(matchesHmac("sha256", ["k"], ["17", body], hmacHex("sha256", "k", "17.", body)), false);
  });
});
