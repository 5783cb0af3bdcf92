/** Runs a sync in the background for a test: collects its events, waits for conditions, stops it. */
import { type CreateSyncParameters, createSync, type Sync, type SyncEvent } from "../sync/createSync.ts";

export type RunningSync = {
  sync: Sync;
  events: SyncEvent[];
  /** Resolves once `predicate` holds (checked after every event and every 10 ms); rejects on timeout or if the sync died. */
  waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
  /** Aborts and waits for `start()` to settle; rethrows its fatal error, if any. */
  stop(): Promise<void>;
  /** The fatal error `start()` rejected with, once it has. */
  error(): unknown;
};

export function runSync(params: Omit<CreateSyncParameters, "signal">): RunningSync {
  const controller = new AbortController();
  const events: SyncEvent[] = [];
  const sync = createSync({
    ...params,
    signal: controller.signal,
    onProgress: (e) => {
      events.push(e);
      params.onProgress?.(e);
    },
  });
  let failure: unknown;
  let settled = false;
  const done = sync.start().then(
    () => {
      settled = true;
    },
    (e: unknown) => {
      settled = true;
      failure = e ?? new Error("sync failed");
    },
  );
  return {
    sync,
    events,
    error: () => failure,
    async waitFor(predicate, timeoutMs = 20_000, what = "condition") {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (failure !== undefined) throw failure;
        if (await predicate()) return;
        if (settled) throw new Error(`sync stopped before ${what}`);
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
