import { readdirSync, readFileSync } from "node:fs";

/**
 * The pid of a running anvil whose command line uses `stateFile` (`--state <stateFile>`), if any. Scans
 * /proc rather than trusting a lock file, so a crash can never leave a stale lock behind (with pid reuse, a
 * lock file naming "pid 1" would block a container forever). Linux only; elsewhere it finds nothing.
 */
export function findStateOwner(stateFile: string): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // exited meanwhile, or not ours to read
    }
    const i = args.indexOf("--state");
    if (i >= 0 && args[i + 1] === stateFile && /(^|\/)anvil$/.test(args[0] ?? "")) return Number(entry);
  }
  return undefined;
}
