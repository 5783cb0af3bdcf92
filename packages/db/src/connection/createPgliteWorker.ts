import { Worker } from "node:worker_threads";
import { DatabaseUnavailableError } from "../errors.ts";
import type { CopyFormat } from "../types.ts";
import { toDatabaseError } from "./toDatabaseError.ts";

/** A statement of a `statements` request: SQL with driver parameters, or a COPY of `data` into `copy`. */
export type WorkerStatement =
  | { sql: string; params: unknown[] }
  | { copy: string; data: Uint8Array; format?: CopyFormat | undefined };

/** A request to the worker (see pgliteWorker.mjs for the protocol). */
export type PgliteWorkerRequest =
  | { op: "open" }
  | { op: "query"; sql: string; params: unknown[]; txId?: number | undefined }
  | { op: "exec"; sql: string; txId?: number | undefined }
  | {
      op: "copy";
      target: string;
      data: Uint8Array;
      format?: CopyFormat | undefined;
      txId?: number | undefined;
    }
  | { op: "begin"; txId: number }
  | { op: "end"; txId: number; commit: boolean }
  | { op: "statements"; statements: WorkerStatement[] }
  | { op: "close" };

export type PgliteWorker = {
  /**
   * Sends one request; rejects with the mapped database error. `sql` names the statement in it: the statement, or
   * for a `statements` request a function of the failed statement's index. `transfer`: buffers moved to the
   * worker instead of copied (a COPY's data).
   */
  call<T>(request: PgliteWorkerRequest, sql?: StatementName, transfer?: ArrayBuffer[]): Promise<T>;
  /** Resolves when the worker dies for any reason other than `close` (every pending call is rejected then). */
  readonly lost: Promise<Error>;
  /** Closes PGlite, then lets the thread end. */
  close(): Promise<void>;
};

/** The statement an error is about: its SQL, or a function of the index the worker reports (`statementIndex`). */
type StatementName = string | ((statementIndex: number | undefined) => string | undefined);

type Reply = { id: number; result?: unknown; error?: Record<string, unknown> & { message: string } };

/**
 * Starts PGlite on `dataDir` in a worker thread (pgliteWorker.mjs) and opens it. The thread keeps the process alive
 * only while a call is pending, like a socket of `pg`: a caller that forgets `close` does not hang its process.
 */
export async function createPgliteWorker(options: {
  dataDir: string;
  startParams: readonly string[];
}): Promise<PgliteWorker> {
  const worker = new Worker(new URL("./pgliteWorker.mjs", import.meta.url), {
    workerData: { dataDir: options.dataDir, startParams: [...options.startParams] },
  });
  worker.unref();
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; sql?: StatementName }
  >();
  let nextId = 1;
  let closing = false;
  let dead: Error | undefined;
  let onLost: (error: Error) => void = () => {};
  const lost = new Promise<Error>((resolve) => {
    onLost = resolve;
  });

  const settle = () => {
    if (pending.size === 0) worker.unref();
  };
  const fail = (error: Error) => {
    if (dead !== undefined) return;
    dead = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    if (!closing) onLost(error);
  };
  worker.on("message", (reply: Reply) => {
    const p = pending.get(reply.id);
    if (p === undefined) return;
    pending.delete(reply.id);
    settle();
    if (reply.error === undefined) p.resolve(reply.result);
    else {
      // The driver error's fields on a plain Error: toDatabaseError reads the SQLSTATE and the names from them.
      const { statementIndex, ...fields } = reply.error;
      const error = Object.assign(new Error(reply.error.message), fields);
      const sql =
        typeof p.sql === "function"
          ? p.sql(typeof statementIndex === "number" ? statementIndex : undefined)
          : p.sql;
      p.reject(toDatabaseError(error, sql === undefined ? {} : { sql }));
    }
  });
  worker.on("error", (error) =>
    fail(new DatabaseUnavailableError(`The PGlite worker failed: ${error.message}`, {}, error)),
  );
  worker.on("exit", (code) =>
    fail(new DatabaseUnavailableError(`The PGlite worker exited (code ${code})`, { exitCode: code })),
  );

  const call = <T>(
    request: PgliteWorkerRequest,
    sql?: StatementName,
    transfer?: ArrayBuffer[],
  ): Promise<T> => {
    if (dead !== undefined) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        ...(sql === undefined ? {} : { sql }),
      });
      worker.ref();
      worker.postMessage({ id, ...request }, transfer);
    });
  };

  try {
    await call({ op: "open" });
  } catch (error) {
    closing = true;
    await worker.terminate();
    throw error;
  }
  return {
    call,
    lost,
    async close() {
      if (dead !== undefined) return;
      closing = true;
      try {
        await call({ op: "close" });
      } finally {
        await worker.terminate();
      }
    },
  };
}
