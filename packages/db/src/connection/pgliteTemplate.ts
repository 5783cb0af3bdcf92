import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";

// The package does not export its package.json: find it next to the resolved entry point (dist/…).
const PGLITE_VERSION: string = (
  JSON.parse(
    readFileSync(
      join(dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite")), "..", "package.json"),
      "utf8",
    ),
  ) as { version: string }
).version;

/** Where templates are kept: the package's own (git-ignored) cache folder. */
export const defaultTemplateDir: string = fileURLToPath(new URL("../../.cache/", import.meta.url));

const templatePath = (dir: string) => join(dir, `pglite-${PGLITE_VERSION}-initdb.tar.gz`);

/**
 * The data directory of a freshly initialized PGlite (after `initdb`, before anything else), as a gzipped
 * tarball, or undefined when none was saved yet. `initdb` inside wasm takes seconds (≈5 s here, 15 s on a loaded
 * machine); starting a new database from the template takes about one. The template depends only on the PGlite
 * version, which names the file.
 */
export async function loadPgliteTemplate(dir: string = defaultTemplateDir): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(templatePath(dir))]);
  } catch {
    return undefined;
  }
}

/**
 * Saves a just-initialized PGlite's data directory as the template (atomically: concurrent test processes may
 * race to write it; each rename is whole). Best effort: a read-only install just keeps paying for `initdb`.
 */
export async function savePgliteTemplate(pglite: PGlite, dir: string = defaultTemplateDir): Promise<void> {
  try {
    const dump = await pglite.dumpDataDir("gzip");
    await mkdir(dir, { recursive: true });
    const tmp = `${templatePath(dir)}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, templatePath(dir));
  } catch {
    // Not fatal: the next fresh database runs initdb again.
  }
}
