import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DatabaseLockedError, DatabaseQueryError, TransactionClosedError } from "../errors.ts";
import { assertMigrationsCurrent } from "../migrate/assertMigrationsCurrent.ts";
import { loadMigrations } from "../migrate/loadMigrations.ts";
import { migrate } from "../migrate/migrate.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import { fakeHash } from "../testing/fakes.ts";
import type { Transaction } from "../types.ts";
import { toDbJson } from "../values/toDbJson.ts";
import { createDatabase } from "./createDatabase.ts";
import { defaultTemplateDir, ensurePgliteTemplateDir } from "./pgliteTemplate.ts";

const MAX_UINT256 = (1n << 256n) - 1n;

describeDatabases(
  "createDatabase",
  (ctx) => {
    it("returns numeric as a decimal string and int8 as bigint on both engines", async () => {
      const { rows } = await ctx.db.query<Record<string, unknown>>(
        "SELECT $1::numeric(78,0) AS big, 5::int8 AS small8, $2::int8 AS large8, 7::int4 AS i4, 0::numeric AS zero",
        [MAX_UINT256, 9_007_199_254_740_993n],
      );
      assert.deepEqual(rows[0], {
        big: MAX_UINT256.toString(),
        small8: 5n,
        large8: 9_007_199_254_740_993n,
        i4: 7,
        zero: "0",
      });
    });

    it("reports the kind, and rowCount the same way on both engines", async () => {
      assert.equal(ctx.db.kind, ctx.kind);
      assert.equal((await ctx.db.query("SELECT * FROM generate_series(1, 3)")).rowCount, 3);
      await ctx.db.exec("CREATE TABLE row_count_probe (n int)");
      assert.equal(
        (await ctx.db.query("INSERT INTO row_count_probe SELECT generate_series(1, 4)")).rowCount,
        4,
      );
      assert.equal((await ctx.db.query("UPDATE row_count_probe SET n = n + 1 WHERE n > 2")).rowCount, 2);
      assert.equal((await ctx.db.query("DELETE FROM row_count_probe WHERE n > 100")).rowCount, 0);
    });

    it("takes jsonb parameters as toDbJson strings, identically on both engines", async () => {
      const { rows } = await ctx.db.query<{ a: unknown; b: unknown }>(
        "SELECT $1::jsonb AS a, $2::jsonb AS b",
        [toDbJson({ value: MAX_UINT256, to: "0xABCDEF" }), toDbJson([1n, "x"])],
      );
      assert.deepEqual(rows[0], { a: { value: MAX_UINT256.toString(), to: "0xabcdef" }, b: ["1", "x"] });
    });

    it("commits a transaction and rolls it back when the callback throws", async () => {
      await ctx.db.exec("CREATE TABLE tx_probe (n integer PRIMARY KEY)");
      await ctx.db.transaction(async (tx) => {
        await tx.query("INSERT INTO tx_probe VALUES (1)");
      });
      await assert.rejects(
        ctx.db.transaction(async (tx) => {
          await tx.query("INSERT INTO tx_probe VALUES (2)");
          throw new Error("boom");
        }),
        /boom/,
      );
      const { rows } = await ctx.db.query<{ n: number }>("SELECT n FROM tx_probe ORDER BY n");
      assert.deepEqual(
        rows.map((r) => r.n),
        [1],
      );
    });

    it("maps a failing statement to DB_QUERY_FAILED with the SQLSTATE and rolls back", async () => {
      const error = await ctx.db
        .transaction(async (tx) => {
          await tx.query("INSERT INTO tx_probe VALUES (3)");
          await tx.query("INSERT INTO tx_probe VALUES (1)");
        })
        .catch((e: unknown) => e);
      assert.ok(error instanceof DatabaseQueryError);
      assert.equal(error.code, "DB_QUERY_FAILED");
      assert.equal(error.sqlState, "23505");
      assert.equal(error.retryable, false);
      const { rows } = await ctx.db.query<{ n: bigint }>("SELECT count(*) AS n FROM tx_probe WHERE n = 3");
      assert.equal(rows[0]?.n, 0n);
    });

    it("refuses a transaction handle used after its transaction", async () => {
      let leaked: Transaction | undefined;
      await ctx.db.transaction(async (tx) => {
        leaked = tx;
      });
      await assert.rejects(() => (leaked as Transaction).query("SELECT 1"), TransactionClosedError);
    });

    it("rejects addresses and hashes that are not canonical (domain checks)", async () => {
      const insert = (hash: string) =>
        ctx.db.query(
          "INSERT INTO blocks (chain_id, block_number, block_hash, parent_hash, block_timestamp) VALUES (1, 1, $1, $1, 0)",
          [hash],
        );
      await assert.rejects(insert(fakeHash(0xabcdef).toUpperCase().replace("0X", "0x")), {
        sqlState: "23514",
      });
      await assert.rejects(insert("0x1234"), { sqlState: "23514" });
      await insert(fakeHash(0xabcdef));
    });

    it("holds session state (an advisory lock) in a session until it is released", async () => {
      const session = await ctx.db.openSession();
      const key = 424242;
      const { rows } = await session.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [key]);
      assert.equal(rows[0]?.ok, true);
      const inTx = await session.transaction(async (tx) => {
        await tx.query("INSERT INTO tx_probe VALUES (77)");
        return (await tx.query<{ n: number }>("SELECT n FROM tx_probe WHERE n = 77")).rows.length;
      });
      assert.equal(inTx, 1);
      if (ctx.kind === "postgres") {
        // Another connection of the pool cannot take it while the session lives…
        const other = await ctx.db.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [key]);
        assert.equal(other.rows[0]?.ok, false);
      }
      await session.query("SELECT pg_advisory_unlock($1)", [key]);
      await session.release();
      await assert.rejects(() => session.query("SELECT 1"), TransactionClosedError);
      if (ctx.kind === "postgres") {
        // …and can once it is released.
        const again = await ctx.db.query<{ ok: boolean }>(
          "SELECT pg_try_advisory_lock($1) AS ok, pg_advisory_unlock($1)",
          [key],
        );
        assert.equal(again.rows[0]?.ok, true);
      }
    });

    it("reports a session whose connection the server ends as lost", async (t) => {
      if (ctx.kind !== "postgres") {
        t.skip("server only: a PGlite session has no connection to lose");
        return;
      }
      const session = await ctx.db.openSession();
      const { rows } = await session.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await ctx.db.query("SELECT pg_terminate_backend($1)", [rows[0]?.pid]);
      const lost = await Promise.race([
        session.lost,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 5_000).unref()),
      ]);
      assert.ok(lost instanceof Error, "the session reports its end");
      await session.release();
    });

    it("runs every pooled connection without JIT, and keeps the URL's own startup options", async (t) => {
      if (ctx.kind !== "postgres") {
        t.skip("server only: PGlite has no JIT");
        return;
      }
      // Several connections at once: each must have started with the option, not only the first.
      const sessions = await Promise.all([ctx.db.openSession(), ctx.db.openSession(), ctx.db.openSession()]);
      try {
        for (const session of sessions) {
          const { rows } = await session.query<{ jit: string; schema: string }>(
            "SELECT current_setting('jit') AS jit, current_schema() AS schema",
          );
          assert.equal(rows[0]?.jit, "off");
          // The test helper's URL carries `options=-c search_path=<its schema>`.
          assert.notEqual(rows[0]?.schema, "public");
        }
      } finally {
        await Promise.all(sessions.map((session) => session.release()));
      }
    });

    it("reports a database that does not exist as DB_CONFIG_INVALID", async (t) => {
      if (ctx.kind !== "postgres") {
        t.skip("server only");
        return;
      }
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = "/coinscious_no_such_database";
      await assert.rejects(createDatabase({ url: url.toString() }), { code: "DB_CONFIG_INVALID" });
    });
  },
  { pgliteWorker: true },
);

describe("createDatabase configuration", () => {
  it("rejects a malformed URL, an unsupported scheme and url + dataDir with DB_CONFIG_INVALID", async () => {
    await assert.rejects(createDatabase({ url: "not a url" }), { code: "DB_CONFIG_INVALID" });
    await assert.rejects(createDatabase({ url: "mysql://root@localhost/x" }), { code: "DB_CONFIG_INVALID" });
    await assert.rejects(createDatabase({ url: "postgres://h/db", dataDir: "/tmp/x" }), {
      code: "DB_CONFIG_INVALID",
    });
  });

  it("reports an unreachable server as DB_UNAVAILABLE (retryable)", async () => {
    // A port that was free a moment ago: nobody listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
      });
    });
    await assert.rejects(createDatabase({ url: `postgres://postgres@127.0.0.1:${port}/test` }), {
      code: "DB_UNAVAILABLE",
      retryable: true,
    });
  });

  it("refuses a PGlite directory another live process holds, takes over one a dead process left", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coinscious-db-"));
    try {
      const dataDir = join(dir, "db");
      const first = await createDatabase({ dataDir });
      // The same process opening it twice is refused too: two PGlite instances on one directory corrupt it.
      await assert.rejects(createDatabase({ dataDir }), { code: "DB_LOCKED" });
      await first.close();
      // A lock file left by a process that no longer exists (SIGKILL) does not block.
      const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
      await writeFile(join(dataDir, "coinscious.lock"), `${child.stdout.toString()}\n`);
      const second = await createDatabase({ dataDir });
      await second.close();
      // A live one does (the parent of this test process stands in for another server).
      await writeFile(join(dataDir, "coinscious.lock"), `${process.ppid}\n`);
      await assert.rejects(createDatabase({ dataDir }), DatabaseLockedError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("persists PGlite data under dataDir", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coinscious-db-"));
    try {
      const first = await createDatabase({ dataDir: join(dir, "db") });
      await first.exec("CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
      await first.close();
      const second = await createDatabase({ dataDir: join(dir, "db") });
      const { rows } = await second.query<{ n: number }>("SELECT n FROM kept");
      await second.close();
      assert.deepEqual(rows, [{ n: 42 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("starts a new PGlite directory from the migrated template: current, its own, the template untouched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coinscious-db-"));
    try {
      const before = new Date();
      const a = await createDatabase({ dataDir: join(dir, "a"), pgliteTemplate: "migrated" });
      // Nothing left to apply, and the checksums are the code's.
      assert.deepEqual((await migrate(a)).applied, []);
      await assertMigrationsCurrent(a);
      const { rows } = await a.query<{ n: bigint; oldest: Date }>(
        "SELECT count(*) AS n, min(applied_at) AS oldest FROM schema_migrations",
      );
      assert.equal(rows[0]?.n, BigInt((await loadMigrations()).length));
      // Recorded as applied when this database was created, not when the template was.
      const oldest = rows[0]?.oldest;
      assert.ok(oldest instanceof Date && oldest.getTime() >= before.getTime() - 1_000);
      await a.exec("CREATE TABLE only_in_a (n int)");
      await a.close();
      // Templates are no process's database: none holds a lock file (a copied one would replace ours).
      for (const entry of await readdir(defaultTemplateDir, { withFileTypes: true }))
        if (entry.isDirectory() && !entry.name.endsWith(".tmp"))
          assert.ok(!existsSync(join(defaultTemplateDir, entry.name, "coinscious.lock")), entry.name);
      // A second database from the same template does not see the first one's changes; the lock file is its own.
      const b = await createDatabase({ dataDir: join(dir, "b"), pgliteTemplate: "migrated" });
      const { rows: tables } = await b.query("SELECT 1 FROM pg_tables WHERE tablename = 'only_in_a'");
      assert.equal(tables.length, 0);
      assert.equal((await readFile(join(dir, "b", "coinscious.lock"), "utf8")).trim(), String(process.pid));
      await b.close();
      // The default (initdb) template holds no migrations.
      const c = await createDatabase({ dataDir: join(dir, "c") });
      assert.equal(
        (await c.query("SELECT 1 FROM pg_tables WHERE tablename = 'schema_migrations'")).rows.length,
        0,
      );
      await c.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prunes template builds a killed process left, never one in progress", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coinscious-templates-"));
    try {
      // pid 2^22 + 1 is above Linux's pid_max: no such process.
      const abandoned = join(dir, `pglite-initdb-test.${2 ** 22 + 1}.1700000000000.tmp`);
      const inProgress = join(dir, `pglite-initdb-test.${process.pid}.1700000000000.tmp`);
      for (const d of [abandoned, inProgress]) await mkdir(join(d, "base"), { recursive: true });
      const built = await ensurePgliteTemplateDir(
        "pglite-initdb-test",
        "pglite-initdb-",
        async (tmp) => {
          await mkdir(tmp, { recursive: true });
          await writeFile(join(tmp, "PG_VERSION"), "18\n");
        },
        dir,
      );
      assert.equal(built, join(dir, "pglite-initdb-test"));
      assert.deepEqual((await readdir(dir)).sort(), [
        "pglite-initdb-test",
        `pglite-initdb-test.${process.pid}.1700000000000.tmp`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("copies again over what a copy killed half-way left (no PG_VERSION yet): the database opens whole", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coinscious-db-"));
    try {
      const dataDir = join(dir, "db");
      // What a SIGKILL in the middle of the template copy leaves: some files, one of them cut short, no PG_VERSION.
      await mkdir(join(dataDir, "global"), { recursive: true });
      await writeFile(join(dataDir, "global", "pg_control"), "half a file");
      const db = await createDatabase({ dataDir, pgliteTemplate: "migrated" });
      await assertMigrationsCurrent(db);
      assert.deepEqual((await db.query<{ n: number }>("SELECT 1 AS n")).rows, [{ n: 1 }]);
      await db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
