/**
 * `npm run bench:indexer` — Coinscious' indexer vs Ponder 0.16.10: same token, same ≥ 50,000 Transfer events,
 * same anvil, same run (docs/benchmarks.md, "Indexer").
 *
 * Generates once (generate.ts) and snapshots the chain (anvil `evm_snapshot`); then runs each indexer in turn —
 * never both at once, the machine has 2 cores — each on a fresh data directory, the chain reverted to that
 * snapshot before the second (`evm_revert`, the generator's random stream too), so both backfill the very same
 * chain and get the very same realtime blocks: finality padding, backfill, then a realtime phase (blocks mined
 * at a steady pace while it runs; the throughput part pre-mined and revealed on a schedule through a head gate,
 * headGate.ts, the JSON-RPC proxy each indexer talks to anvil through). Prints a table and ends with exactly
 * one JSON line:
 *   {"bench":"indexer","events":N,"backfill_eps":{…},"realtime_eps":{…},"latency_ms_p99":{…},"rss_mb":{…},
 *    "checksums_equal":true}
 * The balances checksum of each indexer must equal the other's and the chain's (`balanceOf` of every wallet
 * at the head of its run); its transfer rows must equal the chain's Transfer events; a mismatch is a failure
 * (exit 1), not a number.
 *
 * Flags (or env BENCH_<NAME> in upper snake case, e.g. BENCH_TRANSFERS=50000):
 *   --transfers 50000             transfers loaded before the backfills (events = these + the issuance)
 *   --investors 1000              investors (wallets) registered and issued to
 * Realtime (each indexer, at the head, after its backfill; see realtime.ts):
 *   --latency-blocks 200          latency part: blocks (block-to-queryable latency p50/p99/max) …
 *   --latency-block-txs 10        … of this many plain transfers …
 *   --latency-interval-ms 250     … one every … ms: a light load both sustain
 *   --realtime-events 100000      throughput part: Transfer events (at least; whole pairs of blocks) …
 *   --realtime-block-txs 40       … in blocks of this many batchTransfer transactions …
 *   --realtime-tx-transfers 50    … of this many transfers each, pre-mined behind the head gate …
 *   --realtime-interval-ms 12     … then one block revealed every … ms (166,667 events/s scheduled)
 *   --realtime-live               mine the throughput part live instead (one block every interval, as fast as
 *                                 anvil allows: ~20k events/s here), the harness before the head gate
 *   --realtime-shapes 1x10:4000:1,4x50:20000:5
 *                                 more gated throughput parts after it, one per block shape,
 *                                 TXSxTRANSFERS:EVENTS:INTERVAL_MS each ("none": no more): by default 10 and 200
 *                                 events/block, which weigh an indexer's per-block costs more than 2,000 do
 *   --polling-ms 100              head polling of both: Ponder's pollingInterval (its minimum) and
 *                                 `coinscious index --polling-interval` (alias: --ponder-polling-ms)
 *   --finality-depth 30           passed to `coinscious index` (Ponder's is 30 on chain 31337)
 *   --order ours,ponder           which runs first
 *   --skip-ours / --skip-ponder   development only
 *   --keep                        keep the work directory (manifest, data dirs, logs)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type GeneratedChain, generate } from "./generate.ts";
import { formatCalls, type HeadGateStats, startHeadGate } from "./headGate.ts";
import {
  type BalanceChecksum,
  balanceChecksum,
  chainBalances,
  type IndexerResult,
  percentile,
  round,
} from "./measure.ts";
import { installSignalHandlers, onCleanup, runCleanups } from "./procs.ts";
import type { RealtimeOptions, ThroughputPlan, ThroughputResult } from "./realtime.ts";
import { hex } from "./rpc.ts";
import { runOurs } from "./runOurs.ts";
import { ensurePonderInstalled, runPonder } from "./runPonder.ts";

const log = (line: string) => process.stderr.write(`[bench:indexer] ${line}\n`);

const { values } = parseArgs({
  options: {
    transfers: { type: "string" },
    investors: { type: "string" },
    "latency-blocks": { type: "string" },
    "latency-block-txs": { type: "string" },
    "latency-interval-ms": { type: "string" },
    "realtime-events": { type: "string" },
    "realtime-block-txs": { type: "string" },
    "realtime-tx-transfers": { type: "string" },
    "realtime-interval-ms": { type: "string" },
    "realtime-live": { type: "boolean" },
    "realtime-shapes": { type: "string" },
    "polling-ms": { type: "string" },
    "ponder-polling-ms": { type: "string" },
    "finality-depth": { type: "string" },
    order: { type: "string" },
    "skip-ours": { type: "boolean" },
    "skip-ponder": { type: "boolean" },
    keep: { type: "boolean" },
  },
  strict: true,
});

function option(name: keyof typeof values, fallback: number): number {
  const env = process.env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`];
  const raw = values[name] ?? env;
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got ${String(raw)}`);
  return n;
}
/** `--realtime-shapes`: TXSxTRANSFERS:EVENTS:INTERVAL_MS, comma-separated, or "none". */
function shapesOption(): ThroughputPlan[] {
  const raw = values["realtime-shapes"] ?? process.env.BENCH_REALTIME_SHAPES ?? "1x10:4000:1,4x50:20000:5";
  if (raw.trim() === "none") return [];
  return raw.split(",").map((part) => {
    const m = /^(\d+)x(\d+):(\d+):(\d+)$/.exec(part.trim());
    const [txs, transfers, events, interval] = (m?.slice(1) ?? []).map(Number);
    if (!m || !txs || !transfers || !events || !interval)
      throw new Error(
        `--realtime-shapes: "${part}" is not TXSxTRANSFERS:EVENTS:INTERVAL_MS with positive integers (e.g. 4x50:20000:5)`,
      );
    // Gated like the main part, or mined live with it (--realtime-live).
    return {
      blockTxs: txs,
      txTransfers: transfers,
      events,
      intervalMs: interval,
      live: flag("realtime-live"),
    };
  });
}
const flag = (name: "skip-ours" | "skip-ponder" | "keep" | "realtime-live") =>
  values[name] === true ||
  ["1", "true"].includes(process.env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`] ?? "");

async function main(): Promise<number> {
  installSignalHandlers();
  const transfers = option("transfers", 50_000);
  const investors = option("investors", 1_000);
  const realtime: RealtimeOptions = {
    latency: {
      blocks: option("latency-blocks", 200),
      blockTxs: option("latency-block-txs", 10),
      intervalMs: option("latency-interval-ms", 250),
    },
    throughput: {
      events: option("realtime-events", 100_000),
      blockTxs: option("realtime-block-txs", 40),
      txTransfers: option("realtime-tx-transfers", 50),
      intervalMs: option("realtime-interval-ms", 12),
      live: flag("realtime-live"),
    },
    shapes: shapesOption(),
  };
  const finalityDepth = option("finality-depth", 30);
  const pollingMs = option("polling-ms", option("ponder-polling-ms", 100));
  const order = (values.order ?? process.env.BENCH_ORDER ?? "ours,ponder").split(",").map((s) => s.trim());
  const runs = order.filter(
    (n): n is "ours" | "ponder" =>
      (n === "ours" && !flag("skip-ours")) || (n === "ponder" && !flag("skip-ponder")),
  );
  if (runs.length === 0) throw new Error("nothing to run (both indexers skipped?)");
  if (runs.includes("ponder")) ensurePonderInstalled(log);

  const workDir = mkdtempSync(join(tmpdir(), "coinscious-bench-indexer-"));
  // Registered first, so it runs last (after the processes using it are gone), also on Ctrl-C.
  onCleanup(async () => {
    if (flag("keep")) log(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  });
  let chain: GeneratedChain | undefined;
  try {
    log(`generating ${transfers} transfers among ${investors} investors (work dir ${workDir})`);
    chain = await generate({ transfers, investors, workDir, log: (l) => log(`generate: ${l}`) });
    log(
      `generation took ${(chain.timings.totalMs / 1000).toFixed(1)} s (transfers alone ${(chain.timings.transfersMs / 1000).toFixed(1)} s)`,
    );

    const results: Partial<Record<"ours" | "ponder", IndexerResult>> = {};
    const failures: string[] = [];
    // The chain after generation: every run starts from it (same backfill, same realtime transactions).
    let snapshot = await chain.traffic.snapshot();
    let onChain: BalanceChecksum | undefined;
    for (const [i, name] of runs.entries()) {
      if (i > 0) {
        snapshot = await chain.traffic.restore(snapshot);
        log(
          `chain reverted to block ${await chain.rpc.blockNumber()} (the state after generation) for ${name}`,
        );
      }
      const dataDir = join(workDir, `${name}-db`);
      const logFile = join(workDir, `${name}.log`);
      // Each indexer talks to anvil through its own head gate (fresh call counters), from launch.
      const gate = await startHeadGate({ target: chain.rpcUrl });
      const unregisterGate = onCleanup(() => gate.close());
      try {
        const r =
          name === "ours"
            ? await runOurs({ chain, dataDir, realtime, finalityDepth, pollingMs, logFile, log, gate })
            : await runPonder({ chain, dataDir, realtime, pollingMs, logFile, log, gate });
        results[name] = r;
        // Checked against the chain of this run (the next run reverts it).
        const expectedRows = chain.traffic.eventsBetween(chain.tokenBlock, r.finalBlock);
        if (r.transferRows !== undefined && r.transferRows !== expectedRows)
          failures.push(
            `${r.name}: ${r.transferRows} transfer rows, the chain has ${expectedRows} Transfer events up to block ${r.finalBlock}`,
          );
      } catch (error) {
        // A run that fails is reported, and the other indexer still runs (on the reverted chain).
        const message = (error as Error).message;
        failures.push(`${name} failed: ${message}${flag("keep") ? "" : " (--keep keeps its log)"}`);
        log(`${name} FAILED: ${message}`);
        await chain.traffic.reset();
      } finally {
        unregisterGate();
        await gate.close();
      }
      // The chain's balances at the head of this run (the realtime phase nets out: every run ends here).
      const head = await chain.rpc.blockNumber();
      const mine = balanceChecksum(await chainBalances(chain.rpc, chain.token, chain.wallets, head));
      const supply = BigInt(
        await chain.rpc.call<string>("eth_call", [{ to: chain.token, data: "0x18160ddd" }, hex(head)]),
      );
      if (BigInt(mine.total) !== supply)
        failures.push(`the wallets' balances sum to ${mine.total}, totalSupply is ${supply} (${name}'s run)`);
      if (onChain && mine.sha256 !== onChain.sha256)
        failures.push(`the chain's balances after ${name}'s run differ from those after the first run`);
      onChain ??= mine;
      const r = results[name];
      if (r && r.checksum.sha256 !== mine.sha256)
        failures.push(
          `${r.name}: balances checksum ${r.checksum.sha256.slice(0, 16)}… (${r.checksum.holders} holders, total ${r.checksum.total}) ≠ chain ${mine.sha256.slice(0, 16)}… (${mine.holders} holders, total ${mine.total})`,
        );
    }
    if (!onChain) throw new Error("no run");

    printTable(chain, results, onChain.sha256, realtime, pollingMs);
    const pick = (f: (r: IndexerResult) => number, digits = 0) => ({
      ours: results.ours ? round(f(results.ours), digits) : null,
      ponder: results.ponder ? round(f(results.ponder), digits) : null,
    });
    const ok = failures.length === 0;
    if (!ok) {
      process.stdout.write("\nFAIL: the results differ — this benchmark is a failure, not a number:\n");
      for (const f of failures) process.stdout.write(`  - ${f}\n`);
    }
    process.stdout.write(
      `${JSON.stringify({
        bench: "indexer",
        events: chain.events,
        backfill_eps: pick((r) => r.backfillEps),
        realtime_eps: pick((r) => r.realtime.throughput.eps),
        realtime_mode: realtime.throughput.live ? "live" : "gated",
        realtime_offered_eps: pick((r) => r.realtime.throughput.run.offeredEps),
        realtime_eps_by_block_events: Object.fromEntries(
          [realtime.throughput, ...(realtime.shapes ?? [])].map((plan, i) => {
            const part = (r: IndexerResult) => (i === 0 ? r.realtime.throughput : r.realtime.shapes[i - 1]);
            return [String(plan.blockTxs * plan.txTransfers), pick((r) => part(r)?.eps ?? Number.NaN)];
          }),
        ),
        latency_ms_p99: pick((r) => percentile(r.realtime.latency.ms, 99)),
        rss_mb: pick((r) => r.peakRssMb),
        checksums_equal: ok,
      })}\n`,
    );
    return ok ? 0 : 1;
  } finally {
    await chain?.stop();
    await runCleanups();
  }
}

function printTable(
  chain: GeneratedChain,
  results: Partial<Record<"ours" | "ponder", IndexerResult>>,
  chainSha: string,
  realtime: RealtimeOptions,
  pollingMs: number,
): void {
  const { ours, ponder } = results;
  const all = [ours, ponder].filter((r): r is IndexerResult => r !== undefined);
  const fmt = (n: number | undefined, digits = 0) =>
    n === undefined || Number.isNaN(n)
      ? "—"
      : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const p = (values: readonly number[] | undefined, q: number) =>
    values ? percentile(values, q) : Number.NaN;
  type Row = [string, (r: IndexerResult) => number | string, ("higher" | "lower" | "")?, number?];
  const cpuOfPart = (part: ThroughputResult | undefined) => {
    const cpu = part?.cpuMs;
    return cpu ? [cpu.indexer, cpu.anvil, cpu.harness].map((ms) => fmt(ms / 1000, 2)).join(" / ") : "—";
  };
  const gated = !realtime.throughput.live;
  const verb = gated ? "revealed" : "mined";
  const rows: Row[] = [
    ["backfill: Transfer events", (r) => r.backfillEvents],
    ["backfill: launch → caught up (s)", (r) => r.backfillMs / 1000, "lower", 2],
    ["backfill: events/s", (r) => r.backfillEps, "higher"],
    [
      "realtime latency part: events (blocks)",
      (r) => `${r.realtime.latency.run.transfers} (${r.realtime.latency.run.blocks.length})`,
    ],
    ["  offered events/s", (r) => r.realtime.latency.run.offeredEps],
    ["  block → queryable p50 (ms)", (r) => p(r.realtime.latency.ms, 50), "lower"],
    ["  block → queryable p99 (ms)", (r) => p(r.realtime.latency.ms, 99), "lower"],
    ["  block → queryable max (ms)", (r) => Math.max(...r.realtime.latency.ms), "lower"],
    [
      "  alt view p50 / p99 / max (ms)",
      (r) => {
        const alt = r.realtime.latency.altMs;
        return alt ? `${fmt(p(alt, 50))} / ${fmt(p(alt, 99))} / ${fmt(Math.max(...alt))}` : "—";
      },
    ],
    [
      `realtime throughput part${gated ? " (gated)" : " (live)"}: events (blocks)`,
      (r) => `${r.realtime.throughput.run.transfers} (${r.realtime.throughput.run.blocks.length})`,
    ],
    ...(gated
      ? ([
          [
            "  pre-mined by anvil: s / events/s",
            (r) => {
              const pm = r.realtime.throughput.run.premine;
              return pm ? `${fmt(pm.ms / 1000, 2)} / ${fmt(pm.eps)}` : "—";
            },
          ],
        ] satisfies Row[])
      : []),
    [`  offered events/s (as ${verb})`, (r) => r.realtime.throughput.run.offeredEps],
    [
      `  ${gated ? "reveals" : "mining"}: latest block behind schedule (ms)`,
      (r) => r.realtime.throughput.run.maxSlipMs,
    ],
    [`  first ${verb} → last indexed (s)`, (r) => r.realtime.throughput.ms / 1000, "lower", 2],
    ["  sustained events/s", (r) => r.realtime.throughput.eps, "higher"],
    [
      `  behind at the last block ${verb}: blocks / events`,
      (r) => `${r.realtime.throughput.behindAtEnd.blocks} / ${fmt(r.realtime.throughput.behindAtEnd.events)}`,
    ],
    [`  last block ${verb} → indexed (s)`, (r) => r.realtime.throughput.endLagMs / 1000, "lower", 2],
    [
      "  lag p50 / p99 (ms)",
      (r) => `${fmt(p(r.realtime.throughput.lagMs, 50))} / ${fmt(p(r.realtime.throughput.lagMs, 99))}`,
    ],
    ["  CPU s in it: indexer / anvil / harness", (r) => cpuOfPart(r.realtime.throughput)],
    ...(realtime.shapes ?? []).flatMap((plan, i): Row[] => {
      const part = (r: IndexerResult): ThroughputResult | undefined => r.realtime.shapes[i];
      return [
        [
          `realtime throughput part, ${(plan.blockTxs * plan.txTransfers).toLocaleString("en-US")} events/block: events (blocks)`,
          (r) => `${part(r)?.run.transfers ?? "—"} (${part(r)?.run.blocks.length ?? "—"})`,
        ],
        [`  offered events/s (as ${verb})`, (r) => part(r)?.run.offeredEps ?? Number.NaN],
        [`  first ${verb} → last indexed (s)`, (r) => (part(r)?.ms ?? Number.NaN) / 1000, "lower", 2],
        ["  sustained events/s", (r) => part(r)?.eps ?? Number.NaN, "higher"],
        ["  CPU s in it: indexer / anvil / harness", (r) => cpuOfPart(part(r))],
      ];
    }),
    [
      "RPC calls via the gate: backfill / latency / throughput",
      (r) => {
        const rpc = r.realtime.rpc;
        return rpc
          ? [rpc.backfill, rpc.latency, rpc.throughput].map((x) => fmt(totalCalls(x))).join(" / ")
          : "—";
      },
    ],
    [
      "  throughput part: answered by the gate / rewritten",
      (r) => {
        const t = r.realtime.rpc?.throughput;
        return t ? `${fmt(t.answered)} / ${fmt(t.rewritten)}` : "—";
      },
    ],
    ["peak RSS, process tree (MB)", (r) => r.peakRssMb, "lower"],
    ["max VmHWM, one process (MB)", (r) => r.maxHwmMb, "lower"],
    ["transfer rows", (r) => r.transferRows ?? Number.NaN],
    ["balances: holders", (r) => r.checksum.holders],
    [
      "balances: sha256",
      (r) => `${r.checksum.sha256.slice(0, 12)}…${r.checksum.sha256 === chainSha ? " = chain" : " ≠ CHAIN"}`,
    ],
  ];
  const extraKeys = [...new Set(all.flatMap((r) => Object.keys(r.extra)))];
  for (const key of extraKeys) rows.push([key, (r) => r.extra[key] ?? "—"]);
  const table: string[][] = [["metric", "ours", "ponder", "ours/ponder"]];
  for (const [label, get, better, digits] of rows) {
    const cell = (r: IndexerResult | undefined) => {
      if (!r) return "—";
      const v = get(r);
      return typeof v === "number" ? fmt(v, digits ?? 0) : v;
    };
    let ratio = "";
    if (better && ours && ponder) {
      const a = get(ours);
      const b = get(ponder);
      if (typeof a === "number" && typeof b === "number" && b !== 0)
        ratio = `${(a / b).toFixed(2)}× (${better} is better)`;
    }
    table.push([label, cell(ours), cell(ponder), ratio]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const { latency: l, throughput: t } = realtime;
  const perBlock = t.blockTxs * t.txTransfers;
  const gas = all[0]?.realtime.throughput.run;
  const gasLine = gas
    ? `; block gas limit ${(Number(gas.gasLimit) / 1e6).toFixed(0)}M, most used ${(Number(gas.maxGasUsed) / 1e6).toFixed(1)}M`
    : "";
  const scheduled = Math.round((perBlock / t.intervalMs) * 1000).toLocaleString("en-US");
  const achieved = all.map((r) => `${r.name} ${fmt(r.realtime.throughput.run.offeredEps)}`).join(", ");
  const out = [
    "",
    `Indexer benchmark — ${chain.events} Transfer events generated (${chain.wallets.length} wallets, ≤ ${chain.blockTxs} transfers/block) in ${(chain.timings.totalMs / 1000).toFixed(1)} s; both runs start from the same chain (evm_revert)`,
    gated
      ? "both indexers talk to anvil through a head gate (a JSON-RPC proxy; pass-through except while the throughput part is pre-mined and revealed)"
      : "both indexers talk to anvil through a head gate (a JSON-RPC proxy), in pass-through throughout (--realtime-live)",
    `realtime latency part: ${l.blockTxs} transfers/block every ${l.intervalMs} ms, mined live; polling ${pollingMs} ms for both`,
    gated
      ? `realtime throughput part (gated): ${t.blockTxs} batchTransfer × ${t.txTransfers} = ${perBlock.toLocaleString("en-US")} Transfer events/block, all pre-mined while the gate showed the indexer the head before the part, then one block revealed every ${t.intervalMs} ms (reveal schedule ${scheduled} events/s; achieved: ${achieved})${gasLine}`
      : `realtime throughput part (live): ${t.blockTxs} batchTransfer × ${t.txTransfers} = ${perBlock.toLocaleString("en-US")} Transfer events/block mined every ${t.intervalMs} ms (scheduled ${scheduled} events/s; achieved: ${achieved})${gasLine}`,
    ...(realtime.shapes ?? []).map(
      (plan) =>
        `realtime throughput part, ${(plan.blockTxs * plan.txTransfers).toLocaleString("en-US")} events/block: ${plan.blockTxs} batchTransfer × ${plan.txTransfers}, ${plan.events.toLocaleString("en-US")} events, one block ${gated ? "revealed" : "mined"} every ${plan.intervalMs} ms, after the part above`,
    ),
    "",
    line(table[0] as string[]).trimEnd(),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...table.slice(1).map((r) => line(r).trimEnd()),
    "",
    ...all.map((r) => {
      const notes = [...r.notes];
      const thr = r.realtime.throughput;
      if (thr.eps >= 0.8 * thr.run.offeredEps)
        notes.push(
          `OFFER-LIMITED: sustained ${Math.round(thr.eps)} events/s ≥ 80% of the ${Math.round(thr.run.offeredEps)} offered — its capacity is higher; offer more (--realtime-block-txs, --realtime-tx-transfers, --realtime-interval-ms)`,
        );
      for (const [i, shape] of r.realtime.shapes.entries()) {
        const plan = realtime.shapes?.[i];
        if (plan && shape.eps >= 0.8 * shape.run.offeredEps)
          notes.push(
            `OFFER-LIMITED at ${plan.blockTxs * plan.txTransfers} events/block: sustained ${Math.round(shape.eps)} events/s ≥ 80% of the ${Math.round(shape.run.offeredEps)} offered; offer more (--realtime-shapes)`,
          );
      }
      if (thr.run.maxSlipMs > t.intervalMs)
        notes.push(
          thr.run.mode === "gated"
            ? `the reveals fell behind the schedule by up to ${thr.run.maxSlipMs} ms in the throughput part (the harness's event loop was late; late blocks were revealed at once)`
            : `anvil fell behind the schedule by up to ${thr.run.maxSlipMs} ms in the throughput part (blocks mined back to back)`,
        );
      return `${r.name}: latency = ${r.latencyNote}${notes.length ? `; notes: ${notes.join("; ")}` : ""}`;
    }),
    ...all.flatMap((r) => {
      const rpc = r.realtime.rpc;
      if (!rpc) return [];
      return [
        `${r.name} RPC calls through the gate, by method:`,
        `  backfill (launch → caught up): ${formatCalls(rpc.backfill.calls)}`,
        `  latency part: ${formatCalls(rpc.latency.calls)}`,
        `  throughput part: ${formatCalls(rpc.throughput.calls)} (${fmt(rpc.throughput.httpRequests)} HTTP requests; ${fmt(rpc.throughput.gatedCalls)} calls while gated, ${fmt(rpc.throughput.answered)} answered by the gate, ${fmt(rpc.throughput.rewritten)} rewritten, ${fmt(rpc.throughput.lookups)} hash lookups of its own)`,
      ];
    }),
    `chain balances sha256 at the head: ${chainSha}`,
    "",
  ];
  process.stdout.write(out.join("\n"));
}

/** All JSON-RPC calls in a stats snapshot. */
function totalCalls(stats: HeadGateStats): number {
  return Object.values(stats.calls).reduce((a, b) => a + b, 0);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    process.stderr.write(`bench:indexer failed: ${(error as Error).stack ?? String(error)}\n`);
    await runCleanups();
    process.exitCode = 1;
  },
);
