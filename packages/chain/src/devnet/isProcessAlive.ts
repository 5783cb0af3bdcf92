import { readFileSync } from "node:fs";

/**
 * True while process `pid` runs. A zombie (exited, not yet reaped — what an orphan becomes under an init that
 * does not reap, as in some containers) counts as gone: it holds no port, no file, no memory.
 *
 * @example
 * await devnet.stop();
 * isProcessAlive(devnet.pid) // false
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat is "pid (comm) STATE …"; comm may contain spaces and parentheses, so split at the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    // No procfs (not Linux): signal 0 is all we know. On Linux: it exited between the two calls.
    return process.platform !== "linux";
  }
}
