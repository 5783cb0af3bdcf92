import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase } from "../connection/createDatabase.ts";
import { DatabaseConfigError } from "../errors.ts";
import { migrate } from "../migrate/migrate.ts";
import type { Database } from "../types.ts";

export type CreateTestDatabaseParameters = {
  /**
   * A PostgreSQL server to test against; default `process.env.TEST_DATABASE_URL` (test code may read the
   * environment; libraries do not). Undefined: an in-memory PGlite.
   */
  url?: string | undefined;
  /** Apply the package's migrations (default true). */
  migrate?: boolean;
  /**
   * PGlite only: "worker" runs it on a worker thread (`createDatabase`'s `pgliteThread`, what the indexer process
   * uses), on disk in a temporary directory removed by `drop`. Default "main" (in memory).
   */
  pgliteThread?: "main" | "worker";
};

/** An isolated database for one test file: drop it when done. */
export type TestDatabase = Database & {
  /** Closes the connection and, on a server, drops the schema with everything in it. */
  drop(): Promise<void>;
  /** Server only: a URL that connects to the same schema (to open a second pool, e.g. for concurrency tests). */
  readonly url: string | undefined;
  /** Server only: the schema this database lives in. */
  readonly schema: string | undefined;
};

/** The URL with `search_path` set to `schema` for every connection the pool opens. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  const existing = parsed.searchParams.get("options");
  const option = `-c search_path=${schema}`;
  parsed.searchParams.set("options", existing === null ? option : `${existing} ${option}`);
  return parsed.toString();
}

/**
 * A fresh, isolated, migrated database: a new in-memory PGlite, or — when a server URL is given (by default
 * `TEST_DATABASE_URL`) — a new schema `coinscious_test_<pid>_<random>` on that server, reached through a pool
 * whose connections all have `search_path` set to it. `drop()` closes it and removes the schema, so test runs
 * leave nothing behind.
 *
 * @example
 * const db = await createTestDatabase();
 * try {
 *   await db.query("INSERT INTO blocks …");
 * } finally {
 *   await db.drop();
 * }
 */
export async function createTestDatabase(
  parameters: CreateTestDatabaseParameters = {},
): Promise<TestDatabase> {
  const url = "url" in parameters ? parameters.url : process.env.TEST_DATABASE_URL;
  const shouldMigrate = parameters.migrate ?? true;
  if ((url === undefined || url === "") && parameters.pgliteThread === "worker") {
    const dataDir = await mkdtemp(join(tmpdir(), "coinscious-test-pglite-"));
    try {
      const db = await createDatabase({
        dataDir,
        pgliteTemplate: shouldMigrate ? "migrated" : "initdb",
        pgliteThread: "worker",
      });
      if (shouldMigrate) await migrate(db);
      return {
        ...db,
        url: undefined,
        schema: undefined,
        async drop() {
          await db.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  if (url === undefined || url === "") {
    const db = await createDatabase();
    if (shouldMigrate) await migrate(db);
    return { ...db, url: undefined, schema: undefined, drop: () => db.close() };
  }
  const schema = `coinscious_test_${process.pid}_${randomBytes(6).toString("hex")}`;
  const admin = await createDatabase({ url, maxConnections: 1 });
  let db: Database | undefined;
  try {
    if (new URL(url).searchParams.has("options")) {
      throw new DatabaseConfigError(
        "TEST_DATABASE_URL must not set `options`: the test helper sets search_path",
      );
    }
    await admin.exec(`CREATE SCHEMA "${schema}"`);
    const schemaUrl = withSearchPath(url, schema);
    db = await createDatabase({ url: schemaUrl, maxConnections: 4 });
    if (shouldMigrate) await migrate(db);
    const opened = db;
    let dropped = false;
    return {
      ...opened,
      url: schemaUrl,
      schema,
      async drop() {
        if (dropped) return;
        dropped = true;
        try {
          await opened.close();
          await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await admin.close();
        }
      },
    };
  } catch (error) {
    await db?.close().catch(() => {});
    await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await admin.close().catch(() => {});
    throw error;
  }
}
