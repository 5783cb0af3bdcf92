import { BATCH_LEG_GAS, BATCH_TX_GAS, type MinedBlock, type TokenTx, Traffic } from "./generate.ts";
import { type HeadGate, type HeadGateStats, statsBetween } from "./headGate.ts";
import { type CpuSnapshot, sleep } from "./procs.ts";
import { hex } from "./rpc.ts";

/** Latency part: plain transfers, a light load that both indexers sustain (latency is not queueing). */
export type LatencyPlan = {
  /** Blocks to mine (rounded up to an even number: pairs). */
  blocks: number;
  /** Plain transfers per block. */
  blockTxs: number;
  /** One block every `intervalMs`, on a fixed schedule (not "after the previous one was indexed"). */
  intervalMs: number;
};

/**
 * Throughput part: blocks of `batchTransfer`s, offered faster than either indexer indexes them. Gated (the
 * default when the indexer talks through a head gate): every block is pre-mined while the gate holds the
 * indexer's view at the head before the part, then revealed one every `intervalMs`, so the offered rate is not
 * capped by anvil's mining speed. Live (`live`, or no gate): each block mined at its time, as anvil allows.
 */
export type ThroughputPlan = {
  /** Transfer events to mine at least (rounded up to whole pairs of blocks). */
  events: number;
  /** `batchTransfer` transactions per block … */
  blockTxs: number;
  /** … of this many transfers (Transfer events) each. */
  txTransfers: number;
  /** One block every `intervalMs` (revealed, or mined when live), on a fixed schedule. */
  intervalMs: number;
  /** Mine each block at its time instead of pre-mining and revealing (the harness before the head gate). */
  live?: boolean;
};

/**
 * The realtime phase has two parts, both at the chain head (no finality padding after them):
 * - latency: a light, steady load that any indexer keeps up with, so block-to-queryable latency is the
 *   indexer's own, not queueing (mined live; through the head gate in pass-through);
 * - throughput: blocks of thousands of Transfer events at a steady pace, far above what the indexers
 *   sustain, so events/s is the indexer's capacity (first block revealed → last block indexed); pre-mined
 *   behind the head gate and revealed on the schedule (or mined live: `ThroughputPlan.live`); the per-block
 *   latency there is reported as "lag", and how far behind it was when the last block was revealed.
 */
export type RealtimeOptions = {
  latency: LatencyPlan;
  throughput: ThroughputPlan;
  /**
   * More throughput parts after the main one, each with its own block shape (gated like it): an indexer's
   * events/s at the head depends on how many events a block carries — a per-block cost (headers, a commit per
   * block) weighs on small blocks, a per-event cost on large ones.
   */
  shapes?: ThroughputPlan[];
};

export type Observation = { at: number; block: bigint };

export type RealtimeRun = {
  /**
   * "live": each block mined at its time (`minedAt` = `evm_mine` returned); "gated": pre-mined, then revealed
   * through the head gate (`minedAt` = the time it was revealed: the indexers could not see it before).
   */
  mode: "live" | "gated";
  blocks: MinedBlock[];
  /** Transfer events mined. */
  transfers: number;
  /** Events per second the generator offered (mined, or revealed, over the schedule: the achieved rate). */
  offeredEps: number;
  /** The schedule's own rate (events per block / interval). */
  scheduledEps: number;
  /**
   * Latest block behind its scheduled time (ms; `evm_mine` returned, or revealed): > interval means the
   * schedule was not kept (anvil too slow, when live).
   */
  maxSlipMs: number;
  /** Gated: how long pre-mining took, and anvil's mining rate then (events/s). */
  premine?: { ms: number; eps: number };
  /** Transactions per block and Transfer events per transaction (the shape). */
  txsPerBlock: number;
  transfersPerTx: number;
  /** Block gas limit during the part, and the largest gas used by one of its blocks. */
  gasLimit: bigint;
  maxGasUsed: bigint;
};

export type ThroughputResult = {
  run: RealtimeRun;
  /** First block mined (revealed, when gated) → last block indexed. */
  ms: number;
  eps: number;
  lagMs: number[];
  /** Last block mined (revealed) → last block indexed. */
  endLagMs: number;
  /** Blocks and events of the part not yet indexed when its last block was mined (revealed). */
  behindAtEnd: { blocks: number; events: number };
  /**
   * CPU each side used from the first block revealed (gated; live: from the part's start, its mining included) until
   * the harness first saw the last block indexed; with `observer.cpu` only. The two cores are shared by all three.
   */
  cpuMs?: CpuSnapshot;
};

export type RealtimeResult = {
  latency: { run: RealtimeRun; ms: number[]; altMs?: number[] };
  /** JSON-RPC calls the indexer sent through the head gate: launch → realtime start, and each part. */
  rpc?: { backfill: HeadGateStats; latency: HeadGateStats; throughput: HeadGateStats };
  throughput: ThroughputResult;
  /** The parts of `RealtimeOptions.shapes`, in order. */
  shapes: ThroughputResult[];
  lastBlock: bigint;
};

type Pending = { block: MinedBlock; txs: TokenTx[] };

/**
 * Mines `pairs` pairs of blocks, one block at a time on a fixed schedule (block k at start + k × interval;
 * a block anvil finishes late is followed at once by the next one). In each pair the first block is
 * `forward()` and the second undoes it with the same shape, so the balances after the part are the balances
 * before it: both indexers must end with the same balances, equal to the chain's at the head. Blocks are
 * verified (`verify`) by the caller afterwards, once the indexer is measured: the check's `eth_getLogs`
 * would compete with the indexer for anvil.
 */
async function drive(
  traffic: Traffic,
  pairs: number,
  intervalMs: number,
  forward: () => TokenTx[],
  back: (forward: TokenTx[]) => TokenTx[],
): Promise<{ pending: Pending[]; maxSlipMs: number }> {
  const pending: Pending[] = [];
  let maxSlipMs = 0;
  let last: TokenTx[] = [];
  const start = Date.now() + intervalMs;
  for (let k = 0; k < pairs * 2; k++) {
    const txs = k % 2 === 0 ? forward() : back(last);
    last = txs;
    await traffic.submitTxs(txs);
    const scheduledAt = start + k * intervalMs;
    const wait = scheduledAt - Date.now();
    if (wait > 0) await sleep(wait);
    const { block, minedAt } = await traffic.mine();
    maxSlipMs = Math.max(maxSlipMs, minedAt - scheduledAt);
    const transfers = txs.reduce((s, t) => s + t.legs.length, 0);
    pending.push({ block: { block, minedAt, transfers, scheduledAt }, txs });
  }
  return { pending, maxSlipMs };
}

/**
 * The gated drive: with the gate holding the indexer's view at the current head H, mines `pairs` pairs of
 * blocks (as `drive`: forward, then back) as fast as anvil goes — blocks H+1 … H+2·pairs, hidden from the
 * indexer — then reveals them one at a time on a fixed schedule (block k at start + k × interval; a reveal the
 * event loop makes late is followed at once by the next one). A block's `minedAt` is when it was revealed. The
 * gate is back in pass-through when this returns (after the last reveal its head is anvil's).
 */
async function driveGated(
  traffic: Traffic,
  gate: HeadGate,
  pairs: number,
  intervalMs: number,
  forward: () => TokenTx[],
  back: (forward: TokenTx[]) => TokenTx[],
  /** Called just before the first reveal. */
  onFirstReveal?: () => void,
): Promise<{ pending: Pending[]; maxSlipMs: number; premine: { ms: number; eps: number } }> {
  const pending: Pending[] = [];
  const head = await traffic.rpc.blockNumber();
  gate.gate(head);
  try {
    const t0 = Date.now();
    let last: TokenTx[] = [];
    for (let k = 0; k < pairs * 2; k++) {
      const txs = k % 2 === 0 ? forward() : back(last);
      last = txs;
      await traffic.submitTxs(txs);
      const { block } = await traffic.mine();
      if (block !== head + BigInt(k + 1))
        throw new Error(
          `pre-mining: block ${block} mined, ${head + BigInt(k + 1)} expected (another miner?)`,
        );
      const transfers = txs.reduce((s, t) => s + t.legs.length, 0);
      pending.push({ block: { block, minedAt: 0, transfers }, txs });
    }
    const premineMs = Date.now() - t0;
    const events = pending.reduce((s, p) => s + p.block.transfers, 0);
    let maxSlipMs = 0;
    const start = Date.now() + intervalMs;
    for (const [k, p] of pending.entries()) {
      const scheduledAt = start + k * intervalMs;
      const wait = scheduledAt - Date.now();
      if (wait > 0) await sleep(wait);
      if (k === 0) onFirstReveal?.();
      gate.setHead(p.block.block);
      p.block.minedAt = Date.now();
      p.block.scheduledAt = scheduledAt;
      maxSlipMs = Math.max(maxSlipMs, p.block.minedAt - scheduledAt);
    }
    const anvilHead = await traffic.rpc.blockNumber();
    if (anvilHead !== gate.head())
      throw new Error(`after the last reveal anvil's head is ${anvilHead}, the gate's ${gate.head()}`);
    return { pending, maxSlipMs, premine: { ms: premineMs, eps: (events / Math.max(1, premineMs)) * 1000 } };
  } finally {
    gate.ungate();
  }
}

function summarize(
  mode: RealtimeRun["mode"],
  pending: readonly Pending[],
  maxSlipMs: number,
  intervalMs: number,
  gasLimit: bigint,
): RealtimeRun {
  const blocks = pending.map((p) => p.block);
  const transfers = blocks.reduce((s, b) => s + b.transfers, 0);
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  const spanMs = first && last && last !== first ? last.minedAt - first.minedAt : intervalMs;
  const txsPerBlock = pending[0]?.txs.length ?? 0;
  const transfersPerTx = pending[0]?.txs[0]?.legs.length ?? 0;
  return {
    mode,
    blocks,
    transfers,
    // n blocks over n-1 intervals: the rate of the schedule actually achieved.
    offeredEps: ((transfers - (first?.transfers ?? 0)) / Math.max(1, spanMs)) * 1000,
    scheduledEps: ((txsPerBlock * transfersPerTx) / Math.max(1, intervalMs)) * 1000,
    maxSlipMs,
    txsPerBlock,
    transfersPerTx,
    gasLimit,
    maxGasUsed: 0n,
  };
}

/** Verifies every block of a part (see `Traffic.verifyTxs`) and records the largest gas used. */
async function verifyAll(
  traffic: Traffic,
  run: RealtimeRun,
  pending: readonly Pending[],
  maxGasFraction: number,
): Promise<void> {
  for (const p of pending) {
    const { gasUsed } = await traffic.verifyTxs(p.block.block, p.txs, maxGasFraction);
    if (gasUsed > run.maxGasUsed) run.maxGasUsed = gasUsed;
  }
}

/**
 * When `block` was indexed for good: the first observation at or above it after the last one below it (an
 * indexer that rolls back — a reorg it detected — and indexes the block again counts from the second time).
 * Undefined while the latest observation is below it. `sorted`: by time.
 */
export function indexedAt(sorted: readonly Observation[], block: bigint): number | undefined {
  let at: number | undefined;
  for (const o of sorted) {
    if (o.block >= block) at ??= o.at;
    else at = undefined;
  }
  return at;
}

/** Latency per block: when it was indexed for good (`indexedAt`) minus when it was mined. */
export function latencies(blocks: readonly MinedBlock[], observed: readonly Observation[]): number[] {
  const sorted = [...observed].sort((a, b) => a.at - b.at);
  const out: number[] = [];
  for (const b of blocks) {
    const at = indexedAt(sorted, b.block);
    if (at !== undefined) out.push(Math.max(0, at - b.minedAt));
  }
  return out;
}

/** How long an indexed block must stay indexed, without trouble reported, before the part is over. */
export const SETTLE_MS = 5_000;

/** The throughput part's block gas limit: every transaction's gas limit fits twice (blocks ≤ half full). */
export function throughputGasLimit(plan: ThroughputPlan): bigint {
  return 2n * BigInt(plan.blockTxs) * (BATCH_TX_GAS + BigInt(plan.txTransfers) * BATCH_LEG_GAS);
}

/**
 * Runs both parts against a running indexer. `observed` is filled by the runner (status polls, progress
 * lines); `alt` is an optional second view; `assertAlive` throws when the indexer has died.
 */
export async function measureRealtime(
  traffic: Traffic,
  options: RealtimeOptions,
  observer: {
    /** Indexed-block observations, appended in time order (a rollback appends its common ancestor). */
    observed: Observation[];
    alt?: Observation[];
    assertAlive: () => void;
    /** When the indexer last reported trouble (reorg, retry, RPC timeout…); 0 when never. */
    lastTroubleAt?: () => number;
    /** Each side's CPU so far, for `ThroughputResult.cpuMs`. */
    cpu?: () => CpuSnapshot;
  },
  log: (line: string) => void,
  /** The head gate the indexer talks through: the throughput part is gated unless `live`; calls are counted. */
  gate?: HeadGate,
): Promise<RealtimeResult> {
  const { rpc } = traffic;
  const rpcAtStart = gate?.stats();
  /**
   * Waits until `block` is indexed for good: at or above it, and neither a lower observation nor trouble
   * reported for SETTLE_MS since (an indexer that detects a reorg after its RPC timed out rolls back what it
   * had indexed). Returns `indexedAt`. Observations are appended in time order, so it scans incrementally.
   */
  const waitIndexed = async (block: bigint, onSeen?: () => void) => {
    const deadline = Date.now() + 15 * 60_000;
    let cursor = 0;
    let at: number | undefined;
    for (;;) {
      const seen = at !== undefined;
      for (; cursor < observer.observed.length; cursor++) {
        const o = observer.observed[cursor] as Observation;
        if (o.block >= block) at ??= o.at;
        else at = undefined;
      }
      // (Again after a rollback below it: the last time counts, as for `at`.)
      if (!seen && at !== undefined) onSeen?.();
      const quietSince = Math.max(at ?? Number.POSITIVE_INFINITY, observer.lastTroubleAt?.() ?? 0);
      if (at !== undefined && Date.now() - quietSince >= SETTLE_MS) return at;
      observer.assertAlive();
      if (Date.now() > deadline) throw new Error(`block ${block} not indexed (for good) within 15 minutes`);
      await sleep(10);
    }
  };
  const gasLimitNow = async () =>
    BigInt((await rpc.call<{ gasLimit: string }>("eth_getBlockByNumber", ["latest", false])).gasLimit);

  // ---- latency part: plain transfers, pairs of blocks
  const l = options.latency;
  const baseGasLimit = await gasLimitNow();
  const latDrive = await drive(
    traffic,
    Math.max(1, Math.ceil(l.blocks / 2)),
    l.intervalMs,
    () => Traffic.plain(traffic.plan(l.blockTxs)),
    Traffic.reversePlain,
  );
  const lat = summarize("live", latDrive.pending, latDrive.maxSlipMs, l.intervalMs, baseGasLimit);
  const latLast = lat.blocks[lat.blocks.length - 1]?.block ?? 0n;
  await waitIndexed(latLast);
  const rpcAfterLatency = gate?.stats();
  const latency = {
    run: lat,
    ms: latencies(lat.blocks, observer.observed),
    ...(observer.alt ? { altMs: latencies(lat.blocks, observer.alt) } : {}),
  };
  await verifyAll(traffic, lat, latDrive.pending, 0.5);
  log(
    `  latency part: ${lat.transfers} transfers in ${lat.blocks.length} blocks (${Math.round(lat.offeredEps)} events/s offered)`,
  );

  // ---- throughput parts: batchTransfers, a block gas limit that keeps the blocks under half full
  const throughputPart = async (
    t: ThroughputPlan,
    label: string,
  ): Promise<ThroughputResult & { last: bigint }> => {
    const eventsPerBlock = t.blockTxs * t.txTransfers;
    const pairs = Math.max(1, Math.ceil(t.events / eventsPerBlock / 2));
    // (bigints: no Math.max)
    let gasLimit = throughputGasLimit(t);
    if (gasLimit < baseGasLimit) gasLimit = baseGasLimit;
    await rpc.call("evm_setBlockGasLimit", [hex(gasLimit)]);
    try {
      const forward = () => traffic.planCircuit(t.blockTxs, t.txTransfers);
      const gated = gate !== undefined && !t.live;
      let cpuStart: CpuSnapshot | undefined;
      let cpuEnd: CpuSnapshot | undefined;
      const takeCpu = observer.cpu;
      if (!gated) cpuStart = takeCpu?.();
      const thrDrive: Awaited<ReturnType<typeof drive>> & { premine?: RealtimeRun["premine"] } = gated
        ? await driveGated(traffic, gate, pairs, t.intervalMs, forward, Traffic.reverseCircuit, () => {
            cpuStart = takeCpu?.();
          })
        : await drive(traffic, pairs, t.intervalMs, forward, Traffic.reverseCircuit);
      const thr = summarize(
        gated ? "gated" : "live",
        thrDrive.pending,
        thrDrive.maxSlipMs,
        t.intervalMs,
        gasLimit,
      );
      if (thrDrive.premine) thr.premine = thrDrive.premine;
      const first = thr.blocks[0] as MinedBlock;
      const lastMined = thr.blocks[thr.blocks.length - 1] as MinedBlock;
      const lastAt = await waitIndexed(lastMined.block, () => {
        cpuEnd = takeCpu?.();
      });
      const ms = lastAt - first.minedAt;
      // How far behind the indexer was when the last block was mined.
      let indexedAtEnd = -1n;
      for (const o of observer.observed) if (o.at <= lastMined.minedAt) indexedAtEnd = o.block;
      const behind = thr.blocks.filter((b) => b.block > indexedAtEnd);
      const result = {
        run: thr,
        ms,
        eps: (thr.transfers / Math.max(1, ms)) * 1000,
        lagMs: latencies(thr.blocks, observer.observed),
        endLagMs: lastAt - lastMined.minedAt,
        behindAtEnd: { blocks: behind.length, events: behind.reduce((s, b) => s + b.transfers, 0) },
        last: lastMined.block,
        ...(cpuStart && cpuEnd
          ? {
              cpuMs: {
                indexer: cpuEnd.indexer - cpuStart.indexer,
                anvil: cpuEnd.anvil - cpuStart.anvil,
                harness: cpuEnd.harness - cpuStart.harness,
              },
            }
          : {}),
      };
      await verifyAll(traffic, thr, thrDrive.pending, 0.5);
      const verb = gated ? "revealed" : "mined";
      log(
        `  ${label} (${thr.mode}${thr.premine ? `: pre-mined in ${thr.premine.ms} ms, ${Math.round(thr.premine.eps)} events/s` : ""}): ${thr.transfers} transfers in ${thr.blocks.length} blocks of ${thr.txsPerBlock} × ${thr.transfersPerTx} (${Math.round(thr.offeredEps)} events/s offered, schedule ${Math.round(thr.scheduledEps)}), last indexed ${ms} ms after the first was ${verb} (${Math.round(result.eps)} events/s); at the last block ${verb} it was ${result.behindAtEnd.blocks} blocks / ${result.behindAtEnd.events} events behind, caught up ${result.endLagMs} ms later`,
      );
      return result;
    } finally {
      await rpc.call("evm_setBlockGasLimit", [hex(baseGasLimit)]);
    }
  };

  const { last, ...throughput } = await throughputPart(options.throughput, "throughput part");
  const rpcAfterThroughput = gate?.stats();
  let lastBlock = last;
  const shapes: ThroughputResult[] = [];
  for (const shape of options.shapes ?? []) {
    const { last: shapeLast, ...result } = await throughputPart(
      shape,
      `throughput part, ${(shape.blockTxs * shape.txTransfers).toLocaleString("en-US")} events/block`,
    );
    shapes.push(result);
    lastBlock = shapeLast;
  }
  const rpcStats =
    rpcAtStart && rpcAfterLatency && rpcAfterThroughput
      ? {
          backfill: rpcAtStart,
          latency: statsBetween(rpcAtStart, rpcAfterLatency),
          throughput: statsBetween(rpcAfterLatency, rpcAfterThroughput),
        }
      : undefined;
  return { latency, throughput, shapes, lastBlock, ...(rpcStats ? { rpc: rpcStats } : {}) };
}
