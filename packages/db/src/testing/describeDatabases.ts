import { after, before, describe } from "node:test";
import type { DatabaseKind } from "../types.ts";
import { createTestDatabase, type TestDatabase } from "./createTestDatabase.ts";

/** What a suite body gets: its engine, its database (ready from `before` on), and more databases on demand. */
export type DatabaseSuiteContext = {
  readonly kind: DatabaseKind;
  /** Where PGlite runs: this thread, or a worker thread (`pgliteWorker`). "main" on PostgreSQL. */
  readonly thread: "main" | "worker";
  /** The suite's isolated database; available inside tests and hooks (created in `before`, dropped in `after`). */
  readonly db: TestDatabase;
  /** Another isolated database of the same engine, dropped with the suite. */
  createTestDatabase(options?: { migrate?: boolean }): Promise<TestDatabase>;
};

export type DescribeDatabasesOptions = {
  /** The server to test against as well; default `process.env.TEST_DATABASE_URL`. */
  url?: string | undefined;
  /** Migrate the suite's database (default true). */
  migrate?: boolean;
  /**
   * Also declare the suite against PGlite on a worker thread (`[pglite worker]`, on disk): for suites of what the
   * worker changes — connection semantics, bulk writes, the indexer's store. Default false.
   */
  pgliteWorker?: boolean;
};

/**
 * Declares the suite `fn` twice: against a fresh PGlite, and against a fresh schema on PostgreSQL when a server
 * URL is set (`TEST_DATABASE_URL`) — otherwise the PostgreSQL copy shows as skipped. Every db test file uses it,
 * so CI runs each database suite both ways by setting one variable.
 *
 * @example
 * describeDatabases("capTableAt", (ctx) => {
 *   it("is empty before any issuance", async () => {
 *     const table = await capTableAt(ctx.db, { chainId: 31337, token, blockNumber: 0n });
 *     assert.equal(table.totalHolders, 0);
 *   });
 * });
 */
export function describeDatabases(
  name: string,
  fn: (ctx: DatabaseSuiteContext) => void,
  options: DescribeDatabasesOptions = {},
): void {
  const url = "url" in options ? options.url : process.env.TEST_DATABASE_URL;
  const serverUrl = url === "" ? undefined : url;
  const variants: { kind: DatabaseKind; label: string; thread: "main" | "worker" }[] = [
    { kind: "pglite", label: "pglite", thread: "main" },
    ...(options.pgliteWorker === true
      ? [{ kind: "pglite" as const, label: "pglite worker", thread: "worker" as const }]
      : []),
    { kind: "postgres", label: "postgres", thread: "main" },
  ];
  for (const { kind, label, thread } of variants) {
    const skip = kind === "postgres" && serverUrl === undefined ? "TEST_DATABASE_URL is not set" : false;
    describe(`${name} [${label}]`, { skip }, () => {
      let current: TestDatabase | undefined;
      const extras: TestDatabase[] = [];
      const engineUrl = kind === "postgres" ? serverUrl : undefined;
      const ctx: DatabaseSuiteContext = {
        kind,
        thread,
        get db(): TestDatabase {
          if (current === undefined) throw new Error("ctx.db is only available inside tests and hooks");
          return current;
        },
        async createTestDatabase(extra = {}) {
          const db = await createTestDatabase({
            url: engineUrl,
            migrate: extra.migrate ?? true,
            pgliteThread: thread,
          });
          extras.push(db);
          return db;
        },
      };
      before(async () => {
        current = await createTestDatabase({
          url: engineUrl,
          migrate: options.migrate ?? true,
          pgliteThread: thread,
        });
      });
      after(async () => {
        await Promise.all([current?.drop(), ...extras.map((db) => db.drop())]);
      });
      fn(ctx);
    });
  }
}
