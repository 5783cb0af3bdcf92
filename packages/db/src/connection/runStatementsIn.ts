import { ValidationError } from "@coinscious/core";
import type { Queryable, QueryResult, Statement, TransactionRunner } from "../types.ts";

/**
 * `runStatements` where the caller's thread runs the transaction (PostgreSQL, PGlite in this thread): each statement
 * through `runner.transaction`'s handle, one after the other. These engines gain nothing from one message per
 * transaction: PostgreSQL's `pg` sends one statement at a time anyway, and PGlite in this thread runs on it.
 */
export function runStatementsIn(
  runner: Pick<TransactionRunner, "transaction">,
  statements: readonly Statement[],
): Promise<QueryResult<Record<string, unknown>>[]> {
  return runner.transaction(async (tx) => {
    const results: QueryResult<Record<string, unknown>>[] = [];
    for (const statement of statements) results.push(await runStatement(tx, statement));
    return results;
  });
}

/** One {@link Statement} on `db`. */
export async function runStatement(
  db: Queryable,
  statement: Statement,
): Promise<QueryResult<Record<string, unknown>>> {
  if ("sql" in statement) return db.query(statement.sql, statement.params);
  if (db.copyFrom === undefined)
    throw new ValidationError("A COPY statement needs PGlite; build the statements for this database");
  return { rows: [], rowCount: await db.copyFrom(statement.copy, statement.data, statement.format) };
}
