/**
 * A throwaway PostgreSQL cluster for tests that must restart the server: the machine's shared server is never
 * restarted. Uses the Debian binaries (`initdb`, `pg_ctl`); as root they run as the `postgres` user (initdb
 * refuses root) through `runuser`.
 */
import { execFile as execFileCallback, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const execFile = promisify(execFileCallback);

export type PrivatePostgres = {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication). */
  url(database?: string): string;
  /** The postmaster's PID while it runs. */
  pid(): Promise<number | undefined>;
  /** Immediate shutdown (like a crash: no checkpoint, sessions cut), `downMs` without a server, start again. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server (immediate) and removes its files. Idempotent. */
  stop(): Promise<void>;
};

/** The folder holding `initdb` and `pg_ctl` (`PG_BIN`, else the newest `/usr/lib/postgresql/<v>/bin`), if any. */
export function findPostgresBinaries(): string | undefined {
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : [];
  if (existsSync("/usr/lib/postgresql")) {
    const versions = readdirSync("/usr/lib/postgresql")
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  return candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates a cluster in a fresh temp directory (`initdb --no-sync`, trust auth, C locale) and starts it on a free
 * loopback port with its socket in that directory and `fsync=off` (a crash of the server, not of the machine,
 * loses nothing with it). Call `stop()` in `after`.
 *
 * @example
 * const pg = await startPrivatePostgres(findPostgresBinaries() as string);
 * const db = await createDatabase({ url: pg.url() });
 * await pg.restart({ downMs: 2_000 });
 * await pg.stop();
 */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const root = await mkdtemp(join(tmpdir(), "coinscious-pg-"));
  const dataDir = join(root, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    await chown(root, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFile("runuser", ["-u", "postgres", "--", join(bin, tool), ...args], { timeout: 60_000 })
      : execFile(join(bin, tool), args, { timeout: 60_000 });
  let port = 0;
  let stopped = false;
  const pid = async () => {
    const text = await readFile(join(dataDir, "postmaster.pid"), "utf8").catch(() => "");
    const n = Number.parseInt(text.split("\n")[0] ?? "", 10);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const start = () =>
    run("pg_ctl", [
      "-D",
      dataDir,
      "-l",
      join(root, "server.log"),
      "-w",
      "-t",
      "30",
      "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off -c max_connections=40`,
      "start",
    ]);
  const stopServer = () => run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
  try {
    await run("initdb", [
      "-D",
      dataDir,
      "-A",
      "trust",
      "-U",
      "postgres",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
    ]);
    // Another process may take the probed port before the server binds it: try a few.
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      try {
        await start();
        break;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
  } catch (error) {
    const log = await readFile(join(root, "server.log"), "utf8").catch(() => "");
    await stopServer().catch(() => {});
    await rm(root, { recursive: true, force: true });
    throw new Error(`private PostgreSQL did not start: ${(error as Error).message}\n${log.slice(-2_000)}`);
  }
  // `after` does not run when this process is killed: a detached watchdog then stops the cluster and removes it.
  // It ends by itself within a second of `stop()` removing the directory.
  const pgCtl = asRoot ? ["runuser", "-u", "postgres", "--", join(bin, "pg_ctl")] : [join(bin, "pg_ctl")];
  spawn(
    "/bin/sh",
    [
      "-c",
      'p=$1; r=$2; d=$3; shift 3; while kill -0 "$p" 2>/dev/null && [ -d "$d" ]; do sleep 1; done; ' +
        'if [ -d "$d" ]; then "$@" -D "$d" -m immediate stop >/dev/null 2>&1; rm -rf "$r"; fi',
      "coinscious-pg-watchdog",
      String(process.pid),
      root,
      dataDir,
      ...pgCtl,
    ],
    { detached: true, stdio: "ignore" },
  ).unref();
  return {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    pid,
    async restart(options = {}) {
      await stopServer();
      await new Promise((r) => setTimeout(r, options.downMs ?? 2_000));
      await start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const running = await pid();
      const failed = await stopServer().then(
        () => false,
        () => true,
      );
      // pg_ctl could not stop it: kill the postmaster by PID, once sure the PID is still ours.
      const cmdline =
        running === undefined ? "" : await readFile(`/proc/${running}/cmdline`, "utf8").catch(() => "");
      if (failed && running !== undefined && cmdline.includes(dataDir)) process.kill(running, "SIGKILL");
      await rm(root, { recursive: true, force: true });
    },
  };
}
