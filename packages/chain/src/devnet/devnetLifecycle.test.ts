import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { isProcessAlive } from "./isProcessAlive.ts";
import { waitForProcessesGone } from "./waitForProcessesGone.ts";

const CHILD = fileURLToPath(new URL("./fixtures/devnetChild.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

type Started = {
  child: ChildProcess;
  pid: number;
  watchdogPid: number;
  exit: Promise<NodeJS.Signals | number>;
};

/** Runs the fixture in its own Node process and waits for the devnet it started. */
async function startChild(stateDir: string, mode: "wait" | "exit" | "throw"): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, stateDir, mode], {
    cwd: PACKAGE_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exit = new Promise<NodeJS.Signals | number>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code ?? -1)),
  );
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not report a devnet:\n${stderr}`)), 20_000);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    void exit.then((e) => reject(new Error(`child exited (${e}) before reporting:\n${stderr}`)));
  });
  const { pid, watchdogPid } = JSON.parse(line) as { pid: number; watchdogPid: number };
  return { child, pid, watchdogPid, exit };
}

describe("a devnet never outlives the process that started it", () => {
  let root: string;
  const leftovers: number[] = [];
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "coinscious-devnet-life-"));
  });
  after(async () => {
    // Belt and braces: never leave an anvil behind, even when an assertion failed.
    for (const pid of leftovers.filter(isProcessAlive)) process.kill(pid, "SIGKILL");
    await rm(root, { recursive: true, force: true });
  });

  const cases = [
    { name: "SIGKILL (no handler runs: the watchdog stops anvil)", mode: "wait", signal: "SIGKILL" },
    { name: "SIGTERM", mode: "wait", signal: "SIGTERM" },
    { name: "SIGINT", mode: "wait", signal: "SIGINT" },
    { name: "a normal process.exit()", mode: "exit" },
    { name: "an uncaught exception", mode: "throw" },
  ] as const;

  for (const c of cases) {
    test(c.name, async () => {
      const stateDir = join(root, c.name.replace(/\W+/g, "-"));
      const started = await startChild(stateDir, c.mode);
      leftovers.push(started.pid, started.watchdogPid);
      if ("signal" in c) {
        // (the exit/throw children may already be tearing down by now)
        assert.ok(isProcessAlive(started.pid));
        started.child.kill(c.signal);
      }
      const how = await started.exit;
      if ("signal" in c) assert.equal(how, c.signal, "the signal still ends the process (re-raised)");
      const took = await waitForProcessesGone([started.pid, started.watchdogPid], 5_000);
      assert.ok(took < 5_000);
      // Every path stops anvil with SIGTERM first, so it dumps its state.
      assert.ok((await stat(join(stateDir, "state.json"))).size > 0);
    });
  }
});
