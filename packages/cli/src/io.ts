/** Where a command writes, and the process environment it reads: injected so tests run commands in-process. */
export type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Machine-readable output (`--json`): errors are also printed as one JSON object on stdout. */
  json?: boolean;
  /** Resolves when the user asks to stop (Ctrl-C); long-running commands wait on it. */
  untilStopped?: () => Promise<void>;
};

export function defaultIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    untilStopped: () =>
      new Promise((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      }),
  };
}
