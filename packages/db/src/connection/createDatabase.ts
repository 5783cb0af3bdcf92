import { DatabaseConfigError, type DatabaseUnavailableError } from "../errors.ts";
import type { Database, DatabaseLogger } from "../types.ts";
import { createPgliteDatabase, type PgliteTemplate } from "./createPgliteDatabase.ts";
import { createPostgresDatabase } from "./createPostgresDatabase.ts";

export type CreateDatabaseParameters = {
  /** A `postgres://` or `postgresql://` URL (the CLI passes `DATABASE_URL`). Selects PostgreSQL. */
  url?: string | undefined;
  /** PGlite's data directory (the CLI passes `.coinscious/db`). Without `url` and `dataDir`: in-memory PGlite. */
  dataDir?: string | undefined;
  /**
   * PGlite with a new `dataDir` only: what it starts from — `"initdb"` (default) or `"migrated"`, a copy of a cached
   * database with the code's migrations applied, for callers that `migrate` right after opening (saves ~1 s).
   */
  pgliteTemplate?: PgliteTemplate | undefined;
  /** PGlite with a `dataDir` only: run PostgreSQL in a worker thread (see `createPgliteDatabase`). Default "main". */
  pgliteThread?: "main" | "worker" | undefined;
  logger?: DatabaseLogger | undefined;
  /** PostgreSQL only: pool size (default 10). */
  maxConnections?: number | undefined;
  /** PostgreSQL only: how long to wait for a connection before `DB_UNAVAILABLE` (default 10 s). */
  connectTimeoutMs?: number | undefined;
};

export type CreateDatabaseErrorType = DatabaseConfigError | DatabaseUnavailableError;

/**
 * Opens the projection database: PostgreSQL when `url` is given (a `pg.Pool`), otherwise PGlite — persisted
 * under `dataDir`, or in memory. The same SQL runs on both. Throws `DB_CONFIG_INVALID` for a malformed URL or
 * for both `url` and `dataDir` (which one would win is a guess we refuse to make), `DB_UNAVAILABLE`
 * (retryable) when the server does not answer.
 *
 * @example
 * const db = await createDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : ".coinscious/db", logger });
 * await migrate(db);
 * const { rows } = await db.query<{ n: bigint }>("SELECT count(*) AS n FROM transfers");
 */
export async function createDatabase(parameters: CreateDatabaseParameters = {}): Promise<Database> {
  const { url, dataDir, logger } = parameters;
  if (url !== undefined && dataDir !== undefined) {
    throw new DatabaseConfigError(
      "Give either a database URL (PostgreSQL) or a data directory (PGlite), not both",
    );
  }
  if (url === undefined)
    return createPgliteDatabase({
      dataDir,
      template: parameters.pgliteTemplate,
      thread: parameters.pgliteThread,
    });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    // The URL may hold a password: never echo it.
    throw new DatabaseConfigError("The database URL is not a valid URL", {}, cause);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new DatabaseConfigError(`Unsupported database URL scheme "${parsed.protocol}" (want postgres://)`, {
      protocol: parsed.protocol,
    });
  }
  if (parsed.hostname === "" && !parsed.searchParams.has("host")) {
    throw new DatabaseConfigError("The database URL has no host", {});
  }
  return createPostgresDatabase({
    url,
    logger,
    maxConnections: parameters.maxConnections,
    connectTimeoutMs: parameters.connectTimeoutMs,
  });
}
