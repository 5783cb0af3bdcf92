import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DEVNET_LOG_FILE, DEVNET_STATE_FILE } from "./devnetFiles.ts";
import { DevnetStateInUseError } from "./errors.ts";
import { findStateOwner } from "./findStateOwner.ts";

/**
 * `--reset`: deletes the devnet's saved chain (its state file and log) so the next `startDevnet` begins at
 * block 0. Only the files the devnet owns are removed — `stateDir` may be shared (e.g. `.coinscious/`,
 * which also holds the embedded database). Refuses while an anvil still uses the state.
 * Returns whether a saved state existed.
 *
 * @throws {DevnetStateInUseError} `DEVNET_STATE_IN_USE`
 *
 * @example
 * if (flags.reset) await resetDevnetState(".coinscious/devnet");
 * const devnet = await startDevnet({ stateDir: ".coinscious/devnet" });
 */
export async function resetDevnetState(stateDir: string): Promise<boolean> {
  const stateFile = resolve(stateDir, DEVNET_STATE_FILE);
  const owner = findStateOwner(stateFile);
  if (owner !== undefined) throw new DevnetStateInUseError(stateFile, owner);
  let existed = true;
  await rm(stateFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
    existed = false;
  });
  await rm(join(stateDir, DEVNET_LOG_FILE), { force: true });
  return existed;
}
