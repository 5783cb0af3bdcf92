import { link, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseLockedError } from "../errors.ts";

export const LOCK_FILE = "coinscious.lock";

/** Whether a process with this pid exists (EPERM: it does, and belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims a PGlite data directory for this process: PGlite is an in-process database, and two processes writing
 * the same files corrupt them. Creates `coinscious.lock` (O_EXCL) holding the pid; a lock left by a process that
 * is gone (killed, crashed) is taken over. Returns the release function.
 *
 * @throws {DatabaseLockedError} `DB_LOCKED` when a live process holds the directory.
 *
 * @example
 * const unlock = await lockDataDir(".coinscious/db");
 * // … open PGlite, use it, close it
 * await unlock();
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Written whole, then linked into place: link() fails with EEXIST like open("wx"), and no other process can
      // ever read a half-written (empty) lock file and take it for a stale one.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, `${process.pid}\n`);
      try {
        await link(tmp, path);
      } finally {
        await rm(tmp, { force: true });
      }
      return async () => {
        const holder = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
        if (holder === process.pid) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new DatabaseLockedError(dataDir, holder);
    }
    if (holder === process.pid) throw new DatabaseLockedError(dataDir, holder);
    // Stale (its process is gone) or half-written: remove it and try again.
    await rm(path, { force: true });
  }
  throw new DatabaseLockedError(dataDir, Number.NaN);
}
