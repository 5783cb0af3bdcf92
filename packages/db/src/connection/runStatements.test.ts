import assert from "node:assert/strict";
import { it } from "node:test";
import { describeDatabases } from "../testing/describeDatabases.ts";
import type { Statement } from "../types.ts";

/** Blocks this thread for `ms` (no timer, no message runs meanwhile). */
function blockThread(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describeDatabases(
  "runStatements",
  (ctx) => {
    it("runs the statements in order in one transaction and answers each one's result", async () => {
      const db = await ctx.createTestDatabase();
      await db.exec("CREATE TABLE steps (n integer PRIMARY KEY, seen bigint NOT NULL)");
      // Each step records how many steps ran before it: the order the database ran them in.
      const step = (n: number): Statement => ({
        sql: "INSERT INTO steps SELECT $1, count(*) FROM steps RETURNING seen",
        params: [n],
      });
      const copy: Statement[] =
        db.copyFrom === undefined ? [step(3)] : [{ copy: "steps (n, seen)", data: Buffer.from("3\t2\n") }];
      const results = await db.runStatements([step(1), step(2), ...copy, step(4)]);
      assert.deepEqual(
        results.map((r) => r.rowCount),
        [1, 1, 1, 1],
      );
      assert.deepEqual(results[0]?.rows, [{ seen: 0n }]);
      assert.deepEqual(results[3]?.rows, [{ seen: 3n }]);
      assert.deepEqual((await db.query("SELECT n, seen FROM steps ORDER BY n")).rows, [
        { n: 1, seen: 0n },
        { n: 2, seen: 1n },
        { n: 3, seen: 2n },
        { n: 4, seen: 3n },
      ]);
      assert.deepEqual(await db.runStatements([]), []);
    });

    it("rolls back at the first failure and rejects with that statement's error; nothing after it runs", async () => {
      const db = await ctx.createTestDatabase();
      await db.exec("CREATE TABLE steps (n integer PRIMARY KEY)");
      const insert = (n: number): Statement => ({ sql: "INSERT INTO steps VALUES ($1)", params: [n] });
      await assert.rejects(
        db.runStatements([
          insert(1),
          { sql: "INSERT INTO steps VALUES ($1) /* the duplicate */", params: [1] },
          // Would fail with another SQLSTATE (22012) if it ran.
          { sql: "SELECT 1 / 0" },
        ]),
        (error: Error & { sqlState?: string; details?: { sql?: string } }) => {
          assert.equal(error.sqlState, "23505");
          assert.match(error.details?.sql ?? "", /the duplicate/);
          return true;
        },
      );
      assert.equal((await db.query("SELECT n FROM steps")).rowCount, 0);
      // The connection is usable after the failure.
      await db.runStatements([insert(2)]);
      assert.deepEqual((await db.query("SELECT n FROM steps")).rows, [{ n: 2 }]);
    });

    it("runs on a session as on the database", async () => {
      const db = await ctx.createTestDatabase();
      await db.exec("CREATE TABLE steps (n integer PRIMARY KEY)");
      const session = await db.openSession();
      try {
        await session.runStatements([{ sql: "INSERT INTO steps VALUES (1), (2)" }]);
      } finally {
        await session.release();
      }
      assert.equal((await db.query("SELECT n FROM steps")).rowCount, 2);
    });

    if (ctx.kind === "pglite") {
      it("runs a COPY statement", async () => {
        const db = await ctx.createTestDatabase();
        await db.exec("CREATE TABLE steps (n integer PRIMARY KEY)");
        await db.runStatements([{ copy: "steps (n)", data: Buffer.from("1\n2\n") }]);
        assert.equal((await db.query("SELECT n FROM steps")).rowCount, 2);
      });
    } else {
      it("refuses a COPY statement with a message, and rolls back the statements before it", async () => {
        const db = await ctx.createTestDatabase();
        await db.exec("CREATE TABLE steps (n integer PRIMARY KEY)");
        await assert.rejects(
          db.runStatements([
            { sql: "INSERT INTO steps VALUES (1)" },
            { copy: "steps (n)", data: Buffer.from("2\n") },
          ]),
          { code: "VALIDATION_FAILED", message: /COPY statement needs PGlite/ },
        );
        assert.equal((await db.query("SELECT n FROM steps")).rowCount, 0);
      });
    }

    if (ctx.thread === "worker") {
      it("commits without this thread: a transaction sent before it blocks is done when it unblocks", async () => {
        const db = await ctx.createTestDatabase();
        await db.exec("CREATE TABLE steps (n integer PRIMARY KEY)");
        const written = db.runStatements([
          { sql: "INSERT INTO steps VALUES (1)" },
          { sql: "SELECT pg_sleep(0.2)" },
          { sql: "INSERT INTO steps VALUES (2)" },
        ]);
        blockThread(600);
        const unblocked = performance.now();
        await written;
        // Sent statement by statement, the rest of this transaction (its 200 ms sleep included) would only start now.
        const waited = performance.now() - unblocked;
        assert.ok(waited < 150, `the transaction ended ${waited.toFixed(0)} ms after this thread unblocked`);
        assert.equal((await db.query("SELECT n FROM steps")).rowCount, 2);
      });
    }
  },
  { pgliteWorker: true },
);
