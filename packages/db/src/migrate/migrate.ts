import { MigrationsMismatchError } from "../errors.ts";
import type { Database, DatabaseLogger, Transaction } from "../types.ts";
import { compareMigrations, describeMismatch, readAppliedMigrations } from "./compareMigrations.ts";
import { loadMigrations, type Migration } from "./loadMigrations.ts";

export type MigrateParameters = {
  /** The migrations to apply; default: the package's `src/migrations` folder. */
  migrations?: readonly Migration[];
  logger?: DatabaseLogger;
};

export type MigrateReturnType = {
  /** Versions applied by this call (empty when the database was current). */
  applied: { version: number; name: string }[];
};

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

// Keyed by schema: migrators of one schema serialize; test schemas on one server do not block each other.
const LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('coinscious.migrate:' || current_schema(), 0))";

/**
 * Applies pending migrations in version order, each in its own transaction together with its
 * `schema_migrations` row (version, name, sha256 checksum, applied_at). Each transaction first takes a
 * transaction-scoped advisory lock, so concurrent migrators (several processes starting at once) serialize and
 * every migration runs exactly once. Refuses (`MIGRATIONS_MISMATCH`) when an applied migration's checksum differs
 * from its file, when the database has a version the code does not know, or when a pending migration sorts below
 * an applied one — migrations are forward-only and never edited.
 *
 * @example
 * const db = await createDatabase({ dataDir: ".coinscious/db" });
 * const { applied } = await migrate(db, { logger });
 * await assertMigrationsCurrent(db);
 */
export async function migrate(db: Database, parameters: MigrateParameters = {}): Promise<MigrateReturnType> {
  const migrations = [...(parameters.migrations ?? (await loadMigrations()))].sort(
    (a, b) => a.version - b.version,
  );
  const applied: MigrateReturnType["applied"] = [];
  for (;;) {
    const next = await db.transaction((tx) => applyNext(tx, migrations));
    if (next === undefined) break;
    applied.push({ version: next.version, name: next.name });
    parameters.logger?.info({ version: next.version, name: next.name }, "database: migration applied");
  }
  return { applied };
}

async function applyNext(tx: Transaction, migrations: readonly Migration[]): Promise<Migration | undefined> {
  await tx.query(LOCK);
  await tx.exec(CREATE_TABLE);
  // Read under the lock: another migrator may have applied migrations while we waited.
  const current = await readAppliedMigrations(tx);
  const diff = compareMigrations(current, migrations);
  const highest = current.reduce((max, m) => Math.max(max, m.version), 0);
  const outOfOrder = diff.pending.filter((m) => m.version < highest);
  if (diff.changed.length > 0 || diff.unknown.length > 0 || outOfOrder.length > 0) {
    const reason = describeMismatch({ ...diff, pending: outOfOrder }, true);
    throw new MigrationsMismatchError(`Applied migrations differ from the code (${reason})`, diff);
  }
  const first = diff.pending[0];
  if (first === undefined) return undefined;
  const migration = migrations.find((m) => m.version === first.version) as Migration;
  await tx.exec(migration.sql);
  await tx.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
    migration.version,
    migration.name,
    migration.checksum,
  ]);
  return migration;
}
