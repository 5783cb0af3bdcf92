import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { anvilBinary } from "@coinscious/contracts/anvil";
import { DEVNET_LOG_FILE, DEVNET_STATE_FILE } from "./devnetFiles.ts";
import { DevnetStartError, DevnetStateInUseError } from "./errors.ts";
import { findStateOwner } from "./findStateOwner.ts";
import { verifyDevnetIdentity } from "./verifyDevnetIdentity.ts";
import { waitForAnvilListening } from "./waitForAnvilListening.ts";

/** The subset of a pino logger the devnet uses. */
export type DevnetLogger = {
  info: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
};

export type StartDevnetParameters = {
  /** Where the chain state (and anvil's log) lives; created if missing. A restart on it resumes the chain. */
  stateDir: string;
  /** Loopback only by default; nothing else should reach a node whose keys are public. */
  host?: string;
  /** 0 (default): the OS picks a free port, so a node somebody else runs on 8545 is never mistaken for ours. */
  port?: number;
  /** Default 31337. */
  chainId?: number;
  /** Seconds between blocks (interval mining); default: a block per transaction (automine). */
  blockTime?: number;
  /** Seconds between state dumps, so a hard crash of anvil itself loses little. Default 5. */
  stateIntervalSeconds?: number;
  /** Stop on SIGINT / SIGTERM / SIGHUP of this process (then re-raise the signal if nobody else listens). Default true. */
  handleSignals?: boolean;
  /** Milliseconds to wait for anvil to listen. Default 10 000. */
  startTimeoutMs?: number;
  /** Milliseconds between SIGTERM (anvil dumps its state) and SIGKILL when stopping. Default 5 000. */
  stopTimeoutMs?: number;
  /** The anvil executable; default: the one in `@foundry-rs/anvil-linux-amd64`. */
  anvilPath?: string;
  /** Extra anvil flags (e.g. `["--code-size-limit", "50000"]`). */
  args?: string[];
  logger?: DevnetLogger;
};

export type Devnet = {
  rpcUrl: string;
  port: number;
  /** anvil's own pid (the binary is started directly, not through a launcher). */
  pid: number;
  chainId: number;
  stateFile: string;
  logFile: string;
  /** The watchdog that stops anvil if this process dies without running any handler (SIGKILL). */
  watchdogPid: number;
  /** Settles when anvil exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (anvil dumps its state), SIGKILL after `stopTimeoutMs`; resolves once anvil and its watchdog are gone. */
  stop: () => Promise<void>;
};

const WATCHDOG = fileURLToPath(new URL("./watchdog.mjs", import.meta.url));
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Starts a local anvil devnet whose chain survives restarts (`--state` under `stateDir`), on a free
 * loopback port, and proves the node answering is the one started. It never outlives this process: `stop()`,
 * a normal exit, SIGINT/SIGTERM/SIGHUP, and even SIGKILL (through a small watchdog process) all stop it.
 *
 * @throws {DevnetStateInUseError} `DEVNET_STATE_IN_USE` — another anvil runs on this state.
 * @throws {DevnetStateCorruptError} `DEVNET_STATE_CORRUPT` — the saved state cannot be loaded (reset it).
 * @throws {DevnetStartError} `DEVNET_START_FAILED` — anvil exited or did not listen in time.
 * @throws {DevnetIdentityError} `DEVNET_IDENTITY_MISMATCH`
 *
 * @example
 * const devnet = await startDevnet({ stateDir: ".coinscious/devnet", logger });
 * const { publicClient } = createChainClients({ network: "devnet", rpcUrl: devnet.rpcUrl });
 * // …
 * await devnet.stop();
 */
export async function startDevnet(params: StartDevnetParameters): Promise<Devnet> {
  const {
    host = "127.0.0.1",
    port = 0,
    chainId = 31337,
    stateIntervalSeconds = 5,
    handleSignals = true,
    startTimeoutMs = 10_000,
    stopTimeoutMs = 5_000,
    logger,
  } = params;
  const stateDir = resolve(params.stateDir);
  const stateFile = resolve(stateDir, DEVNET_STATE_FILE);
  const logFile = resolve(stateDir, DEVNET_LOG_FILE);
  mkdirSync(stateDir, { recursive: true });
  const owner = findStateOwner(stateFile);
  if (owner !== undefined) throw new DevnetStateInUseError(stateFile, owner);

  const args = [
    "--host",
    host,
    "--port",
    String(port),
    "--chain-id",
    String(chainId),
    "--state",
    stateFile,
    "--state-interval",
    String(stateIntervalSeconds),
    "--color",
    "never",
    ...(params.blockTime === undefined ? [] : ["--block-time", String(params.blockTime)]),
    ...(params.args ?? []),
  ];
  // anvil writes to a file, not a pipe: a pipe would break (and anvil could die on EPIPE before dumping its
  // state) when this process is gone, and a file keeps the log for diagnosis.
  const logFd = openSync(logFile, "w");
  let child: ChildProcess;
  try {
    child = spawn(params.anvilPath ?? anvilBinary(), args, { stdio: ["ignore", logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once("exit", (code, signal) => resolveExit({ code, signal }));
  });
  // A permanent listener: an unhandled "error" event (failed spawn, failed kill) would crash this process.
  const spawnError = new Promise<Error>((resolveError) => child.on("error", resolveError));
  const pid = child.pid;
  if (pid === undefined) {
    const error = await spawnError;
    throw new DevnetStartError(`anvil could not be started: ${error.message}`, { anvil: params.anvilPath });
  }

  // From here on, no way this process ends (even SIGKILL) leaves anvil running.
  const watchdog = spawn(
    process.execPath,
    [WATCHDOG, String(process.pid), String(pid), String(stopTimeoutMs)],
    {
      stdio: ["pipe", "ignore", "ignore"],
    },
  );
  watchdog.on("error", () => {});
  if (watchdog.pid === undefined) {
    child.kill("SIGKILL");
    throw new DevnetStartError("the devnet watchdog could not be started", { node: process.execPath });
  }
  const watchdogPid = watchdog.pid;
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const watchdogExited = new Promise<void>((resolveExit) => watchdog.once("exit", () => resolveExit()));

  let stopping: Promise<void> | undefined;
  const onExit = () => {
    // Synchronous context: SIGTERM lets anvil dump its state; the watchdog escalates if it hangs.
    child.kill("SIGTERM");
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => {
      // Re-raise so the default action (exit by that signal) still happens unless the application listens.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const removeHandlers = () => {
    process.off("exit", onExit);
    if (handleSignals) for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      removeHandlers();
      child.ref();
      watchdog.ref();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
      if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill("SIGKILL");
      await watchdogExited;
      logger?.info({ pid, stateFile }, "devnet stopped");
    })();
    return stopping;
  };
  process.on("exit", onExit);
  if (handleSignals) for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  void exited.then(({ code, signal }) => {
    if (stopping === undefined) logger?.warn({ pid, code, signal, logFile }, "devnet exited unexpectedly");
  });

  let boundPort: number;
  try {
    boundPort = await waitForAnvilListening({ logFile, host, exited, timeoutMs: startTimeoutMs, stateFile });
    await verifyDevnetIdentity({ rpcUrl: `http://${host}:${boundPort}`, chainId });
  } catch (error) {
    await stop();
    throw error;
  }
  const rpcUrl = `http://${host}:${boundPort}`;
  logger?.info({ rpcUrl, pid, chainId, stateFile }, "devnet started");
  return {
    rpcUrl,
    port: boundPort,
    pid,
    chainId,
    stateFile,
    logFile,
    watchdogPid,
    exited,
    stop,
  };
}
