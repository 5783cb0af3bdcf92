import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Hex, isAddressEqual } from "viem";
import { SafeError } from "./errors.ts";
import { parseProposal, serializeProposal } from "./proposalCodec.ts";
import type { Proposal, ProposalFilter, ProposalStore } from "./types.ts";

const FORMAT = "coinscious.proposals/1";

export type JsonProposalStoreOptions = {
  /** How long `put` waits for another process's lock before `STORE_LOCKED` (default 5 s). */
  lockTimeoutMs?: number;
  /** A lock file older than this is considered left by a crashed process and removed (default 30 s). */
  staleLockMs?: number;
};

/**
 * A `ProposalStore` in one JSON file — the embedded default until proposals move to the database.
 *
 * Writes: serialized within the store (a promise queue) and across processes (an exclusive `<path>.lock` file,
 * created with `O_EXCL`); inside the lock the file is re-read, the optimistic version checked, and the new
 * content written to a unique temp file in the same directory, fsynced, then `rename`d over the file — so a
 * reader (or a crash) sees either the old or the new file, never a partial one. Reads take no lock.
 * The file is small (proposals are few); every call reads it fresh, so other processes' writes are seen.
 *
 * @example
 * const store = createJsonProposalStore(".coinscious/proposals.json");
 * const pending = await store.list({ status: "pending", safe });
 */
export function createJsonProposalStore(path: string, options: JsonProposalStoreOptions = {}): ProposalStore {
  const lockPath = `${path}.lock`;
  const lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
  const staleLockMs = options.staleLockMs ?? 30_000;
  let queue: Promise<unknown> = Promise.resolve();

  async function readAll(): Promise<Map<string, Proposal>> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return new Map();
      throw e;
    }
    let doc: { format?: unknown; proposals?: unknown };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch (cause) {
      throw new SafeError("STORE_CORRUPT", `${path} is not valid JSON`, { details: { path }, cause });
    }
    if (doc.format !== FORMAT || !Array.isArray(doc.proposals)) {
      throw new SafeError("STORE_CORRUPT", `${path} is not a ${FORMAT} file`, { details: { path } });
    }
    return new Map(doc.proposals.map((p) => parseProposal(p)).map((p) => [p.id, p]));
  }

  async function writeAll(all: Map<string, Proposal>): Promise<void> {
    const proposals = sortProposals([...all.values()]).map(serializeProposal);
    const text = `${JSON.stringify({ format: FORMAT, proposals }, null, 2)}\n`;
    const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
    try {
      const handle = await open(tmp, "wx", 0o600);
      try {
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
    // Persist the rename itself; best effort (not every platform can fsync a directory).
    await open(dirname(path), "r")
      .then(async (dir) => {
        await dir.sync().catch(() => {});
        await dir.close();
      })
      .catch(() => {});
  }

  async function withFileLock<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + lockTimeoutMs;
    for (;;) {
      try {
        const handle = await open(lockPath, "wx");
        await handle.writeFile(`${process.pid}\n`);
        await handle.close();
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const age = await stat(lockPath).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > staleLockMs) {
          await unlink(lockPath).catch(() => {});
          continue;
        }
        if (Date.now() > deadline) {
          throw new SafeError("STORE_LOCKED", `${lockPath} is held by another writer`, {
            details: { path: lockPath },
            retryable: true,
          });
        }
        await sleep(10 + Math.random() * 20);
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(lockPath).catch(() => {});
    }
  }

  function serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  }

  return {
    async get(id: Hex) {
      return (await readAll()).get(id.toLowerCase());
    },

    async list(filter: ProposalFilter = {}) {
      const statuses = filter.status === undefined ? undefined : ([] as string[]).concat(filter.status);
      return sortProposals(
        [...(await readAll()).values()].filter(
          (p) =>
            (statuses === undefined || statuses.includes(p.status)) &&
            (filter.safe === undefined || isAddressEqual(p.safe, filter.safe)) &&
            (filter.chainId === undefined || p.chainId === filter.chainId) &&
            (filter.nonce === undefined || p.tx.nonce === filter.nonce),
        ),
      );
    },

    put(proposal: Proposal) {
      // Validate before taking any lock: a proposal that cannot round-trip must never reach the file.
      let checked: Proposal;
      try {
        checked = parseProposal(serializeProposal(proposal));
      } catch (cause) {
        const details = cause instanceof SafeError ? cause.details : undefined;
        return Promise.reject(
          new SafeError("INVALID_ARGUMENT", "not a valid proposal", {
            ...(details ? { details } : {}),
            cause,
          }),
        );
      }
      return serialized(async () => {
        await mkdir(dirname(path), { recursive: true });
        return withFileLock(async () => {
          const all = await readAll();
          const storedVersion = all.get(checked.id)?.version ?? 0;
          if (checked.version !== storedVersion) {
            throw new SafeError(
              "PROPOSAL_CONFLICT",
              `proposal ${checked.id} was changed concurrently (stored version ${storedVersion}, written from ${checked.version})`,
              { details: { id: checked.id, storedVersion, version: checked.version }, retryable: true },
            );
          }
          const stored = { ...checked, version: storedVersion + 1 };
          all.set(stored.id, stored);
          await writeAll(all);
          return stored;
        });
      });
    },
  };
}

function sortProposals(proposals: Proposal[]): Proposal[] {
  return proposals.sort(
    (a, b) =>
      a.chainId - b.chainId ||
      a.safe.toLowerCase().localeCompare(b.safe.toLowerCase()) ||
      (a.tx.nonce < b.tx.nonce ? -1 : a.tx.nonce > b.tx.nonce ? 1 : 0) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
}
