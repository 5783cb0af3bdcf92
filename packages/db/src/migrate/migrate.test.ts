import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createDatabase } from "../connection/createDatabase.ts";
import { MigrationsMismatchError } from "../errors.ts";
import { describeDatabases } from "../testing/describeDatabases.ts";
import type { Database, Queryable } from "../types.ts";
import { assertMigrationsCurrent } from "./assertMigrationsCurrent.ts";
import { loadMigrations, type Migration, migrationChecksum } from "./loadMigrations.ts";
import { migrate } from "./migrate.ts";

function migration(version: number, name: string, sql: string): Migration {
  return { version, name, sql, checksum: migrationChecksum(sql) };
}

async function appliedVersions(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ version: number }>(
    "SELECT version FROM schema_migrations ORDER BY version",
  );
  return rows.map((r) => r.version);
}

async function mismatch(promise: Promise<unknown>): Promise<MigrationsMismatchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof MigrationsMismatchError, `expected MIGRATIONS_MISMATCH, got ${String(error)}`);
  assert.equal(error.code, "MIGRATIONS_MISMATCH");
  return error;
}

describeDatabases(
  "migrate",
  (ctx) => {
    it("applies every migration once, recording version, name, sha256 checksum and time", async () => {
      const code = await loadMigrations();
      const before = await mismatch(assertMigrationsCurrent(ctx.db));
      assert.deepEqual(
        before.details.pending.map((m) => m.version),
        code.map((m) => m.version),
      );

      const { applied } = await migrate(ctx.db);
      assert.deepEqual(
        applied.map((m) => m.version),
        code.map((m) => m.version),
      );
      const { rows } = await ctx.db.query<{
        version: number;
        name: string;
        checksum: string;
        applied_at: Date;
      }>("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
      assert.deepEqual(
        rows.map((r) => [r.version, r.name, r.checksum]),
        code.map((m) => [m.version, m.name, m.checksum]),
      );
      assert.ok(rows.every((r) => r.applied_at instanceof Date && /^[0-9a-f]{64}$/.test(r.checksum)));
      await assertMigrationsCurrent(ctx.db);
    });

    it("is idempotent: a second run applies nothing", async () => {
      const { applied } = await migrate(ctx.db);
      assert.deepEqual(applied, []);
      await assertMigrationsCurrent(ctx.db);
    });

    it("detects an applied migration whose file changed", async () => {
      const code = await loadMigrations();
      const edited = code.map((m, i) =>
        i === 1 ? migration(m.version, m.name, `${m.sql}\n-- edited\n`) : m,
      );
      const error = await mismatch(assertMigrationsCurrent(ctx.db, { migrations: edited }));
      assert.deepEqual(
        error.details.changed.map((m) => m.version),
        [code[1]?.version],
      );
      assert.deepEqual(error.details.unknown, []);
      assert.deepEqual(error.details.pending, []);
      await mismatch(migrate(ctx.db, { migrations: edited }));
    });

    it("detects an applied version the code does not know, and pending ones", async () => {
      const code = await loadMigrations();
      const older = code.slice(0, -1);
      const error = await mismatch(assertMigrationsCurrent(ctx.db, { migrations: older }));
      assert.deepEqual(
        error.details.unknown.map((m) => m.version),
        [code.at(-1)?.version],
      );
      await mismatch(migrate(ctx.db, { migrations: older }));

      const newer = [...code, migration(9999, "future", "CREATE TABLE future_table (n int)")];
      const pending = await mismatch(assertMigrationsCurrent(ctx.db, { migrations: newer }));
      assert.deepEqual(pending.details.pending, [{ version: 9999, name: "future" }]);
    });

    it("rolls a failing migration back entirely and records nothing", async () => {
      const db = await ctx.createTestDatabase({ migrate: false });
      const first = migration(1, "one", "CREATE TABLE one (n int)");
      const broken = migration(2, "two", "CREATE TABLE two (n int); SELECT 1 / 0;");
      await assert.rejects(migrate(db, { migrations: [first, broken] }), {
        code: "DB_QUERY_FAILED",
        sqlState: "22012",
      });
      assert.deepEqual(await appliedVersions(db), [1]);
      const { rows } = await db.query<{ two: string | null }>("SELECT to_regclass('two')::text AS two");
      assert.equal(rows[0]?.two, null);

      // A pending migration sorting below an applied one would run out of order: refused.
      await migrate(db, { migrations: [first, migration(3, "three", "CREATE TABLE three (n int)")] });
      const error = await mismatch(
        migrate(db, {
          migrations: [
            first,
            migration(2, "two", "SELECT 1"),
            migration(3, "three", "CREATE TABLE three (n int)"),
          ],
        }),
      );
      assert.deepEqual(error.details.pending, [{ version: 2, name: "two" }]);
    });

    it("serializes concurrent migrators (advisory lock): each migration runs exactly once", async () => {
      const db = await ctx.createTestDatabase({ migrate: false });
      // On the server a second pool is a second session; PGlite has one session, which queues transactions.
      const other: Database = ctx.kind === "postgres" ? await createDatabase({ url: db.url }) : db;
      try {
        // The first migration holds its transaction open for a while, so without the lock both would run it
        // and the loser would fail on CREATE TABLE.
        const slow = ctx.kind === "postgres" ? "SELECT pg_sleep(0.3);" : "";
        const migrations = [
          migration(1, "slow", `CREATE TABLE raced (n int); ${slow} INSERT INTO raced VALUES (1);`),
          migration(2, "then", "INSERT INTO raced VALUES (2)"),
          ...(await loadMigrations()).map((m) => ({ ...m, version: m.version + 2 })),
        ];
        const [a, b] = await Promise.all([migrate(db, { migrations }), migrate(other, { migrations })]);
        const all = [...a.applied, ...b.applied].map((m) => m.version).sort((x, y) => x - y);
        assert.deepEqual(
          all,
          migrations.map((m) => m.version),
        );
        assert.deepEqual(await appliedVersions(db), all);
        const { rows } = await db.query<{ n: number }>("SELECT n FROM raced ORDER BY n");
        assert.deepEqual(
          rows.map((r) => r.n),
          [1, 2],
        );
      } finally {
        if (other !== db) await other.close();
      }
    });
  },
  { migrate: false },
);

describe("loadMigrations", () => {
  it("reads the package's migrations in version order", async () => {
    const code = await loadMigrations();
    assert.ok(code.length >= 4);
    assert.deepEqual(
      code.map((m) => m.version),
      code.map((_, i) => i + 1),
    );
    assert.ok(code.every((m) => /^[a-z0-9_]+$/.test(m.name)));
  });

  it("normalizes line endings in the checksum", () => {
    assert.equal(migrationChecksum("a\r\nb\r\n"), migrationChecksum("a\nb\n"));
  });

  it("refuses badly named files and duplicate versions (MIGRATIONS_INVALID)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coinscious-migrations-"));
    try {
      await writeFile(join(dir, "0001_ok.sql"), "SELECT 1");
      await writeFile(join(dir, "2_bad.sql"), "SELECT 1");
      await assert.rejects(loadMigrations(dir), { code: "MIGRATIONS_INVALID" });
      await rm(join(dir, "2_bad.sql"));
      await writeFile(join(dir, "0001_again.sql"), "SELECT 1");
      await assert.rejects(loadMigrations(dir), { code: "MIGRATIONS_INVALID" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
