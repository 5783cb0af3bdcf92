// Devnet watchdog: `node watchdog.mjs <parentPid> <anvilPid> <graceMs>`.
//
// A parent killed with SIGKILL runs no handler, so its anvil would live on as an orphan holding a port and
// the state file. This process notices the parent's death — its stdin pipe (whose only writer is the parent)
// reaches EOF, or it gets re-parented — and then stops anvil: SIGTERM first so anvil dumps its state, SIGKILL
// after `graceMs`. It exits as soon as anvil is gone, whoever stopped it, so it never outlives both.
// Plain JavaScript on purpose: it must start fast and without tsx.
import { existsSync, readFileSync } from "node:fs";

const [parentPid, anvilPid, graceMs] = process.argv.slice(2).map(Number);
const hasProc = existsSync("/proc/self/stat");

// Ctrl-C and a terminal hang-up reach the whole process group; the parent decides what happens to anvil.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => {});

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === "EPERM";
  }
  if (!hasProc) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

let stopping = false;
async function stopAnvil() {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(anvilPid, "SIGTERM");
  } catch {}
  const deadline = Date.now() + graceMs;
  while (alive(anvilPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive(anvilPid)) {
    try {
      process.kill(anvilPid, "SIGKILL");
    } catch {}
  }
  process.exit(0);
}

process.stdin.on("end", stopAnvil);
process.stdin.on("close", stopAnvil);
process.stdin.on("error", stopAnvil);
process.stdin.resume();

setInterval(() => {
  if (stopping) return;
  if (!alive(anvilPid)) process.exit(0);
  if (process.ppid !== parentPid || !alive(parentPid)) stopAnvil();
}, 200);
