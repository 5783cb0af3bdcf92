import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PGlite, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { TransactionClosedError } from "../errors.ts";
import { loadMigrations } from "../migrate/loadMigrations.ts";
import { migrate } from "../migrate/migrate.ts";
import type { CopyFormat, Database, QueryResult, Session, Transaction } from "../types.ts";
import { copyIntoPglite } from "./copyIntoPglite.mjs";
import { createPgliteWorker, type PgliteWorker, type WorkerStatement } from "./createPgliteWorker.ts";
import { LOCK_FILE, lockDataDir } from "./lockDataDir.ts";
import {
  copyPgliteTemplateDir,
  ensurePgliteTemplateDir,
  loadPgliteTemplate,
  pgliteVersion,
  savePgliteTemplate,
} from "./pgliteTemplate.ts";
import { runStatementsIn } from "./runStatementsIn.ts";
import { toDatabaseError } from "./toDatabaseError.ts";
import { toDriverParams } from "./toDriverParams.ts";
import { INT8_OID, parseInt8 } from "./typeIds.ts";

// PGlite's own start parameters, with 64 MB of shared buffers instead of 128 MB: a 50,000-transfer backfill peaked
// ~70 MB lower (VmHWM 580–600 MB vs 645–680 MB) at the same CPU time, and the embedded database is small.
const START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=64MB"];
type Runner = Pick<PGlite, "query" | "exec"> | PgliteTransaction;

function queryWith(runner: () => Runner) {
  return async <T extends object>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    try {
      const result = await runner().query<T>(sql, toDriverParams(params));
      // PGlite reports affectedRows 0 for a SELECT, where pg reports the rows returned: align on pg.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    } catch (error) {
      throw toDatabaseError(error, { sql });
    }
  };
}

function copyWith(pglite: PGlite, runner: () => Runner) {
  return async (target: string, data: Uint8Array, format?: CopyFormat): Promise<number> => {
    try {
      return await copyIntoPglite(pglite, runner(), target, data, format);
    } catch (error) {
      throw toDatabaseError(error, { sql: `COPY ${target}` });
    }
  };
}

function execWith(runner: () => Runner) {
  return async (sql: string): Promise<void> => {
    try {
      await runner().exec(sql);
    } catch (error) {
      throw toDatabaseError(error, { sql });
    }
  };
}

/**
 * Opens PGlite (PostgreSQL in wasm): persisted under `dataDir`, or in memory when it is undefined.
 * One instance is one connection; PGlite queues statements and transactions itself. A data directory is
 * claimed for this process (`DB_LOCKED` when another live process has it open) until `close()`.
 */
export async function createPgliteDatabase(options: {
  dataDir?: string | undefined;
  template?: PgliteTemplate | undefined;
  /**
   * Where PostgreSQL runs: in this thread (default), or — for an on-disk database — in a worker thread, so that
   * statements run in parallel with this thread's work (the indexer fetches and decodes the next batch while one is
   * written). Same API and semantics; a worker that dies fails pending calls with `DB_UNAVAILABLE` and resolves the
   * sessions' `lost`. A new database that could not start from a template directory runs in this thread.
   */
  thread?: "main" | "worker" | undefined;
}): Promise<Database> {
  let unlock: (() => Promise<void>) | undefined;
  let fromMigratedTemplate = false;
  if (options.dataDir !== undefined) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
    if (!existsSync(join(options.dataDir, "PG_VERSION"))) {
      try {
        const template = await pgliteTemplateDir(options.template ?? "initdb");
        if (template !== undefined) {
          await copyPgliteTemplateDir(template, options.dataDir);
          fromMigratedTemplate = options.template === "migrated";
        }
      } catch (error) {
        await unlock();
        throw toDatabaseError(error);
      }
    }
  }
  if (
    options.thread === "worker" &&
    options.dataDir !== undefined &&
    existsSync(join(options.dataDir, "PG_VERSION"))
  ) {
    return openWorkerDatabase(options.dataDir, fromMigratedTemplate, unlock);
  }
  let pglite: PGlite;
  try {
    // A new database starts from the initdb template when there is one (seconds saved per database).
    const fresh = options.dataDir === undefined || !existsSync(join(options.dataDir, "PG_VERSION"));
    const template = fresh ? await loadPgliteTemplate() : undefined;
    pglite = await PGlite.create({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(template === undefined ? {} : { loadDataDir: template }),
      parsers: { [INT8_OID]: parseInt8 },
      startParams: START_PARAMS,
    });
    if (fresh && template === undefined) await savePgliteTemplate(pglite);
    // The tarball of a database first created on disk holds that database's lock file (pid and all): unpacked into
    // `dataDir` (the fallback when no template directory could be built) it replaced ours. Write ours back.
    if (options.dataDir !== undefined && template !== undefined)
      await writeFile(join(options.dataDir, LOCK_FILE), `${process.pid}\n`);
    // The template's migrations were applied when it was built: this database's record says when it was created.
    if (fromMigratedTemplate) await pglite.query("UPDATE schema_migrations SET applied_at = now()");
  } catch (error) {
    await unlock?.();
    throw toDatabaseError(error);
  }
  const self = (): Runner => pglite;
  const database: Database = {
    kind: "pglite",
    query: queryWith(self),
    exec: execWith(self),
    copyFrom: copyWith(pglite, self),
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      try {
        return await pglite.transaction(async (inner) => {
          let open = true;
          const current = (): Runner => {
            if (!open) throw new TransactionClosedError();
            return inner;
          };
          try {
            return await fn({
              kind: "pglite",
              query: queryWith(current),
              exec: execWith(current),
              copyFrom: copyWith(pglite, current),
            });
          } finally {
            open = false;
          }
        });
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    runStatements: (statements) => runStatementsIn(database, statements),
    // One instance is one connection: the session is the instance. It is never lost while open (no network);
    // closing the database ends it.
    async openSession(): Promise<Session> {
      let released = false;
      const guard = (): Runner => {
        if (released || pglite.closed) throw new TransactionClosedError();
        return pglite;
      };
      return {
        kind: "pglite",
        query: queryWith(guard),
        exec: execWith(guard),
        copyFrom: copyWith(pglite, guard),
        transaction: (fn) => database.transaction(fn),
        runStatements: (statements) => database.runStatements(statements),
        lost: new Promise<Error>(() => {}),
        async release() {
          released = true;
        },
      };
    },
    async close() {
      if (!pglite.closed) await pglite.close();
      await unlock?.();
      unlock = undefined;
    },
  };
  return database;
}

/** The Database of createPgliteDatabase on a worker thread (see `createPgliteWorker`). */
async function openWorkerDatabase(
  dataDir: string,
  fromMigratedTemplate: boolean,
  unlockDataDir: (() => Promise<void>) | undefined,
): Promise<Database> {
  let unlock = unlockDataDir;
  let worker: PgliteWorker | undefined;
  try {
    worker = await createPgliteWorker({ dataDir, startParams: START_PARAMS });
    if (fromMigratedTemplate)
      await worker.call({ op: "query", sql: "UPDATE schema_migrations SET applied_at = now()", params: [] });
  } catch (error) {
    await worker?.close().catch(() => {});
    await unlock?.();
    throw toDatabaseError(error);
  }
  const opened = worker;
  let closed = false;
  let nextTxId = 1;
  /** A Queryable whose statements run in transaction `txId` (or outside any) while `usable()` holds. */
  const queryable = (usable: () => boolean, txId?: number): Transaction => ({
    kind: "pglite",
    async query<T extends object>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      if (!usable()) throw new TransactionClosedError();
      return opened.call<QueryResult<T>>({ op: "query", sql, params: toDriverParams(params), txId }, sql);
    },
    async exec(sql: string): Promise<void> {
      if (!usable()) throw new TransactionClosedError();
      await opened.call({ op: "exec", sql, txId }, sql);
    },
    async copyFrom(target: string, data: Uint8Array, format?: CopyFormat): Promise<number> {
      if (!usable()) throw new TransactionClosedError();
      // A copy of our own, moved (not cloned again) to the worker: the caller keeps its bytes, which may be a view
      // of a larger buffer.
      const bytes = data.slice();
      return opened.call<number>({ op: "copy", target, data: bytes, format, txId }, `COPY ${target}`, [
        bytes.buffer as ArrayBuffer,
      ]);
    },
  });
  const database: Database = {
    ...queryable(() => !closed),
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      if (closed) throw new TransactionClosedError();
      const txId = nextTxId++;
      await opened.call({ op: "begin", txId });
      let open = true;
      let result: T;
      try {
        result = await fn(queryable(() => open, txId));
      } catch (error) {
        open = false;
        // The callback's error is the one to report; a rollback that fails too (worker gone) adds nothing.
        await opened.call({ op: "end", txId, commit: false }).catch(() => {});
        throw toDatabaseError(error);
      }
      open = false;
      await opened.call({ op: "end", txId, commit: true }, "COMMIT");
      return result;
    },
    async runStatements(statements) {
      if (closed) throw new TransactionClosedError();
      // The COPY data are copied, then moved (not cloned again) to the worker: the caller keeps its bytes.
      const transfer: ArrayBuffer[] = [];
      const sent: WorkerStatement[] = statements.map((statement) => {
        if ("sql" in statement) return { sql: statement.sql, params: toDriverParams(statement.params) };
        const data = statement.data.slice();
        transfer.push(data.buffer as ArrayBuffer);
        return { copy: statement.copy, data, format: statement.format };
      });
      // The failed statement's SQL names it in the error; COMMIT when the index is past the last one.
      const sqlOf = (index: number | undefined) => {
        if (index === undefined) return undefined;
        const statement = statements[index];
        return statement === undefined
          ? "COMMIT"
          : "sql" in statement
            ? statement.sql
            : `COPY ${statement.copy}`;
      };
      return opened.call({ op: "statements", statements: sent }, sqlOf, transfer);
    },
    async openSession(): Promise<Session> {
      let released = false;
      return {
        ...queryable(() => !released && !closed),
        transaction: (fn) => database.transaction(fn),
        runStatements: (statements) => database.runStatements(statements),
        lost: opened.lost,
        async release() {
          released = true;
        },
      };
    },
    async close() {
      if (!closed) {
        closed = true;
        await opened.close();
      }
      await unlock?.();
      unlock = undefined;
    },
  };
  return database;
}

/**
 * What a new on-disk PGlite database starts from: `initdb` output, or that with the code's migrations applied
 * (for callers that migrate right after opening — `migrate` then finds nothing to do).
 */
export type PgliteTemplate = "initdb" | "migrated";

/** The template directory for `kind`, built on first use (see `ensurePgliteTemplateDir`). */
async function pgliteTemplateDir(kind: PgliteTemplate): Promise<string | undefined> {
  if (kind === "initdb") {
    const prefix = "pglite-initdb-";
    return ensurePgliteTemplateDir(`${prefix}${pgliteVersion}`, prefix, async (dir) => {
      const tarball = await loadPgliteTemplate();
      const pglite = await PGlite.create({
        dataDir: dir,
        ...(tarball === undefined ? {} : { loadDataDir: tarball }),
      });
      if (tarball === undefined) await savePgliteTemplate(pglite);
      await pglite.close();
    });
  }
  const migrations = await loadMigrations();
  const hash = createHash("sha256");
  for (const m of migrations) hash.update(`${m.version}:${m.checksum}\n`);
  const prefix = `pglite-migrated-${pgliteVersion}-`;
  return ensurePgliteTemplateDir(`${prefix}${hash.digest("hex").slice(0, 16)}`, prefix, async (dir) => {
    const db = await createPgliteDatabase({ dataDir: dir, template: "initdb" });
    try {
      await migrate(db, { migrations });
    } finally {
      await db.close();
    }
  });
}
