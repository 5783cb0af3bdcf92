import assert from "node:assert/strict";
import { before, it } from "node:test";
import fc from "fast-check";
import { copyRows } from "../queries/copyRows.ts";
import { insertRows } from "../queries/insertRows.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { HexBytes } from "./hexBytes.ts";

const anyCaseBytes = fc
  .uint8Array({ maxLength: 40 })
  .chain((bytes) =>
    fc
      .array(fc.boolean(), { minLength: bytes.length * 2, maxLength: bytes.length * 2 })
      .map((upper) => [
        bytes,
        `0x${[...Buffer.from(bytes).toString("hex")].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("")}`,
      ]),
  ) as fc.Arbitrary<[Uint8Array, string]>;

it("HexBytes takes 0x and whole bytes of hex digits, and gives bytea's \\x input as JSON", () => {
  fc.assert(
    fc.property(anyCaseBytes, ([, hex]) => {
      assert.equal(JSON.stringify(new HexBytes(hex)), JSON.stringify(`\\x${hex.slice(2)}`));
    }),
  );
  for (const bad of ["", "0x0", "0X00", "00", "0x0g", "0x00\n", "0x\\\\", " 0x00"])
    assert.throws(() => new HexBytes(bad), { code: "VALIDATION_FAILED" }, JSON.stringify(bad));
  assert.throws(() => new HexBytes(12 as unknown as string), { code: "VALIDATION_FAILED" });
});

describeDatabases("HexBytes into bytea", (ctx) => {
  before(() => ctx.db.exec("CREATE TABLE hex_bytes_probe (id integer PRIMARY KEY, b bytea, t text)"));

  it("stores the bytes through COPY and through insertRows, whatever the digits' case (property)", async () => {
    let id = 0;
    await fc.assert(
      fc.asyncProperty(anyCaseBytes, async ([bytes, hex]) => {
        const [viaCopy, viaInsert] = [id++, id++];
        // A text column next to it: the COPY line stays aligned.
        await ctx.db.transaction((tx) =>
          copyRows(tx, "hex_bytes_probe", ["id", "b", "t"], [[viaCopy, new HexBytes(hex), "a\tb"]]),
        );
        await insertRows(
          ctx.db,
          "hex_bytes_probe",
          ["id", "b", "t"],
          [[viaInsert, new HexBytes(hex), "a\tb"]],
        );
        const { rows } = await ctx.db.query<{ h: string; t: string }>(
          "SELECT encode(b, 'hex') AS h, t FROM hex_bytes_probe WHERE id IN ($1, $2) ORDER BY id",
          [viaCopy, viaInsert],
        );
        const expected = { h: Buffer.from(bytes).toString("hex"), t: "a\tb" };
        assert.deepEqual(rows, [expected, expected]);
      }),
      { numRuns: 40 },
    );
  });
});
