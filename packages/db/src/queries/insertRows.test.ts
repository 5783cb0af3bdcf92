import assert from "node:assert/strict";
import { before, it } from "node:test";
import fc from "fast-check";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeAddress, fakeHash } from "../testing/fakes.ts";
import { HexBytes } from "../values/hexBytes.ts";
import { insertRows, insertRowsStatements } from "./insertRows.ts";
import { TRANSFER_COLUMNS } from "./insertTransfers.ts";

const MAX_UINT256 = (1n << 256n) - 1n;
// A table of this test's own (in its isolated schema) with what insertRows must convert: a signed
// numeric(78,0), the uint256 and address domains, a nullable bigint, a primary key for onConflict.
const PROBE_TABLE = `CREATE TABLE insert_rows_probe (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  token address NOT NULL,
  wallet address NOT NULL,
  delta numeric(78, 0) NOT NULL,
  balance_after uint256 NOT NULL,
  investor_id bigint,
  PRIMARY KEY (chain_id, block_number, log_index)
)`;
const PROBE_COLUMNS = [
  "chain_id",
  "block_number",
  "log_index",
  "token",
  "wallet",
  "delta",
  "balance_after",
  "investor_id",
];
const EVENT_COLUMNS = [
  "chain_id",
  "block_number",
  "log_index",
  "block_hash",
  "tx_hash",
  "contract",
  "event_name",
  "args",
];

const address = fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }).map(fakeAddress);
// Text PostgreSQL can store: any Unicode except NUL.
const text = fc.string({ unit: "grapheme", maxLength: 20 }).filter((s) => !s.includes("\u0000"));

describeDatabases("insertRows", (ctx) => {
  let chainId = 1;
  before(() => ctx.db.exec(PROBE_TABLE));

  it("round-trips numeric(78,0) values up to 2^256-1 exactly (property)", async () => {
    const row = fc.record({
      delta: fc.bigInt({ min: -MAX_UINT256, max: MAX_UINT256 }),
      balance: fc.oneof(
        fc.constantFrom(0n, 1n, MAX_UINT256, MAX_UINT256 - 1n, 1n << 255n),
        fc.bigInt({ min: 0n, max: MAX_UINT256 }),
      ),
      wallet: address,
      investorId: fc.option(fc.bigInt({ min: 1n, max: (1n << 48n) - 1n }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 50 }),
        async (rows, per) => {
          const chain = chainId++;
          const values = rows.map((r, i) => [
            chain,
            7n,
            i,
            fakeAddress(1),
            r.wallet,
            r.delta,
            r.balance,
            r.investorId,
          ]);
          const inserted = await ctx.db.transaction((tx) =>
            insertRows(tx, "insert_rows_probe", PROBE_COLUMNS, values, { rowsPerStatement: per }),
          );
          assert.equal(inserted, rows.length);
          const { rows: back } = await ctx.db.query<{
            log_index: number;
            wallet: string;
            delta: string;
            balance_after: string;
            investor_id: bigint | null;
          }>(
            "SELECT log_index, wallet, delta, balance_after, investor_id FROM insert_rows_probe WHERE chain_id = $1 ORDER BY log_index",
            [chain],
          );
          assert.deepEqual(
            back.map((b) => [b.wallet, BigInt(b.delta), BigInt(b.balance_after), b.investor_id]),
            rows.map((r) => [r.wallet, r.delta, r.balance, r.investorId]),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("round-trips jsonb args (bigints as strings) and arbitrary text (property)", async () => {
    const args = fc.record({
      value: fc.bigInt({ min: 0n, max: MAX_UINT256 }),
      to: address,
      note: text,
      flags: fc.array(fc.boolean(), { maxLength: 3 }),
      nested: fc.option(fc.record({ id: fc.bigInt({ min: 1n, max: 1n << 48n }), label: text }), {
        nil: null,
      }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: text, args }), { minLength: 1, maxLength: 20 }),
        async (events) => {
          const chain = chainId++;
          const values = events.map((e, i) => [
            chain,
            1n,
            i,
            fakeHash(1),
            fakeHash(2),
            fakeAddress(3),
            e.name,
            e.args,
          ]);
          await insertRows(ctx.db, "events", EVENT_COLUMNS, values);
          const { rows } = await ctx.db.query<{ event_name: string; args: unknown }>(
            "SELECT event_name, args FROM events WHERE chain_id = $1 ORDER BY log_index",
            [chain],
          );
          const expected = events.map((e) => ({
            event_name: e.name,
            args: JSON.parse(
              JSON.stringify(e.args, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
            ),
          }));
          assert.deepEqual(rows, expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("applies onConflict and counts only inserted rows", async () => {
    const chain = chainId++;
    const row = [chain, 1n, 0, fakeAddress(1), fakeAddress(2), 5n, 5n, null];
    assert.equal(await insertRows(ctx.db, "insert_rows_probe", PROBE_COLUMNS, [row]), 1);
    const again = await insertRows(
      ctx.db,
      "insert_rows_probe",
      PROBE_COLUMNS,
      [row, [...row.slice(0, 2), 1, ...row.slice(3)]],
      {
        onConflict: "ON CONFLICT DO NOTHING",
      },
    );
    assert.equal(again, 1);
  });

  it("rejects rows of the wrong width, bad identifiers and values outside the column's domain", async () => {
    await assert.rejects(insertRows(ctx.db, "insert_rows_probe", ["chain_id", "token"], [[1]]), {
      code: "VALIDATION_FAILED",
    });
    await assert.rejects(insertRows(ctx.db, "balances; DROP TABLE blocks", ["x"], [[1]]), {
      code: "VALIDATION_FAILED",
    });
    const row = [chainId++, 1n, 0, fakeAddress(1), fakeAddress(2), 0n, MAX_UINT256 + 1n, null];
    await assert.rejects(insertRows(ctx.db, "insert_rows_probe", PROBE_COLUMNS, [row]), {
      sqlState: "23514",
    });
    const upper = [
      chainId++,
      1n,
      0,
      fakeAddress(1),
      "0xABCDEF0000000000000000000000000000000000",
      0n,
      0n,
      null,
    ];
    await assert.rejects(insertRows(ctx.db, "insert_rows_probe", PROBE_COLUMNS, [upper]), {
      sqlState: "23514",
    });
    assert.equal(await insertRows(ctx.db, "insert_rows_probe", PROBE_COLUMNS, []), 0);
  });

  it("checks every row before it sends a statement: nothing written when a later chunk is bad", async () => {
    const chain = chainId++;
    const row = (n: number) => [chain, 1n, n, fakeAddress(1), fakeAddress(2), 5n, 5n, null];
    const statements = insertRowsStatements("insert_rows_probe", PROBE_COLUMNS, [row(0), row(1), row(2)], {
      rowsPerStatement: 2,
    });
    assert.equal(statements.length, 2);
    assert.equal(JSON.parse(statements[1]?.params[0] ?? "[]").length, 1);
    // Outside a transaction, a chunk sent before the bad row was found would stay written.
    await assert.rejects(
      insertRows(ctx.db, "insert_rows_probe", PROBE_COLUMNS, [row(0), row(1), [chain]], {
        rowsPerStatement: 2,
      }),
      { code: "VALIDATION_FAILED", message: /Row 2 has 1 values/ },
    );
    const { rows } = await ctx.db.query("SELECT 1 FROM insert_rows_probe WHERE chain_id = $1", [chain]);
    assert.equal(rows.length, 0);
    assert.equal(
      await insertRows(ctx.db, "insert_rows_probe", PROBE_COLUMNS, [row(0), row(1), row(2)], {
        rowsPerStatement: 2,
      }),
      3,
    );
    assert.deepEqual(insertRowsStatements("insert_rows_probe", PROBE_COLUMNS, []), []);
  });

  it("inserts 100k journal rows in one transaction (timing reported)", async (t) => {
    // The indexer's hottest table: transfers rows with their balances after (primary key, two as-of indexes, a hash
    // and three addresses as bytes, three uint256 values, 40-digit amounts).
    const chain = chainId++;
    const rows = Array.from({ length: 100_000 }, (_, i) => [
      chain,
      BigInt(i >> 4),
      i & 15,
      new HexBytes(fakeHash(i)),
      new HexBytes(fakeAddress(1 + (i % 3))),
      "transfer",
      new HexBytes(fakeAddress(0xabc000 + i)),
      new HexBytes(fakeAddress(0xdef000 + i)),
      BigInt(1 + (i % 500)),
      BigInt(1 + ((i + 1) % 500)),
      BigInt(i) * 10n ** 40n,
      null,
      BigInt(i) * 10n ** 40n,
      BigInt(i) * 10n ** 40n,
      true,
      true,
    ]);
    const started = performance.now();
    const inserted = await ctx.db.transaction((tx) => insertRows(tx, "transfers", TRANSFER_COLUMNS, rows));
    const ms = performance.now() - started;
    t.diagnostic(`${ctx.kind}: 100,000 transfers rows in ${ms.toFixed(0)} ms`);
    assert.equal(inserted, 100_000);
    const { rows: count } = await ctx.db.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM transfers WHERE chain_id = $1",
      [chain],
    );
    assert.equal(count[0]?.n, 100_000n);
  });
});
