/** Starts {@link ./indexerProcess.ts} as a child process and follows its NDJSON progress lines. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type IndexerProgram, tsxProgram } from "./buildIndexerProcess.ts";
import type { IndexerProcessConfig, ProcessLine } from "./indexerProcessConfig.ts";

const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** A line as received, with the parent's clock (ms, `performance.now()`). */
export type ReceivedLine = ProcessLine & { at: number };

export type IndexerProcess = {
  pid: number;
  /** Every line so far, in order. */
  readonly lines: readonly ReceivedLine[];
  /** Resolves with the first line (counting those already received) that matches; rejects on exit or timeout. */
  waitFor(predicate: (line: ReceivedLine) => boolean, timeoutMs: number, what: string): Promise<ReceivedLine>;
  /** Resolves once the process has exited and its output has been read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
  /** SIGKILL (by PID) and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  /** `waitForGo` processes: waits until the code is loaded, then lets it open the database and run. */
  go(timeoutMs?: number): Promise<void>;
  /** The last few kB of stderr, for failure messages. */
  stderr(): string;
};

const running = new Set<IndexerProcess>();

/**
 * Spawns the indexer child — `program` from `buildIndexerProcess` (a bundle), else `node --import tsx` — as node
 * itself, no shell (the PID is the indexer's), with an IPC channel it watches to exit with its parent, and stdout
 * parsed into lines. Call {@link killIndexerProcesses} in `after` so that none survives a failed test.
 *
 * @example
 * const child = spawnIndexerProcess({ rpcUrl, manifest: manifestOf(d), dataDir, finalityDepth: 12, batchBlocks: 10 }, program);
 * await child.waitFor((l) => l.type === "batch", 30_000, "a batch");
 * await child.kill();
 */
export function spawnIndexerProcess(
  config: IndexerProcessConfig,
  program: IndexerProgram = tsxProgram,
): IndexerProcess {
  const child: ChildProcess = spawn(process.execPath, [...program.nodeArgs, JSON.stringify(config)], {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    // Not a test process: without NODE_TEST_CONTEXT (set by `node --test`) it is a plain program.
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, NODE_OPTIONS: undefined },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the indexer process did not start");
  const lines: ReceivedLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let alive = true;
  let buffered = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    buffered += chunk;
    for (let i = buffered.indexOf("\n"); i >= 0; i = buffered.indexOf("\n")) {
      const text = buffered.slice(0, i).trim();
      buffered = buffered.slice(i + 1);
      if (text === "") continue;
      try {
        lines.push({ ...(JSON.parse(text) as ProcessLine), at: performance.now() });
      } catch {
        stderr += `stdout: ${text}\n`;
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });
  // The channel is only for the child to notice our death; it must not keep this process alive.
  child.on("error", () => {});
  child.channel?.unref();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // "close", not "exit": by then stdout is drained, so `lines` holds everything the process printed.
    child.once("close", (code, signal) => {
      alive = false;
      running.delete(handle);
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });

  const signal = (name: NodeJS.Signals) => {
    try {
      if (alive) process.kill(pid, name);
    } catch {
      // Exited between the check and the signal.
    }
  };

  const handle: IndexerProcess = {
    pid,
    lines,
    exited,
    get alive() {
      return alive;
    },
    waitFor(predicate, timeoutMs, what) {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen++) {
            const line = lines[seen] as ReceivedLine;
            if (predicate(line)) return done(() => resolve(line));
          }
          if (!alive)
            done(() => reject(new Error(`indexer ${pid} exited before ${what}:\n${stderr.slice(-2_000)}`)));
        };
        const timer = setTimeout(
          () =>
            done(() =>
              reject(
                new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${stderr.slice(-2_000)}`),
              ),
            ),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      signal("SIGKILL");
      await exited;
    },
    async stop(graceMs = 10_000) {
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
    async go(timeoutMs = 120_000) {
      await handle.waitFor((l) => l.type === "loaded", timeoutMs, "the code to load");
      child.send("go");
    },
    stderr: () => stderr,
  };
  running.add(handle);
  return handle;
}

/** SIGKILLs every indexer child still running (for `after` hooks). */
export async function killIndexerProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}
