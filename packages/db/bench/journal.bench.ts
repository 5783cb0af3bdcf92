// Benchmarks of the journal write path and the as-of cap table (the numbers in src/README.md).
//
//   cd packages/db && node --import tsx bench/journal.bench.ts [pglite|postgres] [insert,captable]
//
// postgres: a fresh schema on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), dropped after.
// Prints wall time and CPU time (this process, plus the PostgreSQL backend read from /proc): on a shared machine the
// CPU time is the steadier figure.
import { readFileSync } from "node:fs";
import { capTableAt } from "../src/queries/capTableAt.ts";
import { insertTransfers, type JournalEntry } from "../src/queries/insertTransfers.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/createTestDatabase.ts";
import { fakeAddress, fakeHash } from "../src/testing/fakes.ts";
import type { Queryable } from "../src/types.ts";

const engine = process.argv[2] === "postgres" ? "postgres" : "pglite";
const which = process.argv[3] ?? "insert,captable";
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CHAIN = 31337;
const TOKEN = fakeAddress(0x70c);
const TX = fakeHash(0xfeed);

type Measured = { wall: number; cpu: number };

/** CPU milliseconds (user + system) of a process of this machine, from /proc (10 ms clock ticks). */
function processCpu(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] as string).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `fn` in one transaction; wall and CPU time (this process and, on PostgreSQL, the backend). */
async function measured(db: TestDatabase, fn: (tx: Queryable) => Promise<unknown>): Promise<Measured> {
  let backend: number | undefined;
  let backendStart = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  await db.transaction(async (tx) => {
    if (engine === "postgres") {
      const { rows } = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      backend = rows[0]?.pid as number;
      backendStart = processCpu(backend);
    }
    await fn(tx);
  });
  const wall = performance.now() - started;
  const own = process.cpuUsage(cpuStart);
  const cpu =
    (own.user + own.system) / 1000 + (backend === undefined ? 0 : processCpu(backend) - backendStart);
  return { wall, cpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (xs: number[]) => `${xs.map((x) => x.toFixed(0)).join(", ")} ms (median ${median(xs).toFixed(0)})`;
const investor = (i: number) => BigInt(1 + (i % 700));

function entry(block: number, logIndex: number, from: number | null, to: number | null, amount: bigint) {
  const wallet = (i: number | null) => (i === null ? null : fakeAddress(0xa0000 + i));
  return {
    blockNumber: BigInt(block),
    logIndex,
    txHash: TX,
    token: TOKEN,
    kind: from === null ? "issuance" : "transfer",
    from: wallet(from),
    to: wallet(to),
    fromInvestorId: from === null ? null : investor(from),
    toInvestorId: to === null ? null : investor(to),
    amount,
    reasonCode: null,
  } satisfies JournalEntry;
}

/** 50,000 transfers among 2,000 wallets (50 per block, random pairs) in one transaction, after their issuance. */
async function benchInsert(): Promise<void> {
  const runs: Measured[] = [];
  for (let run = 0; run < 3; run++) {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const db = await createTestDatabase({ url: engine === "postgres" ? url : undefined });
    try {
      const issuance = Array.from({ length: 2_000 }, (_, i) => entry(1, i, null, i, 10n ** 24n));
      await db.transaction((tx) => insertTransfers(tx, { chainId: CHAIN, transfers: issuance }));
      const transfers = Array.from({ length: 50_000 }, (_, i) => {
        const from = random(2_000);
        const to = (from + 1 + random(1_999)) % 2_000;
        return entry(2 + Math.floor(i / 50), i % 50, from, to, BigInt(1 + random(1_000)) * 10n ** 18n);
      });
      runs.push(await measured(db, (tx) => insertTransfers(tx, { chainId: CHAIN, transfers })));
    } finally {
      await db.drop();
    }
  }
  const cpu = runs.map((r) => r.cpu);
  console.log(`${engine}: insertTransfers, 50,000 transfers / 2,000 wallets, one transaction`);
  console.log(
    `  wall ${ms(runs.map((r) => r.wall))}; cpu ${ms(cpu)} = ${(50_000_000 / median(cpu)).toFixed(0)}/cpu-s`,
  );
}

/** capTableAt as of block 25 over 10,000 wallets x 50 legs: block 1 issues, blocks 2..50 move within pairs. */
async function benchCapTable(): Promise<void> {
  const db = await createTestDatabase({ url: engine === "postgres" ? url : undefined });
  try {
    const transfers = Array.from({ length: 10_000 }, (_, i) => entry(1, i, null, i, 1_000n + BigInt(i)));
    for (let block = 2; block <= 50; block++) {
      for (let k = 0; k < 5_000; k++) {
        const [from, to] = block % 2 === 0 ? [2 * k, 2 * k + 1] : [2 * k + 1, 2 * k];
        transfers.push(entry(block, k, from, to, BigInt(1 + (k % 7))));
      }
    }
    const write = await measured(db, (tx) => insertTransfers(tx, { chainId: CHAIN, transfers }));
    await db.exec("ANALYZE");
    const asOf: Measured[] = [];
    const now: Measured[] = [];
    for (let run = 0; run < 6; run++) {
      const a = await measured(db, (tx) =>
        capTableAt(tx, { chainId: CHAIN, token: TOKEN, blockNumber: 25n, limit: 50 }),
      );
      const b = await measured(db, (tx) => capTableAt(tx, { chainId: CHAIN, token: TOKEN, limit: 50 }));
      // The first run warms the caches.
      if (run > 0) {
        asOf.push(a);
        now.push(b);
      }
    }
    console.log(`${engine}: ${transfers.length} transfers (500,000 legs) in one transaction`);
    console.log(`  wall ${write.wall.toFixed(0)} ms, cpu ${write.cpu.toFixed(0)} ms`);
    console.log(`${engine}: capTableAt as of block 25, 10,000 wallets x 50 legs, page of 50`);
    console.log(`  wall ${ms(asOf.map((r) => r.wall))}; cpu ${ms(asOf.map((r) => r.cpu))}`);
    console.log(`${engine}: capTableAt now (the balances table): cpu ${ms(now.map((r) => r.cpu))}`);
  } finally {
    await db.drop();
  }
}

if (which.includes("insert")) await benchInsert();
if (which.includes("captable")) await benchCapTable();
