import pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";
import { DatabaseConfigError, TransactionClosedError } from "../errors.ts";
import type { Database, DatabaseLogger, QueryResult, Session, Transaction } from "../types.ts";
import { runStatementsIn } from "./runStatementsIn.ts";
import { toDatabaseError } from "./toDatabaseError.ts";
import { toDriverParams } from "./toDriverParams.ts";
import { INT8_OID, parseInt8 } from "./typeIds.ts";

type Runner = pg.Pool | pg.PoolClient;

// Per pool, not `pg.types.setTypeParser`: that would change a process-wide singleton other code may rely on.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID && format !== "binary") return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function queryWith(runner: () => Runner) {
  return async <T extends object>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    try {
      const result = await runner().query(sql, toDriverParams(params));
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    } catch (error) {
      throw toDatabaseError(error, { sql });
    }
  };
}

function execWith(runner: () => Runner) {
  return async (sql: string): Promise<void> => {
    try {
      // Without parameters pg uses the simple protocol, which runs several statements.
      await runner().query(sql);
    } catch (error) {
      throw toDatabaseError(error, { sql });
    }
  };
}

/**
 * Opens a `pg.Pool` on a PostgreSQL URL and checks that the server answers (`DB_UNAVAILABLE` otherwise).
 * `search_path` and other settings can ride on the URL: `?options=-c%20search_path%3Dmy_schema`.
 */
export async function createPostgresDatabase(options: {
  url: string;
  logger?: DatabaseLogger | undefined;
  maxConnections?: number | undefined;
  connectTimeoutMs?: number | undefined;
}): Promise<Database> {
  let fromUrl: ReturnType<typeof parseConnectionString>;
  try {
    fromUrl = parseConnectionString(options.url);
  } catch (error) {
    throw new DatabaseConfigError(
      `DATABASE_URL is not a PostgreSQL URL: ${(error as Error).message}`,
      {},
      error,
    );
  }
  const pool = new pg.Pool({
    // What pg does with `connectionString` (the URL's fields, over these), parsed here to add to `options`.
    ...(fromUrl as pg.PoolConfig),
    // No JIT compilation: every statement here is short (a cap table of 10,000 wallets as of a block runs in
    // ~70 ms), and once the planner's cost crosses jit_above_cost, compiling cost ~160 ms of a 230 ms query
    // (journal.bench.ts). A startup option of every connection, after the URL's own (`-c search_path=…`).
    options: [fromUrl.options, "-c jit=off"]
      .filter((o) => o !== undefined && o !== null && o !== "")
      .join(" "),
    types,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would crash the process.
  pool.on("error", (error) => {
    options.logger?.warn({ err: { message: error.message } }, "database: idle connection failed");
  });
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw toDatabaseError(error);
  }
  const self = (): Runner => pool;
  const connect = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect();
    } catch (error) {
      throw toDatabaseError(error);
    }
  };
  const database: Database = {
    kind: "postgres",
    query: queryWith(self),
    exec: execWith(self),
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await connect();
      let broken: Error | undefined;
      try {
        return await runTransaction(client, fn, (error) => {
          broken = error;
        });
      } finally {
        client.release(broken);
      }
    },
    runStatements: (statements) => runStatementsIn(database, statements),
    async openSession(): Promise<Session> {
      const client = await connect();
      let released = false;
      let broken: Error | undefined;
      const lost = new Promise<Error>((resolve) => {
        const onLost = (error?: Error) => {
          if (released) return;
          broken = error ?? new Error("The database connection ended");
          resolve(toDatabaseError(broken));
        };
        client.on("error", onLost);
        client.on("end", () => onLost());
      });
      const current = (): Runner => {
        if (released) throw new TransactionClosedError();
        return client;
      };
      const session: Session = {
        kind: "postgres",
        query: queryWith(current),
        exec: execWith(current),
        lost,
        transaction: (fn) =>
          runTransaction(client, fn, (error) => {
            broken = error;
          }),
        runStatements: (statements) => runStatementsIn(session, statements),
        async release() {
          if (released) return;
          released = true;
          // Destroying the connection (rather than pooling it) ends the server session: its locks go with it.
          client.release(broken ?? true);
        },
      };
      return session;
    },
    async close() {
      await pool.end();
    },
  };
  return database;
}

/** BEGIN … COMMIT on one client; ROLLBACK on error. A failed ROLLBACK marks the connection broken. */
async function runTransaction<T>(
  client: pg.PoolClient,
  fn: (tx: Transaction) => Promise<T>,
  onBroken: (error: Error) => void,
): Promise<T> {
  let open = true;
  const current = (): Runner => {
    if (!open) throw new TransactionClosedError();
    return client;
  };
  try {
    await client.query("BEGIN");
    const result = await fn({ kind: "postgres", query: queryWith(current), exec: execWith(current) });
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      // The connection is unusable: destroy it instead of returning it to the pool.
      onBroken(rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError)));
    }
    throw toDatabaseError(error);
  } finally {
    open = false;
  }
}
