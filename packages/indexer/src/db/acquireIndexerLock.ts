import type { Database, Session } from "@coinscious/db";
import { backoffDelay } from "../common/backoffDelay.ts";
import { sleep } from "../common/sleep.ts";
import type { IndexerLogger } from "../common/types.ts";

export type AcquireIndexerLockParameters = {
  db: Database;
  chainId: number;
  /** How often a standby asks for the lock. Default 1 000 ms: takeover within about a second of the holder's death. */
  pollIntervalMs?: number;
  /** Called once when the lock is held by another process (this one becomes a hot standby). */
  onWaiting?: () => void;
  logger?: IndexerLogger | undefined;
  signal?: AbortSignal | undefined;
};

/** The writer's lock and the session that holds it: write through `session`, so a lost connection stops both. */
export type IndexerLock = {
  session: Session;
  /** Unlocks and returns the connection (the server drops the lock anyway when the connection ends). */
  release(): Promise<void>;
};

// Keyed by schema as well, so indexers of different schemas (tests, several deployments on one server) do not
// exclude each other.
const KEY = "hashtextextended('coinscious.indexer:' || current_schema() || ':' || $1::text, 0)";

/**
 * Takes the one-writer-per-chain lock: a PostgreSQL session-level advisory lock held by a dedicated session. While
 * another process holds it, this one waits as a hot standby, asking every `pollIntervalMs`; the server releases a
 * lock the moment its holder's connection ends (crash, SIGKILL, network loss), so the standby takes over within a
 * poll interval. Connection failures while waiting are retried with backoff. Resolves `undefined` when `signal`
 * aborts first. (On PGlite — one process, one connection — the lock is always free.)
 *
 * @example
 * const lock = await acquireIndexerLock({ db, chainId: 8453, onWaiting: () => logger.info({}, "standing by") });
 * if (lock === undefined) return; // shutting down
 * try { … write through lock.session … } finally { await lock.release(); }
 */
export async function acquireIndexerLock(
  params: AcquireIndexerLockParameters,
): Promise<IndexerLock | undefined> {
  const { db, chainId, logger, signal } = params;
  const pollIntervalMs = params.pollIntervalMs ?? 1_000;
  let waiting = false;
  let failures = 0;
  while (!signal?.aborted) {
    let session: Session | undefined;
    try {
      session = await db.openSession();
      while (!signal?.aborted) {
        const { rows } = await session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS ok`, [
          String(chainId),
        ]);
        failures = 0;
        if (rows[0]?.ok === true) {
          const held = session;
          logger?.info({ chainId }, "indexer lock acquired");
          return {
            session: held,
            async release() {
              await held.query(`SELECT pg_advisory_unlock(${KEY})`, [String(chainId)]).catch(() => {});
              await held.release();
            },
          };
        }
        if (!waiting) {
          waiting = true;
          logger?.info({ chainId }, "another indexer holds the lock: standing by");
          params.onWaiting?.();
        }
        await sleep(pollIntervalMs, signal);
      }
    } catch (error) {
      if (signal?.aborted) break;
      failures++;
      const delayMs = backoffDelay(failures, { baseDelayMs: 250, maxDelayMs: 10_000 });
      logger?.warn(
        { chainId, delayMs, message: error instanceof Error ? error.message : String(error) },
        "indexer lock: database unavailable, retrying",
      );
      await session?.release().catch(() => {});
      session = undefined;
      await sleep(delayMs, signal);
    }
    await session?.release().catch(() => {});
  }
  return undefined;
}
