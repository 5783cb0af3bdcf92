import { isProcessAlive } from "./isProcessAlive.ts";

/** Polls until no process in `pids` is alive; throws after `timeoutMs`. Test helper. */
export async function waitForProcessesGone(pids: number[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (pids.some(isProcessAlive)) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`still alive after ${timeoutMs} ms: ${pids.filter(isProcessAlive).join(", ")}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - started;
}
