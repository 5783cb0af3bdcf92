import assert from "node:assert/strict";
import { it } from "node:test";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { runInOrder } from "./runInOrder.ts";

describeDatabases(
  "runInOrder",
  (ctx) => {
    it("runs the statements in the order given, in the transaction", async () => {
      const db = await ctx.createTestDatabase();
      await db.exec("CREATE TABLE steps (n integer PRIMARY KEY, seen bigint NOT NULL)");
      const outcomes = await db.transaction((tx) =>
        runInOrder(
          tx,
          // Each step records how many steps ran before it: the order the database ran them in.
          [1, 2, 3, 4, 5].map(
            (n) => () => tx.query("INSERT INTO steps SELECT $1, count(*) FROM steps RETURNING seen", [n]),
          ),
        ),
      );
      assert.deepEqual(
        outcomes.map((o) => (o.status === "fulfilled" ? (o.value as { rows: unknown[] }).rows : o.reason)),
        [[{ seen: 0n }], [{ seen: 1n }], [{ seen: 2n }], [{ seen: 3n }], [{ seen: 4n }]],
      );
      assert.equal((await db.query("SELECT n FROM steps")).rowCount, 5);
    });

    it("stops counting at the first failure, which the caller's throw rolls back with the rest", async () => {
      const db = await ctx.createTestDatabase();
      await db.exec("CREATE TABLE steps (n integer PRIMARY KEY)");
      let outcomes: PromiseSettledResult<unknown>[] = [];
      let called = 0;
      await assert.rejects(
        db.transaction(async (tx) => {
          outcomes = await runInOrder(
            tx,
            [1, 1, 2].map((n) => () => {
              called++;
              return tx.query("INSERT INTO steps VALUES ($1)", [n]);
            }),
          );
          for (const o of outcomes) if (o.status === "rejected") throw o.reason;
        }),
        { code: "DB_QUERY_FAILED", sqlState: "23505" },
      );
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ["fulfilled", "rejected"],
      );
      // PGlite was sent all three at once; PostgreSQL gets one at a time, and nothing after the failure.
      assert.equal(called, db.kind === "postgres" ? 2 : 3);
      assert.equal((await db.query("SELECT n FROM steps")).rowCount, 0);
    });
  },
  { pgliteWorker: true },
);
