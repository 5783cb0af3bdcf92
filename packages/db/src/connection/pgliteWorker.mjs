// PGlite in a worker thread (see createPgliteWorker.ts): PostgreSQL's wasm runs on its own thread, as a server runs in
// its own process, so the caller's thread keeps fetching and decoding while a batch is written. Plain JavaScript on
// purpose: it is started by path, the same file whether the caller runs from the TypeScript sources (tsx) or from the
// CLI's bundle, which keeps every workspace module's own `import.meta.url`.
//
// Protocol: the parent posts `{ id, op, … }`; the worker answers `{ id, result }` or `{ id, error }` (the driver
// error's fields, which the parent maps with toDatabaseError). Requests run concurrently; PGlite serializes them
// itself, exactly as in the parent's thread: a statement outside the open transaction waits for it to end.
//   open                          PGlite.create({ dataDir, startParams }) with int8 → bigint
//   query { sql, params, txId? }  → { rows, rowCount }
//   exec  { sql, txId? }
//   copy  { target, data, format?, txId? }
//                                 COPY <target> FROM the data (COPY text, UTF-8, or binary format) → rows copied
//   begin { txId }                answers once the transaction is open (BEGIN ran)
//   end   { txId, commit }        commits (answers after COMMIT) or rolls back
//   statements { statements }     one whole transaction: each `{ sql, params }` or `{ copy, data, format? }` in order, then
//                                 COMMIT → each one's { rows, rowCount }; at the first failure it rolls back and the
//                                 error carries `statementIndex` (statements.length: the COMMIT failed)
//   close                         closes PGlite (its shutdown checkpoint included)
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { copyIntoPglite } from "./copyIntoPglite.mjs";

const INT8_OID = 20;
/** Thrown into a transaction's callback to roll it back (PGlite rethrows it; it is not an error). */
const ROLLBACK = Symbol("rollback");

/** @type {PGlite | undefined} */
let db;
/** Open transactions: the PGlite handle, how to end the callback, and the transaction's outcome. */
const transactions = new Map();

function runner(txId) {
  if (txId === undefined) {
    if (db === undefined) throw new Error("PGlite worker: not open");
    return db;
  }
  const open = transactions.get(txId);
  if (open === undefined) throw new Error(`PGlite worker: transaction ${txId} is not open`);
  return open.tx;
}

/** Resolves when the transaction is open; its outcome (commit or error) is kept for `end`. */
function begin(txId) {
  if (db === undefined) throw new Error("PGlite worker: not open");
  return new Promise((opened, failed) => {
    let entered = false;
    const outcome = db.transaction(
      (tx) =>
        new Promise((resolve, reject) => {
          entered = true;
          transactions.set(txId, { tx, resolve, reject, outcome });
          opened();
        }),
    );
    outcome.catch((error) => {
      if (!entered) failed(error);
    });
  });
}

async function end(txId, commit) {
  const open = transactions.get(txId);
  if (open === undefined) throw new Error(`PGlite worker: transaction ${txId} is not open`);
  transactions.delete(txId);
  if (commit) open.resolve();
  else open.reject(ROLLBACK);
  try {
    await open.outcome;
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
}

/** PGlite's result as the parent's QueryResult. */
function queryResult(result) {
  // PGlite reports affectedRows 0 for a SELECT, where pg reports the rows returned: align on pg.
  return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

function copy(runner, target, data, format) {
  if (db === undefined) throw new Error("PGlite worker: not open");
  return copyIntoPglite(db, runner, target, data, format);
}

/**
 * The whole transaction here, without a message to the parent between its statements or before its COMMIT (see
 * `runStatements` in types.ts): the parent's thread may be busy for tens of milliseconds, and the write goes on.
 */
async function runStatements(statements) {
  if (db === undefined) throw new Error("PGlite worker: not open");
  const results = [];
  try {
    await db.transaction(async (tx) => {
      for (const statement of statements) {
        results.push(
          statement.sql === undefined
            ? { rows: [], rowCount: await copy(tx, statement.copy, statement.data, statement.format) }
            : queryResult(await tx.query(statement.sql, statement.params)),
        );
      }
    });
  } catch (error) {
    throw new StatementFailed(error, results.length);
  }
  return results;
}

/** A statement of a `statements` request failed: the driver's error and the statement's index. */
class StatementFailed {
  constructor(error, statementIndex) {
    this.error = error;
    this.statementIndex = statementIndex;
  }
}

async function handle(message) {
  switch (message.op) {
    case "open":
      db = await PGlite.create({
        dataDir: workerData.dataDir,
        parsers: { [INT8_OID]: (text) => BigInt(text) },
        startParams: workerData.startParams,
      });
      return undefined;
    case "query":
      return queryResult(await runner(message.txId).query(message.sql, message.params));
    case "exec":
      await runner(message.txId).exec(message.sql);
      return undefined;
    case "copy":
      return copy(runner(message.txId), message.target, message.data, message.format);
    case "statements":
      return runStatements(message.statements);
    case "begin":
      return begin(message.txId);
    case "end":
      return end(message.txId, message.commit);
    case "close":
      if (db !== undefined && !db.closed) await db.close();
      return undefined;
    default:
      throw new Error(`PGlite worker: unknown operation ${String(message.op)}`);
  }
}

/** What the parent needs of a driver error to map it (SQLSTATE and the fields toDatabaseError reads). */
function serializeError(error) {
  if (error instanceof StatementFailed)
    return { ...serializeError(error.error), statementIndex: error.statementIndex };
  const out = { message: error instanceof Error ? error.message : String(error) };
  if (typeof error === "object" && error !== null) {
    for (const key of ["name", "code", "constraint", "table", "column", "detail", "hint", "severity"]) {
      if (typeof error[key] === "string") out[key] = error[key];
    }
  }
  return out;
}

parentPort.on("message", (message) => {
  handle(message).then(
    (result) => parentPort.postMessage({ id: message.id, result }),
    (error) => parentPort.postMessage({ id: message.id, error: serializeError(error) }),
  );
});
