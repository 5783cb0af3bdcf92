import assert from "node:assert/strict";
import { before, it } from "node:test";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress } from "../testing/fakes.ts";
import { copyField, copyRows, encodedRowsStatements, encodeRows, writeEncodedRows } from "./copyRows.ts";
import { insertRows } from "./insertRows.ts";

const MAX_UINT256 = (1n << 256n) - 1n;
// Every kind of value copyRows converts, in this test's own table (its isolated schema): text that COPY must escape,
// NULL next to the text "\N", signed numeric(78,0), the uint256 and address domains, booleans, times, jsonb, int8.
const PROBE_TABLE = `CREATE TABLE copy_rows_probe (
  batch integer NOT NULL,
  n integer NOT NULL,
  label text NOT NULL,
  note text,
  delta numeric(78, 0) NOT NULL,
  balance uint256 NOT NULL,
  wallet address NOT NULL,
  flag boolean,
  at timestamptz,
  args jsonb,
  investor_id bigint,
  PRIMARY KEY (batch, n)
)`;
const COLUMNS = [
  "batch",
  "n",
  "label",
  "note",
  "delta",
  "balance",
  "wallet",
  "flag",
  "at",
  "args",
  "investor_id",
] as const;

// Text PostgreSQL can store (any Unicode but NUL), with COPY's special characters and escape look-alikes often.
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc
    .array(fc.constantFrom("\\", "\t", "\n", "\r", "\\N", "N", "\\t", ".", "é", "😀", " "), { maxLength: 8 })
    .map((parts) => parts.join("")),
);
const row = fc.record({
  label: text,
  note: fc.option(text, { nil: null }),
  delta: fc.bigInt({ min: -MAX_UINT256, max: MAX_UINT256 }),
  balance: fc.oneof(fc.constantFrom(0n, MAX_UINT256), fc.bigInt({ min: 0n, max: MAX_UINT256 })),
  wallet: fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }).map(fakeAddress),
  flag: fc.option(fc.boolean(), { nil: null }),
  at: fc.option(
    fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms)),
    { nil: null },
  ),
  args: fc.option(
    fc.record({
      value: fc.bigInt({ min: 0n, max: MAX_UINT256 }),
      memo: text,
      list: fc.array(fc.nat(), { maxLength: 3 }),
    }),
    { nil: null },
  ),
  investorId: fc.option(fc.bigInt({ min: 1n, max: (1n << 62n) - 1n }), { nil: null }),
});

describeDatabases(
  "copyRows",
  (ctx) => {
    let batch = 1;
    before(() => ctx.db.exec(PROBE_TABLE));

    it("round-trips every value exactly, COPY's special characters included (property)", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), async (rows) => {
          const b = batch++;
          const values = rows.map((r, i) => [
            b,
            i,
            r.label,
            r.note,
            r.delta,
            r.balance,
            r.wallet,
            r.flag,
            r.at,
            r.args,
            r.investorId,
          ]);
          assert.equal(
            await ctx.db.transaction((tx) => copyRows(tx, "copy_rows_probe", COLUMNS, values)),
            rows.length,
          );
          const { rows: back } = await ctx.db.query<{
            label: string;
            note: string | null;
            delta: string;
            balance: string;
            wallet: string;
            flag: boolean | null;
            at: Date | null;
            args: unknown;
            investor_id: bigint | null;
          }>(
            "SELECT label, note, delta, balance, wallet, flag, at, args, investor_id FROM copy_rows_probe WHERE batch = $1 ORDER BY n",
            [b],
          );
          assert.deepEqual(
            back.map((x) => [
              x.label,
              x.note,
              BigInt(x.delta),
              BigInt(x.balance),
              x.wallet,
              x.flag,
              x.at?.getTime() ?? null,
              x.args,
              x.investor_id,
            ]),
            rows.map((r) => [
              r.label,
              r.note,
              r.delta,
              r.balance,
              r.wallet,
              r.flag,
              r.at?.getTime() ?? null,
              r.args === null
                ? null
                : { value: r.args.value.toString(), memo: r.args.memo, list: r.args.list },
              r.investorId,
            ]),
          );
        }),
        { numRuns: 40 },
      );
    });

    it("stores what insertRows stores for the same rows", async () => {
      const values = (b: number) => [
        [
          b,
          0,
          "a\tb\\c\nd",
          null,
          -5n,
          MAX_UINT256,
          fakeAddress(7),
          true,
          new Date(86_400_000),
          { v: 1n },
          3n,
        ],
        [b, 1, "\\N", "\\N", 0n, 0n, fakeAddress(8), null, null, null, null],
      ];
      const [viaCopy, viaInsert] = [batch++, batch++];
      await copyRows(ctx.db, "copy_rows_probe", COLUMNS, values(viaCopy));
      await insertRows(ctx.db, "copy_rows_probe", COLUMNS, values(viaInsert));
      const read = async (b: number) =>
        (
          await ctx.db.query(
            "SELECT n, label, note, delta, balance, wallet, flag, at, args, investor_id FROM copy_rows_probe WHERE batch = $1 ORDER BY n",
            [b],
          )
        ).rows;
      assert.deepEqual(await read(viaCopy), await read(viaInsert));
    });

    it("refuses values outside a column's domain (nothing written) and rows of the wrong width", async () => {
      const b = batch++;
      const good = [b, 0, "ok", null, 1n, 1n, fakeAddress(1), null, null, null, null];
      const tooBig = [b, 1, "x", null, 1n, MAX_UINT256 + 1n, fakeAddress(1), null, null, null, null];
      await assert.rejects(copyRows(ctx.db, "copy_rows_probe", COLUMNS, [good, tooBig]), {
        sqlState: "23514",
      });
      const upper = [
        b,
        2,
        "x",
        null,
        1n,
        1n,
        "0xABCDEF0000000000000000000000000000000000",
        null,
        null,
        null,
        null,
      ];
      await assert.rejects(copyRows(ctx.db, "copy_rows_probe", COLUMNS, [upper]), { sqlState: "23514" });
      const { rows } = await ctx.db.query("SELECT 1 FROM copy_rows_probe WHERE batch = $1", [b]);
      assert.equal(rows.length, 0);
      await assert.rejects(copyRows(ctx.db, "copy_rows_probe", COLUMNS, [[b, 3]]), {
        code: "VALIDATION_FAILED",
      });
      await assert.rejects(copyRows(ctx.db, "copy_rows_probe", ["n", "label"], [[Number.NaN, "x"]]), {
        code: "VALIDATION_FAILED",
      });
      await assert.rejects(copyRows(ctx.db, "copy_rows_probe; DROP TABLE blocks", ["n"], [[1]]), {
        code: "VALIDATION_FAILED",
      });
      assert.equal(await copyRows(ctx.db, "copy_rows_probe", COLUMNS, []), 0);
    });

    it("encodes ahead of the write: COPY text where the connection copies, the rows otherwise", async () => {
      const b = batch++;
      const values = [[b, 0, "x\ty", null, 2n, 2n, fakeAddress(2), false, null, { k: [1, 2] }, null]];
      const encoded = encodeRows(ctx.db, "copy_rows_probe", COLUMNS, values);
      if (ctx.db.copyFrom === undefined) assert.equal(encoded.copyData, undefined);
      else
        assert.equal(
          new TextDecoder().decode(encoded.copyData),
          `${b}\t0\tx\\ty\t\\N\t2\t2\t${fakeAddress(2)}\tf\t\\N\t{"k":[1,2]}\t\\N\n`,
        );
      assert.equal(await ctx.db.transaction((tx) => writeEncodedRows(tx, encoded)), 1);
      const { rows } = await ctx.db.query<{ label: string }>(
        "SELECT label FROM copy_rows_probe WHERE batch = $1",
        [b],
      );
      assert.deepEqual(rows, [{ label: "x\ty" }]);
    });

    it("encodedRowsStatements: the COPY where the rows were encoded for one, insertRows' statements otherwise", async () => {
      const b = batch++;
      const values = [0, 1, 2].map((n) => [
        b,
        n,
        `r${n}`,
        null,
        1n,
        1n,
        fakeAddress(n),
        null,
        null,
        null,
        null,
      ]);
      const encoded = encodeRows(ctx.db, "copy_rows_probe", COLUMNS, values);
      const statements = encodedRowsStatements(encoded);
      assert.deepEqual(
        statements.map((s) => ("copy" in s ? "copy" : "sql")),
        [ctx.db.copyFrom === undefined ? "sql" : "copy"],
      );
      const results = await ctx.db.runStatements(statements);
      assert.equal(results[0]?.rowCount, 3);
      const { rows } = await ctx.db.query<{ label: string }>(
        "SELECT label FROM copy_rows_probe WHERE batch = $1 ORDER BY n",
        [b],
      );
      assert.deepEqual(rows, [{ label: "r0" }, { label: "r1" }, { label: "r2" }]);
      assert.deepEqual(encodedRowsStatements(encodeRows(ctx.db, "copy_rows_probe", COLUMNS, [])), []);
    });
  },
  { pgliteWorker: true },
);

it("copyField: COPY text format of each kind of value", () => {
  assert.equal(copyField(null), "\\N");
  assert.equal(copyField(undefined), "\\N");
  assert.equal(copyField("\\N"), "\\\\N");
  assert.equal(copyField("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
  assert.equal(copyField(MAX_UINT256), MAX_UINT256.toString());
  assert.equal(copyField(-1n), "-1");
  assert.equal(copyField(true), "t");
  assert.equal(copyField(new Date(0)), "1970-01-01T00:00:00.000Z");
  assert.equal(copyField({ a: 1n, b: ["\t"] }), '{"a":"1","b":["\\\\t"]}');
  assert.throws(() => copyField(Number.POSITIVE_INFINITY), { code: "VALIDATION_FAILED" });
  assert.throws(() => copyField(new Date(Number.NaN)), { code: "VALIDATION_FAILED" });
  assert.throws(() => copyField(Symbol("s")), { code: "VALIDATION_FAILED" });
});

it("encodeRows: the UTF-8 of every row's fields joined by tabs, a newline after each row, however long (property)", () => {
  // Only copyFrom's presence matters to encodeRows: it encodes for a connection that copies.
  const copying = { kind: "pglite", copyFrom: async () => 0 } as unknown as Parameters<typeof encodeRows>[0];
  // The widest case: every character 3 bytes long, past the first buffer's size (a buffer too small for it would
  // be written short, silently).
  const wide = "€".repeat(5_000);
  const { copyData } = encodeRows(copying, "t", ["c0"], [[wide]]);
  assert.equal(new TextDecoder().decode(copyData), `${wide}\n`);
  const value = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 40 }),
    // Longer than the buffer's first size for a small batch: it grows, mid-row, multi-byte characters included.
    fc.string({ unit: "grapheme", minLength: 1_500, maxLength: 5_000 }),
    fc.bigInt({ min: -(2n ** 255n), max: 2n ** 256n - 1n }),
    fc.boolean(),
    fc.constant(null),
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }).chain((width) =>
        fc.tuple(
          fc.constant(width),
          fc.array(fc.array(value, { minLength: width, maxLength: width }), {
            minLength: 1,
            maxLength: 30,
          }),
        ),
      ),
      ([width, rows]) => {
        const columns = Array.from({ length: width }, (_, c) => `c${c}`);
        const { copyData } = encodeRows(copying, "t", columns, rows);
        const expected = rows.map((r) => `${r.map(copyField).join("\t")}\n`).join("");
        assert.equal(new TextDecoder().decode(copyData), expected);
      },
    ),
    { numRuns: 200 },
  );
});
