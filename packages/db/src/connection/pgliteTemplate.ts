import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { isAlive, LOCK_FILE } from "./lockDataDir.ts";

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

/**
 * A cleanly shut-down data directory to copy a fresh on-disk database from: `initdb` output, or that plus every
 * migration of the code (`key` names what it holds). Copying a directory natively takes tens of milliseconds where
 * unpacking the tarball through PGlite's file system took ~0.7 s and applying the migrations ~1 s, and each of
 * PGlite's file creations is a synchronous Node call. Built once per key by `build(tempDir)` and renamed into place
 * (a concurrent builder's rename wins; ours is dropped); templates of other keys with the same `prefix` are
 * removed. Best effort: undefined when it cannot be built (a read-only install keeps the slow path).
 */
export async function ensurePgliteTemplateDir(
  key: string,
  prefix: string,
  build: (dir: string) => Promise<void>,
  dir: string = defaultTemplateDir,
): Promise<string | undefined> {
  const target = join(dir, key);
  await pruneAbandonedBuilds(dir);
  if (existsSync(join(target, "PG_VERSION"))) return target;
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await build(tmp);
    // A data directory opened through createPgliteDatabase holds its lock file, and the initdb tarball of a database
    // first created on disk holds that database's: a template is no process's database.
    await rm(join(tmp, LOCK_FILE), { force: true });
    try {
      await rename(tmp, target);
    } catch (error) {
      // Another process renamed its template first: the same key holds the same content.
      if (!existsSync(join(target, "PG_VERSION"))) throw error;
    }
    for (const name of await readdir(dir))
      if (name.startsWith(prefix) && name !== key && !name.endsWith(".tmp") && !name.endsWith(".tar.gz"))
        await rm(join(dir, name), { recursive: true, force: true });
    return target;
  } catch {
    return undefined;
  } finally {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * Removes what builders killed mid-way left (`<key>.<pid>.<time>.tmp` of a process that is gone); a build in progress
 * (its process alive) is left alone.
 */
async function pruneAbandonedBuilds(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.(\d+)\.\d+\.tmp$/.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !isAlive(pid)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Copies a template directory into a new data directory (empty but for its lock file, or holding what a copy killed
 * half-way left). `PG_VERSION` — what marks a directory as a database — is written last, after every other file has
 * been (over)written: a process killed mid-copy leaves a directory without it, which the next start treats as new
 * and copies again, never a half-copied database that looks whole.
 */
export async function copyPgliteTemplateDir(template: string, dataDir: string): Promise<void> {
  const marker = join(template, "PG_VERSION");
  // A template never carries a lock file (see ensurePgliteTemplateDir); should one be there, it must not replace
  // the lock this process holds on `dataDir`.
  const lock = join(template, LOCK_FILE);
  await cp(template, dataDir, {
    recursive: true,
    force: true,
    filter: (source) => source !== marker && source !== lock,
  });
  await cp(marker, join(dataDir, "PG_VERSION"), { force: true });
}

/** The installed PGlite version (template keys include it: a data directory belongs to one version). */
export const pgliteVersion: string = PGLITE_VERSION;
