import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, type TestDatabase } from "@coinscious/db/testing";
import { type Devnet, startDevnet } from "../test/devnet.ts";
import { assertIndexedState } from "./assertIndexedState.ts";
import { buildIndexerProcess, type IndexerProgram } from "./buildIndexerProcess.ts";
import { generateTransfers } from "./generateTransfers.ts";
import { indexCleanly } from "./indexCleanly.ts";
import { type IndexerProcessConfig, manifestOf } from "./indexerProcessConfig.ts";
import { killIndexerProcesses, type ReceivedLine, spawnIndexerProcess } from "./spawnIndexerProcess.ts";

/** Writers killed, one after another (`RELIABILITY_TAKEOVERS`). */
const TAKEOVERS = Number(process.env.RELIABILITY_TAKEOVERS ?? 3);
const LOCK_POLL_MS = 500;
/** The bound asserted: a poll interval plus the time to resume, with room for a loaded machine. */
const TAKEOVER_LIMIT_MS = 5_000;
const FINALITY_DEPTH = 12;
const serverUrl = process.env.TEST_DATABASE_URL || undefined;

type BatchLine = Extract<ReceivedLine, { type: "batch" }>;
const isBatch = (l: ReceivedLine): l is BatchLine => l.type === "batch";

describe("hot standby: two indexer processes on one PostgreSQL schema", {
  skip:
    serverUrl === undefined
      ? "TEST_DATABASE_URL is not set (PGlite is one process's database: no second process can stand by)"
      : false,
}, () => {
  let d: Devnet;
  let db: TestDatabase;
  let cleanDb: TestDatabase;
  let program: IndexerProgram;

  before(async () => {
    program = await buildIndexerProcess();
    d = await startDevnet({ wallets: 40 });
    await generateTransfers(d, { rounds: 30, emptyBlocksBetween: 4 });
    db = await createTestDatabase({ url: serverUrl });
    cleanDb = await createTestDatabase({ url: serverUrl });
  });
  after(async () => {
    await killIndexerProcesses();
    await db?.drop();
    await cleanDb?.drop();
    await d?.stop();
    await program?.dispose();
  });

  it(`the standby takes over within ${TAKEOVER_LIMIT_MS} ms of each SIGKILL of the writer; the state equals a clean index`, async (t) => {
    const config: IndexerProcessConfig = {
      rpcUrl: d.anvil.rpcUrl,
      manifest: manifestOf(d),
      databaseUrl: db.url as string,
      finalityDepth: FINALITY_DEPTH,
      batchBlocks: 5,
      pollingIntervalMs: 50,
      lockPollIntervalMs: LOCK_POLL_MS,
    };
    const isRole = (role: string) => (l: ReceivedLine) => l.type === "role" && l.role === role;
    let writer = spawnIndexerProcess(config, program);
    await writer.waitFor(isRole("writer"), 60_000, "the first writer");
    const takeovers: number[] = [];
    const resumed: string[] = [];
    for (let i = 0; i < TAKEOVERS; i++) {
      const standby = spawnIndexerProcess(config, program);
      await standby.waitFor(isRole("standby"), 60_000, `standby ${i}`);
      // The writer is busy (mid-backfill for the first kills) when it dies.
      const written = writer.lines.filter(isBatch).length;
      await writer.waitFor(
        (l) => l.type === "caught-up" || writer.lines.filter(isBatch).length > written,
        60_000,
        `a batch of writer ${i}`,
      );
      assert.ok(!standby.lines.some(isBatch), "the standby wrote nothing while the writer lived");
      const killed = performance.now();
      await writer.kill();
      const took = await standby.waitFor(isRole("writer"), 30_000, `takeover ${i}`);
      takeovers.push(took.at - killed);
      const phase = writer.lines.some((l) => l.type === "caught-up") ? "realtime" : "backfill";
      // The new writer goes on where the old one stopped: nothing written twice, no gap but (at most) the one
      // batch the old writer committed without living to report it.
      const last = writer.lines
        .filter(isBatch)
        .reduce((n, l) => (BigInt(l.toBlock) > n ? BigInt(l.toBlock) : n), 0n);
      if (phase === "backfill") {
        // The old writer may have committed the last backfill batch and died before saying it caught up: then the
        // new writer has nothing left to write and its first word is `caught-up`, at or past the last batch.
        const next = await standby.waitFor(
          (l) => isBatch(l) || l.type === "caught-up",
          30_000,
          `the first batch (or caught-up) of writer ${i + 1}`,
        );
        if (isBatch(next)) {
          const from = BigInt(next.fromBlock);
          assert.ok(from > last && from <= last + 1n + BigInt(config.batchBlocks), `${from} after ${last}`);
        } else if (next.type === "caught-up") {
          assert.ok(BigInt(next.blockNumber) >= last, `caught up at ${next.blockNumber}, before ${last}`);
        }
        resumed.push(
          `${phase}: writer after ${Math.round(took.at - killed)} ms, ${next.type} after ${Math.round(next.at - killed)} ms`,
        );
      } else resumed.push(`${phase}: writer after ${Math.round(took.at - killed)} ms`);
      writer = standby;
    }
    const caughtUp = await writer.waitFor(
      (l) => l.type === "caught-up",
      120_000,
      "the last writer catching up",
    );
    assert.equal(caughtUp.type === "caught-up" && caughtUp.blockHash, (await d.head()).hash);
    assert.equal(await writer.stop(), 0, writer.stderr());
    t.diagnostic(`takeovers after SIGKILL — ${resumed.join("; ")}`);
    for (const ms of takeovers) assert.ok(ms <= TAKEOVER_LIMIT_MS, `a takeover took ${Math.round(ms)} ms`);

    const clean = await indexCleanly(cleanDb, {
      publicClient: d.publicClient,
      sources: d.sources,
      finality: { type: "depth", depth: FINALITY_DEPTH },
    });
    await assertIndexedState(db, d, clean, `after ${TAKEOVERS} takeovers`);
  });
});
