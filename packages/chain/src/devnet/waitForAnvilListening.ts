import { readFile } from "node:fs/promises";
import { DevnetStartError, DevnetStateCorruptError } from "./errors.ts";

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * Waits for anvil's "Listening on HOST:PORT" line in its log and returns the port it bound (with `--port 0`
 * the OS chose it). Fails fast when anvil exits first: with `DEVNET_STATE_CORRUPT` when it could not load
 * the saved state, else `DEVNET_START_FAILED` carrying the end of its output.
 *
 * @example
 * const port = await waitForAnvilListening({ logFile, host: "127.0.0.1", exited, timeoutMs: 10_000, stateFile });
 */
export async function waitForAnvilListening(params: {
  logFile: string;
  host: string;
  exited: Promise<Exit>;
  timeoutMs: number;
  stateFile: string;
}): Promise<number> {
  const pattern = new RegExp(`Listening on ${params.host.replaceAll(".", "\\.")}:(\\d+)`);
  let exit: Exit | undefined;
  void params.exited.then((e) => {
    exit = e;
  });
  const deadline = Date.now() + params.timeoutMs;
  for (;;) {
    const log = await readFile(params.logFile, "utf8").catch(() => "");
    const port = pattern.exec(log)?.[1];
    if (port !== undefined) return Number(port);
    if (exit !== undefined || Date.now() > deadline) {
      // Read again: anvil may have written its last words after the read above.
      const output = tail(exit === undefined ? log : await readFile(params.logFile, "utf8").catch(() => log));
      if (exit !== undefined && /--state|--load-state|failed to parse json/i.test(output))
        throw new DevnetStateCorruptError(params.stateFile, output);
      throw new DevnetStartError(
        exit === undefined
          ? `anvil did not listen within ${params.timeoutMs} ms`
          : "anvil exited before listening",
        { ...exit, output, logFile: params.logFile },
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The end of anvil's output for an error, without the banner's (well-known, but still) private keys. */
function tail(log: string): string {
  return log
    .split("\n")
    .filter((line) => !/0x[0-9a-fA-F]{64}/.test(line))
    .slice(-15)
    .join("\n")
    .trim();
}
