import { createHash } from "node:crypto";
import type { Address } from "viem";
import type { ApplyBatchParameters, IndexedLog, IndexerCheckpoint, IndexerStore } from "./types.ts";

export type CreateMemoryStoreParameters = {
  /** Runs before each write; throw from it to simulate a failing database. */
  beforeApply?: (batch: ApplyBatchParameters) => void | Promise<void>;
};

export type MemoryStore = IndexerStore & {
  /** Every written log of `chainId`, in event order. */
  listLogs(chainId: number): IndexedLog[];
  /** The balance projection: Σ Transfer values in − out, per (token, wallet). */
  getBalance(chainId: number, token: Address, wallet: Address): bigint;
  /** Non-zero balances of `chainId` as `token:wallet` (lowercase) → amount. */
  listBalances(chainId: number): Map<string, bigint>;
  /** sha256 over the events (checkpoint, address, name, args) and non-zero balances of `chainId`. */
  checksum(chainId: number): string;
  /** Every rollback so far, oldest first (what tests assert on). */
  readonly rollbacks: { chainId: number; checkpoint: IndexerCheckpoint }[];
  /** Number of `applyBatch` calls that succeeded. */
  readonly batches: number;
};

type ChainState = {
  checkpoint: IndexerCheckpoint | undefined;
  logs: IndexedLog[];
  balances: Map<string, bigint>;
};

const ZERO = "0x0000000000000000000000000000000000000000";

function project(logs: readonly IndexedLog[], into: Map<string, bigint>): void {
  for (const log of logs) {
    if (log.source !== "token" || log.eventName !== "Transfer") continue;
    const { from, to, value } = log.args as { from: string; to: string; value: bigint };
    const token = log.address.toLowerCase();
    if (from.toLowerCase() !== ZERO) {
      const k = `${token}:${from.toLowerCase()}`;
      into.set(k, (into.get(k) ?? 0n) - value);
    }
    if (to.toLowerCase() !== ZERO) {
      const k = `${token}:${to.toLowerCase()}`;
      into.set(k, (into.get(k) ?? 0n) + value);
    }
  }
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

/**
 * An {@link IndexerStore} in memory: keeps the decoded events and the checkpoint per chain and projects
 * token balances per (token, wallet) from `Transfer` events of `token` sources, so tests can compare the
 * indexed state with `balanceOf` or with another index (`checksum`). Writes build the new state aside and
 * swap it in, so a failing batch leaves nothing behind — the atomicity a database gets from a transaction.
 *
 * @example
 * const store = createMemoryStore();
 * const sync = createSync({ publicClient, sources, store });
 * // …
 * store.getBalance(31337, token, wallet) === await readBalanceOf(wallet);
 */
export function createMemoryStore(params: CreateMemoryStoreParameters = {}): MemoryStore {
  const chains = new Map<number, ChainState>();
  const rollbacks: { chainId: number; checkpoint: IndexerCheckpoint }[] = [];
  let batches = 0;
  const state = (chainId: number): ChainState => {
    let s = chains.get(chainId);
    if (s === undefined) {
      s = { checkpoint: undefined, logs: [], balances: new Map() };
      chains.set(chainId, s);
    }
    return s;
  };
  const store: MemoryStore = {
    rollbacks,
    get batches() {
      return batches;
    },
    async getCheckpoint(chainId) {
      const c = chains.get(chainId)?.checkpoint;
      return c === undefined ? undefined : { ...c };
    },
    async applyBatch(batch) {
      await params.beforeApply?.(batch);
      const s = state(batch.chainId);
      if (s.checkpoint !== undefined && batch.fromBlock !== s.checkpoint.blockNumber + 1n)
        throw new Error(`batch starts at ${batch.fromBlock}, checkpoint is ${s.checkpoint.blockNumber}`);
      const last = s.logs[s.logs.length - 1];
      for (const log of batch.logs) {
        if (log.blockNumber < batch.fromBlock || log.blockNumber > batch.toBlock)
          throw new Error(
            `log of block ${log.blockNumber} outside batch ${batch.fromBlock}–${batch.toBlock}`,
          );
      }
      if (last !== undefined && batch.logs[0] !== undefined && batch.logs[0].checkpoint <= last.checkpoint)
        throw new Error("logs out of order");
      const balances = new Map(s.balances);
      project(batch.logs, balances);
      chains.set(batch.chainId, {
        checkpoint: { ...batch.checkpoint },
        logs: s.logs.concat(batch.logs),
        balances,
      });
      batches++;
    },
    async rollbackTo({ chainId, checkpoint }) {
      const s = state(chainId);
      const logs = s.logs.filter((l) => l.blockNumber <= checkpoint.blockNumber);
      const balances = new Map<string, bigint>();
      project(logs, balances);
      chains.set(chainId, { checkpoint: { ...checkpoint }, logs, balances });
      rollbacks.push({ chainId, checkpoint: { ...checkpoint } });
    },
    listLogs: (chainId) => [...(chains.get(chainId)?.logs ?? [])],
    getBalance: (chainId, token, wallet) =>
      chains.get(chainId)?.balances.get(`${token.toLowerCase()}:${wallet.toLowerCase()}`) ?? 0n,
    listBalances: (chainId) =>
      new Map([...(chains.get(chainId)?.balances ?? new Map<string, bigint>())].filter(([, v]) => v !== 0n)),
    checksum: (chainId) => {
      const s = chains.get(chainId);
      const hash = createHash("sha256");
      for (const l of s?.logs ?? []) hash.update(json([l.checkpoint, l.address, l.eventName, l.args]));
      const balances = [...store.listBalances(chainId)].sort(([a], [b]) => (a < b ? -1 : 1));
      hash.update(json(balances));
      return hash.digest("hex");
    },
  };
  return store;
}
