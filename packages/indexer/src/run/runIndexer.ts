import { setMaxListeners } from "node:events";
import type { Database } from "@coinscious/db";
import { sleep } from "../common/sleep.ts";
import { acquireIndexerLock } from "../db/acquireIndexerLock.ts";
import { createDatabaseStore } from "../db/createDatabaseStore.ts";
import { type CreateSyncParameters, createSync, type SyncEvent } from "../sync/createSync.ts";

export type RunIndexerParameters = Omit<CreateSyncParameters, "store" | "signal" | "headersOfLogBlocks"> & {
  /** Migrated database (the caller runs `assertMigrationsCurrent` first). */
  db: Database;
  /** Stops the indexer: `runIndexer` resolves once the current step ends and the lock is released. */
  signal?: AbortSignal;
  /** How often a standby asks for the lock. Default 1 000 ms. */
  lockPollIntervalMs?: number;
  /** Lifecycle of the writer role, for logs and readiness. */
  onRole?: (role: "standby" | "writer" | "reconnecting") => void;
};

/**
 * Runs one chain's indexer as the single writer: takes the writer lock (waiting as hot standby while another
 * process holds it), syncs through a {@link createDatabaseStore} on the lock's session, and when that
 * connection is lost (database restart, network failure, the connection killed) stops the sync, and starts
 * over — reconnect, lock, resume from the checkpoint — without the process exiting. Resolves when `signal`
 * aborts; rejects with the sync's first fatal error.
 *
 * @example
 * const controller = new AbortController();
 * process.once("SIGTERM", () => controller.abort());
 * await runIndexer({ db, publicClient, sources, signal: controller.signal, onProgress: print });
 */
export async function runIndexer(params: RunIndexerParameters): Promise<void> {
  const { db, signal, logger, onRole } = params;
  const chainId = params.sources.chainId;
  while (!signal?.aborted) {
    const lock = await acquireIndexerLock({
      db,
      chainId,
      pollIntervalMs: params.lockPollIntervalMs,
      onWaiting: () => onRole?.("standby"),
      logger,
      signal,
    });
    if (lock === undefined) return;
    onRole?.("writer");
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const stop = () => controller.abort();
    signal?.addEventListener("abort", stop, { once: true });
    let lost: Error | undefined;
    void lock.session.lost.then((error) => {
      lost = error;
      controller.abort();
    });
    try {
      await createSync({
        ...params,
        store: createDatabaseStore({ db: lock.session }),
        headersOfLogBlocks: true,
        signal: controller.signal,
      }).start();
    } catch (error) {
      if (lost === undefined) throw error;
    } finally {
      signal?.removeEventListener("abort", stop);
      await lock.release().catch(() => {});
    }
    if (lost === undefined) return;
    logger?.warn({ chainId, message: lost.message }, "database connection lost: reconnecting");
    onRole?.("reconnecting");
    await sleep(params.retryDelayMs ?? 500, signal);
  }
}

export type { SyncEvent };
