/**
 * Our indexer's own realtime-shaped capacity, without a peer and without the head gate: a development tool for the
 * write path, not a `bench:*` comparison. It pre-mines blocks of Transfer events (default 40 `batchTransfer` × 50 =
 * 2,000, the shape of bench:indexer's throughput part: 80 wallets with 50 legs each per block; `--shape 400x5` makes
 * 2,000 with 800 wallets of 5 legs each) on a fresh anvil, then runs `coinscious index` against anvil directly,
 * with every block above finality (a header read per block, as at the head), and reports events/s and where the
 * CPU went: per thread of the indexer process (the main thread, the busiest other one — PGlite's worker — and the
 * rest: V8's GC and compiler threads, libuv) and anvil's, over the blocks after the first batch.
 *
 *   npx tsx packages/indexer/bench/capacity.ts [--blocks 50] [--batch-blocks 5] [--shape 40x50] [--cpu-prof <dir>]
 *     [--node-arg <flag>]… (passed to the indexer's node, e.g. a V8 flag)
 *
 * Ends with one JSON line:
 *   {"bench":"indexer-capacity","events":N,"eps":N,"cpu_us_per_event":N,"cpu_ms":{"main":N,"busiest_other":N,
 *    "rest":N,"anvil":N}}
 * On this 2-core machine the figures move by ±10 % from run to run: compare medians of several runs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generate, type TokenTx, Traffic } from "./generate.ts";
import { installSignalHandlers, onCleanup, processCpu, runCleanups, spawnGroup, threadCpu } from "./procs.ts";
import { throughputGasLimit } from "./realtime.ts";
import { hex } from "./rpc.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../cli/bin/coinscious.mjs", import.meta.url));
const log = (line: string) => process.stderr.write(`[capacity] ${line}\n`);

async function main(): Promise<void> {
  installSignalHandlers();
  const { values } = parseArgs({
    options: {
      blocks: { type: "string", default: "50" },
      "batch-blocks": { type: "string", default: "5" },
      shape: { type: "string", default: "40x50" },
      "cpu-prof": { type: "string" },
      "node-arg": { type: "string", multiple: true, default: [] },
    },
    strict: true,
  });
  const blocks = Number(values.blocks);
  const batchBlocks = Number(values["batch-blocks"]);
  if (!Number.isInteger(blocks) || blocks < 2 || !Number.isInteger(batchBlocks) || batchBlocks < 1)
    throw new Error("--blocks must be an integer ≥ 2 and --batch-blocks ≥ 1");
  const shape = /^(\d+)x(\d+)$/.exec(values.shape);
  const blockTxs = Number(shape?.[1]);
  const txTransfers = Number(shape?.[2]);
  if (shape === null || blockTxs < 1 || txTransfers < 1 || 2 * blockTxs > 1_000)
    throw new Error(
      "--shape must be TXSxTRANSFERS, positive integers with at most 500 transactions (1,000 wallets)",
    );

  const workDir = await mkdtemp(join(tmpdir(), "coinscious-capacity-"));
  onCleanup(() => rm(workDir, { recursive: true, force: true }));
  const chain = await generate({ transfers: 1_000, investors: 1_000, workDir, log: (l) => log(l) });
  onCleanup(() => chain.stop());
  const { traffic, rpc } = chain;
  await rpc.call("evm_setBlockGasLimit", [
    hex(throughputGasLimit({ events: 0, blockTxs, txTransfers, intervalMs: 1 })),
  ]);
  const before = await rpc.blockNumber();
  // Pairs of blocks, the second undoing the first (bench:indexer's throughput shape).
  let last: TokenTx[] = [];
  for (let k = 0; k < blocks; k++) {
    const txs = k % 2 === 0 ? traffic.planCircuit(blockTxs, txTransfers) : Traffic.reverseCircuit(last);
    last = txs;
    await traffic.submitTxs(txs);
    await traffic.mine();
  }
  const head = await rpc.blockNumber();
  const events = blocks * blockTxs * txTransfers;
  log(`pre-mined ${blocks} blocks (${before + 1n}..${head}, ${events} Transfer events); indexing`);

  const args = [
    ...values["node-arg"],
    ...(values["cpu-prof"] === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]]),
    CLI,
    "index",
    "--rpc-url",
    chain.rpcUrl,
    "--manifest",
    chain.manifestPath,
    "--data-dir",
    join(workDir, "db"),
    "--progress",
    "json",
    // Every block above finality: a header read per block, as at the head.
    "--finality-depth",
    "100000",
    "--batch-blocks",
    String(batchBlocks),
  ];
  const proc = spawnGroup(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  type Batch = { fromBlock: string; toBlock: string; logs: number; writeMs: number; at: number };
  const dense: Batch[] = [];
  type CpuAt = { at: number; threads: Map<number, number>; process: number; anvil: number };
  let start: (CpuAt & { logs: number }) | undefined;
  let end: CpuAt | undefined;
  const done = new Promise<void>((resolve, reject) => {
    let pending = "";
    proc.child.stdout?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const p = JSON.parse(line) as { type: string } & Batch;
        if (p.type !== "batch" || BigInt(p.toBlock) <= before) continue;
        dense.push(p);
        // Measured from the end of the first batch of the pre-mined blocks (start-up excluded).
        start ??= {
          at: p.at,
          logs: p.logs,
          threads: threadCpu(proc.pid),
          process: processCpu(proc.pid),
          anvil: processCpu(chain.devnet.pid),
        };
        if (BigInt(p.toBlock) >= head) {
          end = {
            at: p.at,
            threads: threadCpu(proc.pid),
            process: processCpu(proc.pid),
            anvil: processCpu(chain.devnet.pid),
          };
          resolve();
        }
      }
    });
    void proc.exited.then(() => reject(new Error("coinscious index exited before indexing the blocks")));
  });
  await done;
  await proc.stop(20_000);
  if (start === undefined || end === undefined) throw new Error("no batch seen");

  const measured = events - start.logs;
  const ms = end.at - start.at;
  const delta = new Map<number, number>();
  for (const [tid, cpu] of end.threads) delta.set(tid, cpu - (start.threads.get(tid) ?? 0));
  const mainMs = delta.get(proc.pid) ?? 0;
  const others = [...delta].filter(([tid]) => tid !== proc.pid).sort((a, b) => b[1] - a[1]);
  const busiest = others[0]?.[1] ?? 0;
  // The process's own figure counts threads that ended inside the window too (V8's and libuv's helpers come and go).
  const processMs = end.process - start.process;
  const rest = processMs - mainMs - busiest;
  const anvilMs = end.anvil - start.anvil;
  const eps = Math.round((measured / Math.max(1, ms)) * 1000);
  process.stdout.write(
    [
      "",
      `batches after the first (${dense.length - 1}): ${dense
        .slice(1)
        .map((b) => `${b.fromBlock}–${b.toBlock} ${b.logs} logs, write ${Math.round(b.writeMs)} ms`)
        .join("; ")}`,
      `${measured} events in ${ms} ms after the first batch: ${eps} events/s`,
      `indexer process CPU ${processMs} ms (${((processMs * 1000) / measured).toFixed(1)} µs/event): main thread ${mainMs} ms, busiest other thread ${busiest} ms (PGlite's worker), the rest ${rest} ms; anvil ${anvilMs} ms`,
      JSON.stringify({
        bench: "indexer-capacity",
        events: measured,
        eps,
        cpu_us_per_event: Number(((processMs * 1000) / measured).toFixed(1)),
        cpu_ms: { main: mainMs, busiest_other: busiest, rest, anvil: anvilMs },
      }),
      "",
    ].join("\n"),
  );
}

main()
  .then(runCleanups)
  .catch(async (error: unknown) => {
    process.stderr.write(`capacity failed: ${(error as Error).stack ?? String(error)}\n`);
    await runCleanups();
    process.exitCode = 1;
  });
