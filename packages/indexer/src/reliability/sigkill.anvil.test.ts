import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { createDatabase, type StateChecksum } from "@coinscious/db";
import { describeDatabases } from "@coinscious/db/testing";
import { getManifestSources } from "../sources/getManifestSources.ts";
import { type Devnet, startDevnet } from "../test/devnet.ts";
import { assertIndexedState } from "./assertIndexedState.ts";
import { buildIndexerProcess, type IndexerProgram } from "./buildIndexerProcess.ts";
import { generateTransfers } from "./generateTransfers.ts";
import { indexCleanly } from "./indexCleanly.ts";
import { type IndexerProcessConfig, manifestOf, toManifestSourcesInput } from "./indexerProcessConfig.ts";
import { createRandom } from "./random.ts";
import { killIndexerProcesses, type ReceivedLine, spawnIndexerProcess } from "./spawnIndexerProcess.ts";

/** SIGKILLs per engine (`RELIABILITY_KILLS=200` for a long local run). */
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 20);
const FINALITY_DEPTH = 12;
const BATCH_BLOCKS = 5;

let d: Devnet;
let transfers = 0;
let program: IndexerProgram;

before(async () => {
  program = await buildIndexerProcess();
  d = await startDevnet({ wallets: 60 });
  // ~5,000 Transfers over ~550 blocks: ~110 batches of 5 blocks, more than twenty lives consume even when each
  // writes a few (empty, fast) batches more than it had reported when the kill lands.
  transfers = await generateTransfers(d, {
    rounds: Number(process.env.RELIABILITY_ROUNDS ?? 50),
    emptyBlocksBetween: 10,
  });
});
after(async () => {
  await killIndexerProcesses();
  await d?.stop();
  await program?.dispose();
});

const isBatch = (l: ReceivedLine): l is Extract<ReceivedLine, { type: "batch" }> => l.type === "batch";

describeDatabases("SIGKILL at random points of a backfill, restart each time", (ctx) => {
  let dataDir: string | undefined;
  let clean: StateChecksum;

  before(async () => {
    if (ctx.kind === "pglite") dataDir = await mkdtemp(join(tmpdir(), "coinscious-sigkill-"));
    // PGlite: the suite's in-memory database is free (the children use their data directory); PostgreSQL: the
    // children use the suite's schema, the clean index another.
    const cleanDb = ctx.kind === "pglite" ? ctx.db : await ctx.createTestDatabase();
    clean = await indexCleanly(cleanDb, {
      publicClient: d.publicClient,
      sources: d.sources,
      finality: { type: "depth", depth: FINALITY_DEPTH },
    });
  });
  after(async () => {
    await killIndexerProcesses();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it(`loses and duplicates nothing over ${KILLS} SIGKILLs: the final state equals a clean index`, async (t) => {
    const manifest = manifestOf(d);
    assert.deepEqual(getManifestSources(toManifestSourcesInput(manifest)), d.sources);
    const config: IndexerProcessConfig = {
      rpcUrl: d.anvil.rpcUrl,
      manifest,
      ...(dataDir === undefined ? { databaseUrl: ctx.db.url as string } : { dataDir }),
      finalityDepth: FINALITY_DEPTH,
      batchBlocks: BATCH_BLOCKS,
      pollingIntervalMs: 50,
      waitForGo: true,
    };
    const random = createRandom();
    t.diagnostic(
      `seed ${random.seed} (RELIABILITY_SEED replays the kill points); children from ${program.kind}`,
    );
    const head = (await d.head()).number;
    /** Highest block a batch line reported committed, and the highest finalized floor read back. */
    let committed = -1n;
    let floor = 0n;
    const where = { starting: 0, backfill: 0, realtime: 0 };
    const lives: string[] = [];
    if (process.env.RELIABILITY_VERBOSE) t.after(() => console.log(lives.join("\n")));
    const started = performance.now();

    /** The checks each life's first lines allow: its checkpoint is at least what was committed before. */
    const checkResume = (lines: readonly ReceivedLine[], life: number) => {
      const ready = lines.find((l) => l.type === "ready");
      if (ready?.type !== "ready") return;
      const stored = ready.checkpoint;
      const block = stored === null ? -1n : BigInt(stored.blockNumber);
      assert.ok(block >= committed, `life ${life}: checkpoint ${block} is below the committed ${committed}`);
      if (stored !== null) {
        assert.ok(block >= floor, `life ${life}: checkpoint ${block} is below the finality floor ${floor}`);
        const finalized = BigInt(stored.finalizedBlockNumber);
        assert.ok(finalized >= floor, `life ${life}: the floor went back from ${floor} to ${finalized}`);
        floor = finalized;
      }
      // Resumes right after the checkpoint: no block indexed twice, none skipped.
      const first = lines.find(isBatch);
      if (first !== undefined)
        assert.equal(
          BigInt(first.fromBlock),
          stored === null ? d.sources.startBlock : block + 1n,
          `life ${life}: first batch`,
        );
    };
    const afterLife = (lines: readonly ReceivedLine[]) => {
      for (const l of lines) if (isBatch(l) && BigInt(l.toBlock) > committed) committed = BigInt(l.toBlock);
    };

    // Before the suite's `after` drops the schema (a child's open transaction would block the DROP).
    t.after(() => killIndexerProcesses());
    // The next process loads its code while the current one runs: a restart then costs what reopening the
    // database and resuming cost, which is what this test is about (and keeps it within its time budget).
    let spare = spawnIndexerProcess(config, program);
    for (let life = 0; life < KILLS; life++) {
      const child = spare;
      await child.go();
      const spawned = performance.now();
      spare = spawnIndexerProcess(config, program);
      if (random.chance(0.25)) {
        // Anywhere in start-up: opening (PGlite recovery), migrating, resuming, up to the first batch.
        await child.waitFor(isBatch, random.int(0, 1_500), "a kill point").catch(() => {});
      } else {
        const batches = random.int(1, 3);
        await child.waitFor(
          (l) => l.type === "caught-up" || child.lines.filter(isBatch).length >= batches,
          60_000,
          `batch ${batches} of life ${life}`,
        );
        // Into the next step: its RPC reads or its write transaction.
        await new Promise((r) => setTimeout(r, random.int(0, 60)));
      }
      assert.ok(child.alive, `life ${life} ended by itself:\n${child.stderr()}`);
      await child.kill();
      const lines = child.lines;
      checkResume(lines, life);
      afterLife(lines);
      const phase = lines.some((l) => l.type === "caught-up")
        ? "realtime"
        : lines.some(isBatch)
          ? "backfill"
          : "starting";
      where[phase]++;
      const ready = lines.find((l) => l.type === "ready");
      lives.push(
        `${life}: ${phase} ${Math.round(performance.now() - spawned)} ms` +
          (ready?.type === "ready"
            ? ` (open ${ready.openMs} ms, ready at ${Math.round(ready.at - spawned)} ms)`
            : "") +
          ` ${lines.filter(isBatch).length} batches, committed ${committed}`,
      );
    }

    const last = spare;
    await last.go();
    const caughtUp = await last.waitFor((l) => l.type === "caught-up", 120_000, "the final catch-up");
    checkResume(last.lines, KILLS);
    assert.equal(caughtUp.type === "caught-up" && caughtUp.blockHash, (await d.head()).hash);
    assert.equal(await last.stop(), 0, last.stderr());
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    t.diagnostic(
      `${KILLS} SIGKILLs (${where.starting} in start-up, ${where.backfill} mid-backfill, ${where.realtime} after ` +
        `catching up) over ${head} blocks, ${transfers} Transfers, in ${seconds} s`,
    );

    const db = dataDir === undefined ? ctx.db : await createDatabase({ dataDir });
    try {
      await assertIndexedState(db, d, clean, `after ${KILLS} SIGKILLs`);
    } finally {
      if (db !== ctx.db) await db.close();
    }
  });
});
