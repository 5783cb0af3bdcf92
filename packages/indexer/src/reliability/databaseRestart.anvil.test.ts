import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createDatabase, type Database, migrate } from "@coinscious/db";
import { createTestDatabase, type TestDatabase } from "@coinscious/db/testing";
import type { Address } from "viem";
import type { SyncEvent } from "../sync/createSync.ts";
import { CHAIN_ID, type Devnet, startDevnet } from "../test/devnet.ts";
import { assertIndexedState } from "./assertIndexedState.ts";
import { generateTransfers } from "./generateTransfers.ts";
import { indexCleanly } from "./indexCleanly.ts";
import { type RunningIndexer, runIndexerInBackground } from "./runIndexerInBackground.ts";
import { findPostgresBinaries, type PrivatePostgres, startPrivatePostgres } from "./startPrivatePostgres.ts";

const FINALITY = { type: "depth" as const, depth: 12 };
const BATCH_BLOCKS = 5;
/** How long the server stays away on each restart. */
const DOWN_MS = Number(process.env.RELIABILITY_PG_DOWN_MS ?? 2_000);
const serverUrl = process.env.TEST_DATABASE_URL || undefined;
const bin = findPostgresBinaries();

/** One devnet for the file, made on first use (both suites may be skipped). */
let devnet: Promise<Devnet> | undefined;
function getDevnet(): Promise<Devnet> {
  devnet ??= (async () => {
    const d = await startDevnet({ wallets: 40 });
    await generateTransfers(d, { rounds: 25, emptyBlocksBetween: 4 });
    return d;
  })();
  return devnet;
}
after(async () => {
  await (await devnet?.catch(() => undefined))?.stop();
});

const batches = (events: SyncEvent[]) =>
  events.filter((e): e is Extract<SyncEvent, { type: "batch" }> => e.type === "batch");

/**
 * Runs `runIndexer` on `db` and interrupts its database connection twice with `interrupt` — in the backfill, and
 * while it follows new blocks — then checks that it reconnected each time, re-took the lock, resumed right after
 * its checkpoint (no batch twice, none skipped), and ended equal to a clean index in `cleanDb`.
 */
async function survivesInterruptions(
  d: Devnet,
  db: Database,
  cleanDb: Database,
  interrupt: () => Promise<void>,
  diagnostic: (message: string) => void,
): Promise<void> {
  const started = performance.now();
  let run: RunningIndexer | undefined = runIndexerInBackground({
    db,
    publicClient: d.publicClient,
    sources: d.sources,
    finality: FINALITY,
    batchBlocks: BATCH_BLOCKS,
    pollingIntervalMs: 50,
    lockPollIntervalMs: 200,
    retryDelayMs: 100,
    maxRetryDelayMs: 1_000,
  });
  try {
    const { events, roles } = run;
    const synced = async () =>
      (
        await db.query<{ block_hash: string }>("SELECT block_hash FROM checkpoints WHERE chain_id = $1", [
          CHAIN_ID,
        ])
      ).rows[0]?.block_hash === (await d.head()).hash;
    /** Interrupts, then waits until the indexer is the writer again and has written `after` more batches. */
    const interruptAndRecover = async (what: string, after: number) => {
      const before = batches(events).length;
      const reconnects = roles.filter((r) => r === "reconnecting").length;
      const cut = performance.now();
      await interrupt();
      await run?.waitFor(
        () => roles.filter((r) => r === "reconnecting").length > reconnects && roles.at(-1) === "writer",
        60_000,
        `the writer lock re-taken after ${what}`,
      );
      const recovered = performance.now();
      if (after > 0)
        await run?.waitFor(() => batches(events).length >= before + after, 60_000, `batches after ${what}`);
      diagnostic(`${what}: writer again ${Math.round(recovered - cut)} ms after the cut`);
    };

    await run.waitFor(() => batches(events).length >= 3, 60_000, "three batches");
    await interruptAndRecover("a cut mid-backfill", 3);
    await run.waitFor(() => events.some((e) => e.type === "caught-up"), 120_000, "the end of the backfill");

    // Realtime: new blocks while the connection is cut.
    const wallet = (i: number) => d.wallets[i % d.wallets.length] as Address;
    const sending = (async () => {
      for (let i = 0; i < 12; i++) {
        await d.sendAndWait(wallet(i), d.deployment.token, d.transferData(wallet(i + 5), 1n));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    await interruptAndRecover("a cut in realtime", 0);
    await sending;
    await run.waitFor(synced, 60_000, "synced with the head");
    await run.stop();
    run = undefined;

    // Each life resumed right after the previous batch: the store refuses anything else, and nothing is redone.
    const list = batches(events);
    for (let i = 1; i < list.length; i++) {
      const [prev, next] = [list[i - 1], list[i]] as [(typeof list)[number], (typeof list)[number]];
      assert.ok(next.fromBlock > prev.toBlock, `batch ${next.fromBlock} redoes blocks up to ${prev.toBlock}`);
      assert.ok(next.fromBlock <= prev.toBlock + 1n + BigInt(BATCH_BLOCKS), `a gap before ${next.fromBlock}`);
    }
    assert.equal(roles.filter((r) => r === "reconnecting").length, 2, roles.join(","));
    diagnostic(
      `${list.length} batches, roles ${roles.join(" → ")}, ${Math.round(performance.now() - started)} ms`,
    );

    const clean = await indexCleanly(cleanDb, {
      publicClient: d.publicClient,
      sources: d.sources,
      finality: FINALITY,
    });
    await assertIndexedState(db, d, clean, "after the connection was cut twice");
  } finally {
    await run?.stop().catch(() => {});
  }
}

describe("PostgreSQL restarted under the indexer (a private cluster)", {
  skip:
    bin === undefined
      ? "no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql/<version>/bin or PG_BIN"
      : serverUrl === undefined && !process.env.RELIABILITY_PRIVATE_PG
        ? "TEST_DATABASE_URL is not set (a server suite; RELIABILITY_PRIVATE_PG=1 runs it anyway)"
        : false,
}, () => {
  let pg: PrivatePostgres | undefined;
  const open: Database[] = [];

  before(async () => {
    pg = await startPrivatePostgres(bin as string);
  });
  after(async () => {
    await Promise.all(open.map((db) => db.close().catch(() => {})));
    await pg?.stop();
  });

  it("reconnects, re-takes the writer lock and resumes from its checkpoint after immediate restarts", async (t) => {
    const server = pg as PrivatePostgres;
    const d = await getDevnet();
    const admin = await createDatabase({ url: server.url() });
    open.push(admin);
    await admin.exec("CREATE DATABASE indexer");
    await admin.exec("CREATE DATABASE clean");
    const db = await createDatabase({
      url: server.url("indexer"),
      maxConnections: 4,
      connectTimeoutMs: 2_000,
    });
    const cleanDb = await createDatabase({ url: server.url("clean") });
    open.push(db, cleanDb);
    await migrate(db);
    await migrate(cleanDb);
    const pids: (number | undefined)[] = [await server.pid()];
    await survivesInterruptions(
      d,
      db,
      cleanDb,
      async () => {
        await server.restart({ downMs: DOWN_MS });
        pids.push(await server.pid());
      },
      (m) => t.diagnostic(m),
    );
    assert.equal(new Set(pids).size, 3, `a new postmaster each time: ${pids.join(", ")}`);
  });
});

describe("the indexer's connections terminated (pg_terminate_backend)", {
  skip: serverUrl === undefined ? "TEST_DATABASE_URL is not set" : false,
}, () => {
  let schemaDb: TestDatabase | undefined;
  let cleanDb: TestDatabase | undefined;
  let db: Database | undefined;

  after(async () => {
    await db?.close().catch(() => {});
    await schemaDb?.drop();
    await cleanDb?.drop();
  });

  it("reconnects, re-takes the writer lock and resumes from its checkpoint (lock session and pool killed)", async (t) => {
    const d = await getDevnet();
    schemaDb = await createTestDatabase({ url: serverUrl });
    cleanDb = await createTestDatabase({ url: serverUrl });
    // The indexer's own pool, named so that its connections can be told from the test's.
    const application = `coinscious_reliability_${randomBytes(4).toString("hex")}`;
    const url = new URL(schemaDb.url as string);
    url.searchParams.set("application_name", application);
    db = await createDatabase({ url: url.toString(), maxConnections: 4, connectTimeoutMs: 2_000 });
    const admin = schemaDb;
    const killed: number[] = [];
    await survivesInterruptions(
      d,
      db,
      cleanDb,
      async () => {
        // Select first, terminate after: in one statement the planner may call pg_terminate_backend on rows
        // the filter would reject — every session on a shared server.
        const { rows } = await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()",
          [application],
        );
        assert.ok(rows.length >= 1, "the indexer had connections to terminate");
        for (const { pid } of rows) await admin.query("SELECT pg_terminate_backend($1::int)", [pid]);
        killed.push(rows.length);
      },
      (m) => t.diagnostic(m),
    );
    t.diagnostic(`terminated ${killed.join(" + ")} backends`);
  });
});
