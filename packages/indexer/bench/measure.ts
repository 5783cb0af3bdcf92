import { createHash } from "node:crypto";
import type { RealtimeResult } from "./realtime.ts";
import { hex, type Rpc } from "./rpc.ts";

/** What one indexer run measured (both runners return this shape). */
export type IndexerResult = {
  name: "ours" | "ponder";
  /** Transfer events in [token block, backfill head] (the same for both: each run starts from the same chain). */
  backfillEvents: number;
  backfillHead: bigint;
  /** Process launch → caught up with `backfillHead`. */
  backfillMs: number;
  backfillEps: number;
  realtime: RealtimeResult;
  /** How "indexed" was observed for the latency. */
  latencyNote: string;
  peakRssMb: number;
  maxHwmMb: number;
  finalBlock: bigint;
  checksum: BalanceChecksum;
  /** Transfer rows the indexer holds, when it could be read. */
  transferRows?: number;
  /** Other facts worth printing (label → value). */
  extra: Record<string, string>;
  notes: string[];
};

export type BalanceRow = { token: string; wallet: string; balance: string | bigint };
export type BalanceChecksum = { sha256: string; holders: number; total: string };

/** sha256 over the sorted lines `token:wallet:balance` (lower-case hex, decimal) of the non-zero balances. */
export function balanceChecksum(rows: readonly BalanceRow[]): BalanceChecksum {
  let total = 0n;
  const lines: string[] = [];
  for (const r of rows) {
    const balance = BigInt(r.balance);
    if (balance === 0n) continue;
    total += balance;
    lines.push(`${r.token.toLowerCase()}:${r.wallet.toLowerCase()}:${balance.toString(10)}`);
  }
  lines.sort();
  return {
    sha256: createHash("sha256").update(lines.join("\n")).digest("hex"),
    holders: lines.length,
    total: total.toString(),
  };
}

const BALANCE_OF = "0x70a08231";

/** `balanceOf(wallet)` for every wallet at `block`, as balance rows (batched `eth_call`s). */
export async function chainBalances(
  rpc: Rpc,
  token: `0x${string}`,
  wallets: readonly `0x${string}`[],
  block: bigint,
): Promise<BalanceRow[]> {
  const results = await rpc.batchChunked<string>(
    wallets.map((w) => ({
      method: "eth_call",
      params: [{ to: token, data: `${BALANCE_OF}${w.slice(2).toLowerCase().padStart(64, "0")}` }, hex(block)],
    })),
  );
  return wallets.map((wallet, i) => ({ token, wallet, balance: BigInt(results[i] ?? "0x0") }));
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export const round = (n: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** The highest block among observations (-1 when none). */
export function maxBlock(observed: readonly { block: bigint }[]): bigint {
  let max = -1n;
  for (const o of observed) if (o.block > max) max = o.block;
  return max;
}
