import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { insertRows } from "../queries/insertRows.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { toDbAddress } from "./toDbAddress.ts";
import { toDbHash } from "./toDbHash.ts";
import { toDbJson } from "./toDbJson.ts";

const hexChar = fc.constantFrom(..."0123456789abcdefABCDEF");
const anyCaseAddress = fc.array(hexChar, { minLength: 40, maxLength: 40 }).map((cs) => `0x${cs.join("")}`);

it("toDbAddress lower-cases valid addresses and rejects anything else", () => {
  fc.assert(
    fc.property(anyCaseAddress, (a) => {
      assert.equal(toDbAddress(a), a.toLowerCase());
    }),
  );
  for (const bad of [
    "",
    "0x",
    "0x123",
    `0x${"g".repeat(40)}`,
    `0X${"a".repeat(40)}`,
    `0x${"a".repeat(41)}`,
  ]) {
    assert.throws(() => toDbAddress(bad), { code: "VALIDATION_FAILED" });
  }
});

it("toDbHash lower-cases 32-byte hashes and rejects anything else", () => {
  assert.equal(toDbHash(`0x${"AB".repeat(32)}`), `0x${"ab".repeat(32)}`);
  assert.throws(() => toDbHash(`0x${"ab".repeat(20)}`), { code: "VALIDATION_FAILED" });
});

it("toDbJson writes bigints as decimal strings and hex lower-case", () => {
  assert.equal(
    toDbJson({ to: "0xABCDEF", value: 2n ** 255n, list: [1n, "x"] }),
    `{"to":"0xabcdef","value":"${2n ** 255n}","list":["1","x"]}`,
  );
});

describeDatabases("address domain", (ctx) => {
  it("accepts exactly what toDbAddress produces (property)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(anyCaseAddress, async (a) => {
        const wallet = toDbAddress(a);
        const chainId = 1 + n++;
        await insertRows(
          ctx.db,
          "balances",
          ["chain_id", "token", "wallet", "balance", "block_number", "log_index"],
          [[chainId, wallet, wallet, 0n, 0n, 0]],
        );
        if (a !== wallet) {
          await assert.rejects(
            insertRows(
              ctx.db,
              "balances",
              ["chain_id", "token", "wallet", "balance", "block_number", "log_index"],
              [[chainId, wallet, a, 0n, 0n, 0]],
            ),
            { sqlState: "23514" },
          );
        }
      }),
      { numRuns: 50 },
    );
  });

  it('orders addresses byte-wise (COLLATE "C"), the order the cap table\'s tie-break uses', async () => {
    const { rows } = await ctx.db.query<{ a: string }>(
      "SELECT a FROM (VALUES ($1::address), ($2::address), ($3::address)) v(a) ORDER BY a",
      [`0x${"a".repeat(40)}`, `0x${"0".repeat(40)}`, `0x${"9".repeat(40)}`],
    );
    assert.deepEqual(
      rows.map((r) => r.a[2]),
      ["0", "9", "a"],
    );
  });
});
