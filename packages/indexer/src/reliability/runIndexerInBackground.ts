import { type RunIndexerParameters, runIndexer } from "../run/runIndexer.ts";
import type { SyncEvent } from "../sync/createSync.ts";

export type RunningIndexer = {
  events: SyncEvent[];
  /** Roles in the order `onRole` reported them. */
  roles: ("standby" | "writer" | "reconnecting")[];
  /** Resolves once `predicate` holds (checked every 10 ms); rejects on timeout or when `runIndexer` ended. */
  waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void>;
  /** Aborts and waits for `runIndexer` to settle; rethrows its error, if any. */
  stop(): Promise<void>;
};

/**
 * Runs {@link runIndexer} in this process for a test, collecting its sync events and roles.
 *
 * @example
 * const run = runIndexerInBackground({ db, publicClient, sources, batchBlocks: 5 });
 * await run.waitFor(() => run.events.some((e) => e.type === "caught-up"), 30_000, "caught up");
 * await run.stop();
 */
export function runIndexerInBackground(params: Omit<RunIndexerParameters, "signal">): RunningIndexer {
  const controller = new AbortController();
  const events: SyncEvent[] = [];
  const roles: RunningIndexer["roles"] = [];
  let failure: unknown;
  let settled = false;
  const done = runIndexer({
    ...params,
    signal: controller.signal,
    onProgress: (e) => {
      events.push(e);
      params.onProgress?.(e);
    },
    onRole: (role) => {
      roles.push(role);
      params.onRole?.(role);
    },
  }).then(
    () => {
      settled = true;
    },
    (error: unknown) => {
      settled = true;
      failure = error ?? new Error("runIndexer failed");
    },
  );
  return {
    events,
    roles,
    async waitFor(predicate, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (failure !== undefined) throw failure;
        let holds = false;
        try {
          holds = await predicate();
        } catch {
          // A query that fails while the database is away: not yet.
        }
        if (holds) return;
        if (settled) throw new Error(`runIndexer ended before ${what}`);
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      controller.abort();
      await done;
      if (failure !== undefined) throw failure;
    },
  };
}
