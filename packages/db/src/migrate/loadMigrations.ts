import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { MigrationFileError } from "../errors.ts";

/** One forward-only migration: `migrations/NNNN_<what>.sql`. */
export type Migration = {
  version: number;
  name: string;
  sql: string;
  /** sha256 (hex) of the SQL with line endings normalized to LF, so a Windows checkout has the same checksum. */
  checksum: string;
};

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The folder shipped with the package. */
export const defaultMigrationsDir: string = fileURLToPath(new URL("../migrations/", import.meta.url));

/** sha256 of a migration's SQL, line endings normalized. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

/**
 * Reads the migrations of a folder (default: the package's `src/migrations`), sorted by version. Every `.sql`
 * file must be named `NNNN_<what>.sql` and versions must be unique (`MIGRATIONS_INVALID` otherwise).
 *
 * @example
 * const migrations = await loadMigrations();
 * migrations.map((m) => `${m.version} ${m.name}`); // ["1 foundation", "2 tokens_and_balances", …]
 */
export async function loadMigrations(dir: string = defaultMigrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  const seen = new Map<number, string>();
  for (const file of files) {
    const match = FILE_RE.exec(file);
    if (match === null) {
      throw new MigrationFileError(`Migration file "${file}" is not named NNNN_<what>.sql`, { file });
    }
    const version = Number(match[1]);
    const other = seen.get(version);
    if (other !== undefined) {
      throw new MigrationFileError(`Migrations "${other}" and "${file}" share version ${version}`, {
        version,
        files: [other, file],
      });
    }
    seen.set(version, file);
    const sql = await readFile(`${dir.replace(/\/?$/, "/")}${file}`, "utf8");
    migrations.push({ version, name: match[2] as string, sql, checksum: migrationChecksum(sql) });
  }
  return migrations;
}
