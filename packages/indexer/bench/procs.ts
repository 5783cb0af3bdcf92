import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- cleanup on exit, failure and Ctrl-C

const cleanups = new Set<() => Promise<void>>();

/** Registers something to stop at the end (or on Ctrl-C / failure); returns the unregister function. */
export function onCleanup(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered cleanup, last registered first; never throws. */
export async function runCleanups(): Promise<void> {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      await fn();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${(error as Error).message}\n`);
    }
  }
}

let installed = false;
/** SIGINT / SIGTERM / SIGHUP: stop everything we started, then exit 130 / 143 / 129. */
export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the processes the benchmark started…\n`);
      void runCleanups().finally(() => process.exit(code));
    });
  }
}

// ---------------------------------------------------------------- child processes in their own group

export type GroupProcess = {
  pid: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning: () => boolean;
  /** SIGTERM to the group, SIGKILL to the group after `timeoutMs`; resolves when the leader has exited. */
  stop: (timeoutMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Spawns a command as the leader of a new process group (`detached`), so the whole tree (launchers, workers)
 * is stopped by one signal to `-pid`, and registers its stop as a cleanup.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  child.on("error", () => {});
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone
    }
  };
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  const stop = (timeoutMs = 15_000) => {
    stopping ??= (async () => {
      if (running) killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      // Anything left in the group (a worker that ignored SIGTERM) goes too.
      killGroup("SIGKILL");
      unregister();
      return result;
    })();
    return stopping;
  };
  const unregister = onCleanup(async () => {
    await stop(5_000);
  });
  return { pid, child, exited, isRunning: () => running, stop };
}

// ---------------------------------------------------------------- memory

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text) for (const c of text.split(/\s+/)) out.push(Number(c));
    } catch {
      // the task exited
    }
  }
  return out;
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    out.push(p);
    queue.push(...childrenOf(p));
  }
  return out;
}

/**
 * Samples the summed VmRSS of a process tree every `intervalMs` and keeps the peak; also keeps the largest
 * single-process VmHWM seen (the kernel's own high-water mark, which catches spikes between samples).
 */
export function sampleRss(pid: number, intervalMs = 100) {
  let peakKb = 0;
  let hwmKb = 0;
  const sample = () => {
    let sum = 0;
    for (const p of processTree(pid)) {
      sum += statusKb(p, "VmRSS");
      hwmKb = Math.max(hwmKb, statusKb(p, "VmHWM"));
    }
    peakKb = Math.max(peakKb, sum);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      return { peakMb: peakKb / 1024, maxHwmMb: hwmKb / 1024 };
    },
  };
}

// ---------------------------------------------------------------- cpu

/** `utime + stime` (ms) from a `/proc/.../stat` line. */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime, in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time (user + system, ms) of a whole process, threads that ended included; 0 once it is gone. */
export function processCpu(pid: number): number {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return 0;
  }
}

/** CPU time (user + system, ms) of every thread of a process, by thread id; threads that ended are missing. */
export function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      out.set(Number(tid), statCpuMs(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8")));
    } catch {}
  }
  return out;
}

/** CPU time (user + system, ms) used so far by each side of a run: the indexer's process tree, anvil, this process. */
export type CpuSnapshot = { indexer: number; anvil: number; harness: number };

/**
 * Reads each side's CPU so far: the indexer (`indexerPid` and its descendants), anvil, and this process — the
 * harness, which mines, reveals through the head gate (whose proxying is this process's work) and watches.
 */
export function cpuOfSides(indexerPid: number, anvilPid: number): () => CpuSnapshot {
  return () => {
    const { user, system } = process.cpuUsage();
    return {
      indexer: processTree(indexerPid).reduce((sum, p) => sum + processCpu(p), 0),
      anvil: processCpu(anvilPid),
      harness: (user + system) / 1000,
    };
  };
}

// ---------------------------------------------------------------- ports

/** A port the OS considers free on 127.0.0.1 right now (listen on 0, read, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}
