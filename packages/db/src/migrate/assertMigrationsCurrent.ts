import { MigrationsMismatchError } from "../errors.ts";
import type { Queryable } from "../types.ts";
import { compareMigrations, describeMismatch, readAppliedMigrations } from "./compareMigrations.ts";
import { loadMigrations, type Migration } from "./loadMigrations.ts";

export type AssertMigrationsCurrentParameters = {
  /** The code's migrations; default: the package's `src/migrations` folder. */
  migrations?: readonly Migration[];
};

/**
 * Throws `MIGRATIONS_MISMATCH` unless the applied migrations are exactly the code's: same versions, same
 * checksums, none pending, none unknown. `details` lists `changed`, `unknown` and `pending` versions. Processes
 * call it at start (and `/readyz` uses it), so an API never serves from a schema it was not written for.
 *
 * @example
 * try {
 *   await assertMigrationsCurrent(db);
 * } catch (error) {
 *   if (error instanceof MigrationsMismatchError) logger.fatal(error.details, "run `coinscious migrate`");
 *   throw error;
 * }
 */
export async function assertMigrationsCurrent(
  db: Queryable,
  parameters: AssertMigrationsCurrentParameters = {},
): Promise<void> {
  const migrations = parameters.migrations ?? (await loadMigrations());
  const diff = compareMigrations(await readAppliedMigrations(db), migrations);
  if (diff.changed.length + diff.unknown.length + diff.pending.length > 0) {
    throw new MigrationsMismatchError(
      `Database migrations are not those of this code (${describeMismatch(diff, true)})`,
      diff,
    );
  }
}
