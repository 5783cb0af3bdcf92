import { join } from "node:path";
import {
  assertMigrationsCurrent,
  createDatabase,
  type Database,
  type DatabaseLogger,
  migrate,
} from "@coinscious/db";

export type OpenDatabaseParameters = {
  /** PostgreSQL (`DATABASE_URL` / `--database-url`); else PGlite under `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's directory. Default `<home>/db`. */
  dataDir?: string | undefined;
  home: string;
  /**
   * Apply pending migrations before checking. The embedded PGlite always does (one process owns it); on
   * PostgreSQL a deployment migrates deliberately (`--migrate`), and processes refuse a schema that differs.
   */
  migrate?: boolean;
  logger?: DatabaseLogger | undefined;
};

/**
 * The projection database of a command: PostgreSQL when a URL is given, else the embedded PGlite under
 * `<home>/db`; migrated (PGlite, or `migrate: true`) and then checked to match the code's migrations exactly
 * (`MIGRATIONS_MISMATCH` otherwise, with what differs).
 *
 * @example
 * const db = await openDatabase({ databaseUrl: config.databaseUrl, home: config.home, logger });
 */
export async function openDatabase(params: OpenDatabaseParameters): Promise<Database> {
  const url = params.databaseUrl;
  const db =
    url === undefined
      ? await createDatabase({
          dataDir: params.dataDir ?? join(params.home, "db"),
          // A new embedded database is migrated at once: start it from the cached migrated copy.
          pgliteTemplate: "migrated",
          // PostgreSQL's wasm on its own thread, as a server would be in its own process: the indexer fetches and
          // decodes the next batch while one is written.
          pgliteThread: "worker",
          logger: params.logger,
        })
      : await createDatabase({ url, logger: params.logger });
  try {
    if (url === undefined || params.migrate === true) await migrate(db, { logger: params.logger });
    await assertMigrationsCurrent(db);
    return db;
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
