/** Which engine a {@link Database} talks to: embedded PGlite (PostgreSQL in wasm) or a PostgreSQL server. */
export type DatabaseKind = "pglite" | "postgres";

/**
 * Rows as the drivers return them, made identical for both engines: `numeric` as a decimal string (never a
 * Number), `int8` as bigint, `int4`/`int2` as number, `timestamptz` as Date, `jsonb` parsed.
 */
export type QueryResult<T> = {
  rows: T[];
  /** Rows inserted, updated, deleted or returned by the statement. */
  rowCount: number;
};

/** Anything that runs SQL: a {@link Database} or a {@link Transaction}. */
export interface Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs one statement with `$1 … $n` parameters. bigint parameters are sent as decimal text (exact for
   * `numeric(78,0)`); jsonb parameters should be strings (see `toDbJson`) because `pg` turns JS arrays into
   * PostgreSQL arrays.
   */
  query<T extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * PGlite only (undefined on PostgreSQL): `COPY <target> FROM …` with `data` in COPY's text format (UTF-8, the
   * default) or binary format, where `target` is the quoted table and column list. Returns the rows copied. Use
   * `copyRows`, which builds both.
   */
  copyFrom?(target: string, data: Uint8Array, format?: CopyFormat): Promise<number>;
}

/** COPY's data format: `text` (tab-separated lines) or PostgreSQL's `binary`. */
export type CopyFormat = "text" | "binary";

/**
 * One statement of {@link TransactionRunner.runStatements}: SQL with `$1 … $n` parameters (as {@link Queryable.query}),
 * or — PGlite only — a COPY of `data` (COPY text, UTF-8, unless `format` says binary) into `copy`, the quoted table
 * and column list (as {@link Queryable.copyFrom}). Build them with the package's `…Statement(s)` helpers.
 */
export type Statement =
  | { sql: string; params?: readonly unknown[] | undefined }
  | { copy: string; data: Uint8Array; format?: CopyFormat | undefined };

/** A handle inside {@link Database.transaction}; only valid until the callback settles. */
export interface Transaction extends Queryable {}

/** Something that runs statements and transactions: a {@link Database} or a {@link Session}. */
export interface TransactionRunner extends Queryable {
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws (and rethrows).
   * Use the `tx` handle inside — on PGlite, `db.query` inside the callback waits for the transaction and deadlocks.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `statements` one after the other in one transaction and commits; at the first failure rolls back and
   * rejects with that statement's error (nothing after it runs). Resolves with each statement's result (a COPY's:
   * no rows, `rowCount` the rows copied).
   *
   * Unlike {@link transaction}, nothing waits for the caller between the statements or before the COMMIT: PGlite's
   * worker thread gets the whole transaction in one message and answers once it is committed, however busy the
   * caller's thread is meanwhile (the indexer stages its next batch then). A check that must stop the transaction
   * is a statement that raises (see `expectCheckpointStatement`). On PostgreSQL the statements are sent one at a
   * time on one connection, as `transaction` does.
   */
  runStatements(statements: readonly Statement[]): Promise<QueryResult<Record<string, unknown>>[]>;
}

/**
 * One database connection held on purpose: what lives in a session — advisory locks, settings — lasts exactly as
 * long as it. On PostgreSQL it is a client taken out of the pool; on PGlite (one connection per instance) it is
 * the instance itself.
 */
export interface Session extends TransactionRunner {
  /**
   * Resolves when the connection ends for any reason other than {@link release} — a server restart, a network
   * failure, `pg_terminate_backend` — with the error that ended it. Session state (locks) is gone by then.
   */
  readonly lost: Promise<Error>;
  /** Returns the connection (PostgreSQL: closes it, so its session locks are released at once). */
  release(): Promise<void>;
}

/** A connection to the projection database (a `pg` pool or one PGlite instance). */
export interface Database extends TransactionRunner {
  /** A dedicated connection for session state such as advisory locks; release it when done. */
  openSession(): Promise<Session>;
  /** Closes the pool or the PGlite instance. */
  close(): Promise<void>;
}

/** The slice of a pino-like logger the db package uses. */
export interface DatabaseLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}
