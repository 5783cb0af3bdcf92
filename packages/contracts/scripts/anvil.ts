import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** Absolute path of the anvil binary shipped inside `@foundry-rs/anvil-linux-amd64`. */
export function anvilBinary(): string {
  const pkg = require.resolve("@foundry-rs/anvil-linux-amd64/package.json");
  return join(dirname(pkg), "bin", "anvil");
}

export type TestAnvil = {
  rpcUrl: string;
  port: number;
  pid: number;
  stop: () => Promise<void>;
};

/**
 * Starts anvil on a free loopback port (`--port 0`, the port it bound is read from its banner), so a node
 * that somebody else runs on 8545 is never mistaken for ours. The returned `stop` kills it by PID.
 */
export async function startAnvil(options: { args?: string[]; timeoutMs?: number } = {}): Promise<TestAnvil> {
  const child: ChildProcess = spawn(
    anvilBinary(),
    ["--host", "127.0.0.1", "--port", "0", ...(options.args ?? [])],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("anvil did not start");
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`anvil did not print its port within ${options.timeoutMs ?? 10_000} ms:\n${out}`));
    }, options.timeoutMs ?? 10_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code} before listening:\n${out}`));
    });
  });
  let stopped = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    rpcUrl: `http://127.0.0.1:${port}`,
    port,
    pid,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(t);
    },
  };
}
