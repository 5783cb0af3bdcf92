import type { Queryable } from "../types.ts";

/**
 * Runs `statements` (each a function that sends its statements through `tx` and returns their promise) in order
 * in one transaction, and settles them like `Promise.allSettled`, up to the first failure.
 *
 * On PGlite all are started at once: PGlite queues statements in the order they are sent and runs each as soon as
 * the one before it ends, without waiting for the caller's thread. With PGlite on a worker thread the write goes
 * on while this thread is busy (the indexer stages its next batch meanwhile); one round trip per statement would
 * leave the worker idle until this thread answered. On PostgreSQL they run one after the other: `pg` 8 deprecates
 * sending a query on a client that is still running one, and `pg` 9 refuses it.
 *
 * After a failure the statements that follow do not count: on PostgreSQL they are not sent; on PGlite they fail
 * in the aborted transaction, and are left out. Each function must send its first statement before its first
 * `await`, as every query helper of this package does: the functions' first statements run in the order given (a
 * function that sends more after an `await`, such as `insertRows` past 10,000 rows, has those queued behind the
 * others). Throw from the transaction's callback to roll it back.
 *
 * @example
 * const [read, ...writes] = await runInOrder(tx, [
 *   () => tx.query("SELECT block_number FROM checkpoints WHERE chain_id = $1 FOR UPDATE", [chainId]),
 *   () => insertRows(tx, "blocks", BLOCK_COLUMNS, blockRows),
 *   () => setCheckpoint(tx, checkpoint),
 * ]);
 */
export async function runInOrder(
  tx: Queryable,
  statements: readonly (() => Promise<unknown>)[],
): Promise<PromiseSettledResult<unknown>[]> {
  if (tx.kind === "postgres") {
    const outcomes: PromiseSettledResult<unknown>[] = [];
    for (const statement of statements) {
      try {
        outcomes.push({ status: "fulfilled", value: await statement() });
      } catch (reason) {
        outcomes.push({ status: "rejected", reason });
        break;
      }
    }
    return outcomes;
  }
  const outcomes = await Promise.allSettled(statements.map((statement) => statement()));
  const failed = outcomes.findIndex((o) => o.status === "rejected");
  return failed < 0 ? outcomes : outcomes.slice(0, failed + 1);
}
