import assert from "node:assert/strict";
import { before, it } from "node:test";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { HexBytes } from "../values/hexBytes.ts";
import { type CopyColumnType, encodeBinaryRows } from "./copyBinary.ts";
import { copyRows } from "./copyRows.ts";
import { insertRows } from "./insertRows.ts";
import { TRANSFER_COLUMN_TYPES, TRANSFER_COLUMNS } from "./insertTransfers.ts";

// One column of every type the binary COPY writes, a domain among them (its CHECK runs on binary input too).
const PROBE_TABLE = `CREATE TABLE copy_binary_probe (
  via text NOT NULL,
  n integer NOT NULL,
  flag boolean,
  small smallint,
  mid integer,
  big bigint,
  amount numeric(78, 0),
  balance uint256,
  label text,
  raw bytea,
  PRIMARY KEY (via, n)
)`;
const COLUMNS = ["via", "n", "flag", "small", "mid", "big", "amount", "balance", "label", "raw"] as const;
const TYPES: CopyColumnType[] = [
  "text",
  "int4",
  "bool",
  "int2",
  "int4",
  "int8",
  "numeric",
  "numeric",
  "text",
  "bytea",
];

const MAX_UINT256 = (1n << 256n) - 1n;
const TEN_77 = 10n ** 77n;
// Integers whose base-10,000 digits end in zeros (implied by the weight), zero itself, and the extremes.
const integer = fc.oneof(
  fc.bigInt({ min: -TEN_77, max: TEN_77 }),
  fc
    .tuple(fc.bigInt({ min: -9_999n, max: 9_999n }), fc.nat({ max: 70 }))
    .map(([d, e]) => d * 10n ** BigInt(e)),
  fc.constantFrom(0n, 1n, -1n, 9_999n, 10_000n, 10n ** 76n, -(10n ** 76n), 10n ** 78n - 1n),
);
const bytes = fc.uint8Array({ maxLength: 40 });
const hexOf = (b: Uint8Array, upper: boolean) => {
  const hex = `0x${Buffer.from(b).toString("hex")}`;
  return upper ? hex.toUpperCase().replace("0X", "0x") : hex;
};
const row = fc.record({
  flag: fc.option(fc.boolean(), { nil: null }),
  small: fc.option(fc.integer({ min: -(2 ** 15), max: 2 ** 15 - 1 }), { nil: null }),
  mid: fc.option(
    fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.bigInt({ min: -(2n ** 31n), max: 2n ** 31n - 1n }),
    ),
    { nil: null },
  ),
  big: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
  amount: fc.option(
    fc.oneof(
      integer,
      integer.map((v) => v.toString()),
      fc.maxSafeInteger(),
    ),
    { nil: null },
  ),
  balance: fc.option(fc.oneof(fc.constantFrom(0n, MAX_UINT256), fc.bigInt({ min: 0n, max: MAX_UINT256 })), {
    nil: null,
  }),
  label: fc.option(
    fc.string({ unit: "grapheme", maxLength: 20 }).filter((s) => !s.includes("\u0000")),
    { nil: null },
  ),
  raw: fc.option(
    fc.tuple(bytes, fc.boolean()).map(([b, upper]) => new HexBytes(hexOf(b, upper))),
    { nil: null },
  ),
  // The raw value of an earlier row again (the encoder copies the bytes it wrote for it).
  rawOf: fc.option(fc.nat({ max: 19 }), { nil: null, freq: 3 }),
});

type Back = Record<(typeof COLUMNS)[number], string | null>;
/** Every column as text, so the two ways in compare exactly. */
const readBack = async (
  db: { query: <T extends object>(sql: string, p?: unknown[]) => Promise<{ rows: T[] }> },
  via: string,
) =>
  (
    await db.query<Back>(
      `SELECT n::text, flag::text, small::text, mid::text, big::text, amount::text, balance::text, label,
              encode(raw, 'hex') AS raw
       FROM copy_binary_probe WHERE via = $1 ORDER BY n`,
      [via],
    )
  ).rows;

describeDatabases("encodeBinaryRows (COPY's binary format)", (ctx) => {
  let batch = 0;
  before(() => ctx.db.exec(PROBE_TABLE));

  it("stores exactly what insertRows stores, for every type (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 20 }), async (rows) => {
        const b = batch++;
        const raws = rows.map((r, i) => {
          const earlier = r.rawOf === null || i === 0 ? undefined : rows[r.rawOf % i]?.raw;
          return earlier === undefined ? r.raw : i % 2 ? earlier : earlier && new HexBytes(earlier.hex);
        });
        const values = (via: string) =>
          rows.map((r, i) => [via, i, r.flag, r.small, r.mid, r.big, r.amount, r.balance, r.label, raws[i]]);
        const copied = await ctx.db.transaction((tx) =>
          copyRows(tx, "copy_binary_probe", COLUMNS, values(`copy ${b}`), TYPES),
        );
        assert.equal(copied, rows.length);
        await insertRows(ctx.db, "copy_binary_probe", COLUMNS, values(`insert ${b}`));
        assert.deepEqual(await readBack(ctx.db, `copy ${b}`), await readBack(ctx.db, `insert ${b}`));
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a value its column's type does not take, naming the column, before the database", async () => {
    // On both engines: on PostgreSQL the rows then go through insertRows, but the types are checked first all the same.
    const good: unknown[] = ["refused", 0, true, 1, 1, 1n, 1n, 1n, "a", new HexBytes("0x00")];
    const refused = (message: RegExp) => (error: Error & { code?: string }) =>
      error.code === "VALIDATION_FAILED" && message.test(error.message) && /Row 1/.test(error.message);
    const cases: [number, unknown, RegExp][] = [
      [2, "t", /flag: expected a boolean/],
      [3, 2 ** 15, /small: expected an int2/],
      [4, 2n ** 31n, /mid: expected an int4/],
      [4, 1.5, /mid: expected an int4/],
      [5, 2 ** 53, /big: expected an int8/],
      [5, 2n ** 63n, /big: expected an int8/],
      [6, 1.5, /amount: expected an integer/],
      [6, "1e3", /amount: expected an integer/],
      [6, "", /amount: expected an integer/],
      [8, "a\u0000b", /label: expected a string without NUL/],
      [8, 7, /label: expected a string/],
      [9, "0x00", /raw: expected HexBytes/],
      [9, new Uint8Array(1), /raw: expected HexBytes/],
    ];
    for (const [column, value, message] of cases) {
      const bad = [...good];
      bad[1] = 1;
      bad[column] = value;
      await assert.rejects(
        ctx.db.transaction((tx) => copyRows(tx, "copy_binary_probe", COLUMNS, [good, bad], TYPES)),
        refused(message),
        `column ${COLUMNS[column]} given ${String(value)}`,
      );
    }
    assert.throws(
      () => encodeBinaryRows("t", ["a", "b"], ["int4"], [[1, 2]]),
      /1 column types for 2 columns/,
    );
    assert.throws(() => encodeBinaryRows("t", ["a"], ["int4"], [[1, 2]]), /Row 0 has 2 values for 1 columns/);
    const count = async () =>
      (
        await ctx.db.query<{ n: bigint }>(
          `SELECT count(*)::bigint AS n FROM copy_binary_probe WHERE via = 'refused'`,
        )
      ).rows[0]?.n;
    assert.equal(await count(), 0n, "nothing of a refused batch is written");
    // The good row alone goes in: each case above failed on its one bad value.
    assert.equal(
      await ctx.db.transaction((tx) => copyRows(tx, "copy_binary_probe", COLUMNS, [good], TYPES)),
      1,
    );
    assert.equal(await count(), 1n);
  });

  it("leaves the database's checks to the database: a domain's CHECK and numeric's precision", async () => {
    if (ctx.kind !== "pglite") return; // PostgreSQL has no COPY here: insertRows, whose errors its own tests cover
    const at = (column: number, value: unknown) => {
      const r: unknown[] = ["checked", column, null, null, null, null, null, null, null, null];
      r[column] = value;
      return r;
    };
    await assert.rejects(
      ctx.db.transaction((tx) => copyRows(tx, "copy_binary_probe", COLUMNS, [at(7, -1n)], TYPES)),
      { sqlState: "23514" },
    );
    await assert.rejects(
      ctx.db.transaction((tx) => copyRows(tx, "copy_binary_probe", COLUMNS, [at(6, 10n ** 78n)], TYPES)),
      { sqlState: "22003" },
    );
  });

  it("writes numeric as base-10,000 digits with trailing zero digits left to the weight", () => {
    const numericOf = (value: bigint) => {
      const data = Buffer.from(encodeBinaryRows("t", ["x"], ["numeric"], [[value]]));
      // 19-byte header, the field count, then the field: length, ndigits, weight, sign, dscale, digits.
      const at = 19 + 2;
      const count = data.readInt16BE(at + 4);
      return {
        length: data.readInt32BE(at),
        digits: Array.from({ length: count }, (_, i) => data.readInt16BE(at + 12 + 2 * i)),
        weight: data.readInt16BE(at + 6),
        sign: data.readUInt16BE(at + 8),
      };
    };
    assert.deepEqual(numericOf(12_345_678n), { length: 12, digits: [1234, 5678], weight: 1, sign: 0 });
    assert.deepEqual(numericOf(10_000n), { length: 10, digits: [1], weight: 1, sign: 0 });
    assert.deepEqual(numericOf(-123_450_000n), { length: 12, digits: [1, 2345], weight: 2, sign: 0x4000 });
    assert.deepEqual(numericOf(0n), { length: 8, digits: [], weight: 0, sign: 0 });
  });

  it("declares the journal's column types as the migrated schema has them", async () => {
    const { rows } = await ctx.db.query<{ column: string; type: string }>(
      `SELECT a.attname AS column,
              coalesce(nullif(b.typname, ''), t.typname) AS type
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type b ON b.oid = t.typbasetype AND t.typtype = 'd'
       WHERE a.attrelid = 'transfers'::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    const schema = new Map(rows.map((r) => [r.column, r.type]));
    assert.equal(TRANSFER_COLUMN_TYPES.length, TRANSFER_COLUMNS.length);
    TRANSFER_COLUMNS.forEach((column, i) => {
      assert.equal(schema.get(column), TRANSFER_COLUMN_TYPES[i], column);
    });
  });
});
