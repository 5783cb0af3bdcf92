import type { MigrationsMismatchDetails } from "../errors.ts";
import type { Queryable } from "../types.ts";
import type { Migration } from "./loadMigrations.ts";

/** A row of `schema_migrations`. */
export type AppliedMigration = { version: number; name: string; checksum: string; appliedAt: Date };

/** Reads `schema_migrations`, or [] when the table does not exist yet. */
export async function readAppliedMigrations(db: Queryable): Promise<AppliedMigration[]> {
  const { rows: exists } = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (exists[0]?.present !== true) return [];
  const { rows } = await db.query<{ version: number; name: string; checksum: string; applied_at: Date }>(
    "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
  );
  return rows.map((r) => ({
    version: r.version,
    name: r.name,
    checksum: r.checksum,
    appliedAt: r.applied_at,
  }));
}

/**
 * What differs between applied and shipped migrations. A migration is pending when it is not applied; a pending
 * one below the highest applied version is reported as pending too (it would be applied out of order, which
 * `migrate` refuses).
 */
export function compareMigrations(
  applied: readonly AppliedMigration[],
  code: readonly Migration[],
): MigrationsMismatchDetails {
  const byVersion = new Map(code.map((m) => [m.version, m]));
  const appliedVersions = new Set(applied.map((m) => m.version));
  const details: MigrationsMismatchDetails = { changed: [], unknown: [], pending: [] };
  for (const a of applied) {
    const m = byVersion.get(a.version);
    if (m === undefined) details.unknown.push({ version: a.version, name: a.name });
    else if (m.checksum !== a.checksum) {
      details.changed.push({
        version: a.version,
        name: m.name,
        appliedChecksum: a.checksum,
        codeChecksum: m.checksum,
      });
    }
  }
  for (const m of code) {
    if (!appliedVersions.has(m.version)) details.pending.push({ version: m.version, name: m.name });
  }
  return details;
}

/** One line for people: which versions differ. */
export function describeMismatch(d: MigrationsMismatchDetails, includePending: boolean): string {
  const parts: string[] = [];
  if (d.changed.length > 0)
    parts.push(`changed since applied: ${d.changed.map((m) => m.version).join(", ")}`);
  if (d.unknown.length > 0)
    parts.push(`applied but unknown to this code: ${d.unknown.map((m) => m.version).join(", ")}`);
  if (includePending && d.pending.length > 0)
    parts.push(`not applied: ${d.pending.map((m) => m.version).join(", ")}`);
  return parts.join("; ");
}
