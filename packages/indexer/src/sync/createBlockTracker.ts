import { maxBigInt } from "../common/maxBigInt.ts";
import { minBigInt } from "../common/minBigInt.ts";
import type { IndexerLogger, IndexerMetrics } from "../common/types.ts";
import { ChainDataInconsistentError, ReorgBelowFinalityError } from "../errors/errors.ts";
import { type GetBlockHeaderParameters, getBlockHeader } from "../rpc/getBlockHeader.ts";
import type { RpcClient } from "../rpc/requestRpc.ts";
import type { BlockHeader, Finality, ReorgEvent } from "./types.ts";

export type CreateBlockTrackerParameters = {
  publicClient: RpcClient;
  finality: Finality;
  /** Unfinalized headers kept at most (the oldest go first). Default 10 000. */
  maxHeaders?: number;
  /** Retries of one header read. Default 4. */
  retries?: number;
  retryDelayMs?: number;
  metrics?: IndexerMetrics | undefined;
  logger?: IndexerLogger | undefined;
  signal?: AbortSignal | undefined;
};

export type BlockTracker = {
  readonly finality: Finality;
  /** Reads a header from the chain (with retries). */
  getHeader(params: GetBlockHeaderParameters): Promise<BlockHeader>;
  /** The highest final block given the head: `head − depth`, or the node's `finalized`/`safe` block. */
  getFinalizedBlockNumber(head: BlockHeader): Promise<bigint>;
  /**
   * Starts over from an indexed block: `tip` is the last indexed block (only `number` and `hash` must be
   * right), `floor` the highest block that was final when indexed — walks never go below it.
   */
  reset(params: { tip: BlockHeader; floor: bigint }): void;
  /** The last indexed header. */
  tip(): BlockHeader;
  floor(): bigint;
  /** The unfinalized headers kept, ascending (the tip included when it is above the floor). */
  headers(): BlockHeader[];
  /**
   * Checks `header` — the block after the tip, or a head at or below the tip — against the stored chain.
   * Undefined when it fits. Otherwise walks back, reading canonical headers by number, to the highest
   * stored block the chain still has (or the floor) and reports `{ type: "reorg", commonAncestor, depth }`.
   *
   * @throws {ReorgBelowFinalityError} when the chain differs at or below the floor.
   */
  check(header: BlockHeader): Promise<ReorgEvent | undefined>;
  /**
   * Records indexed headers (ascending; the first at `tip + 1` must link to the tip), moves the tip to the
   * last one and drops headers at or below `finalized`.
   */
  append(headers: BlockHeader[], finalized: bigint): void;
  /** Drops the headers above `ancestor`, which becomes the tip. */
  rollback(ancestor: BlockHeader): void;
};

/**
 * Keeps the unfinalized headers of the indexed chain (number, hash, parentHash, timestamp) and finds
 * reorgs: a new block whose parentHash is not the stored tip's hash, or a head whose hash differs from the
 * stored one at its height (anvil's `anvil_reorg`, `evm_revert`). A head below the tip with a matching hash
 * is a lagging node behind a load balancer, not a reorg. Headers at or below finality are dropped; the
 * finalized "floor" is the deepest point a rollback can reach.
 *
 * @example
 * const tracker = createBlockTracker({ publicClient, finality: { type: "depth", depth: 2 } });
 * tracker.reset({ tip: await tracker.getHeader({ blockNumber: 100n }), floor: 98n });
 * const next = await tracker.getHeader({ blockNumber: 101n });
 * const reorg = await tracker.check(next); // undefined, or { type: "reorg", commonAncestor, depth }
 * if (reorg === undefined) tracker.append([next], 99n);
 */
export function createBlockTracker(params: CreateBlockTrackerParameters): BlockTracker {
  const { publicClient, finality, maxHeaders = 10_000, metrics, logger, signal } = params;
  const rpc = { metrics, signal, retries: params.retries, retryDelayMs: params.retryDelayMs };
  let tip: BlockHeader | undefined;
  let floor = 0n;
  /** Ascending and contiguous; every entry is above `floor`; the last one is the tip when the tip is above it. */
  let stored: BlockHeader[] = [];
  /**
   * The header at `floor` when known. Headers at or below finality are dropped except this one: it lets a
   * walk that reaches the floor tell "the floor is the ancestor" from "finality was violated".
   */
  let anchor: BlockHeader | undefined;

  const requireTip = (): BlockHeader => {
    if (tip === undefined) throw new Error("block tracker used before reset()");
    return tip;
  };
  const at = (n: bigint): BlockHeader | undefined => {
    if (tip !== undefined && tip.number === n) return tip;
    if (anchor !== undefined && anchor.number === n) return anchor;
    const first = stored[0];
    if (first === undefined || n < first.number) return undefined;
    const h = stored[Number(n - first.number)];
    return h?.number === n ? h : undefined;
  };
  const getHeader = (p: GetBlockHeaderParameters) => getBlockHeader(publicClient, p, rpc);

  async function walkBack(start: bigint): Promise<ReorgEvent> {
    const current = requireTip();
    let k = start;
    while (k > floor) {
      const mine = at(k);
      if (mine === undefined) {
        // Nothing stored here (after a restart only the tip is known): the floor is the next safe point.
        const lower = stored.filter((h) => h.number < k).pop();
        k = lower?.number ?? floor;
        continue;
      }
      const canonical = await getHeader({ blockNumber: k });
      if (canonical.hash === mine.hash) return reorgAt(canonical, current);
      k--;
    }
    const canonical = await getHeader({ blockNumber: floor });
    const mine = at(floor);
    if (mine !== undefined && mine.hash !== canonical.hash)
      throw new ReorgBelowFinalityError({
        blockNumber: floor,
        expectedHash: mine.hash,
        actualHash: canonical.hash,
      });
    return reorgAt(canonical, current);
  }

  function reorgAt(ancestor: BlockHeader, current: BlockHeader): ReorgEvent {
    const depth = Number(current.number - ancestor.number);
    logger?.warn({ commonAncestor: ancestor.number, depth }, "reorg found");
    return { type: "reorg", commonAncestor: ancestor, depth };
  }

  return {
    finality,
    getHeader,
    async getFinalizedBlockNumber(head) {
      if (finality.type === "depth") {
        const n = head.number - BigInt(finality.depth);
        return maxBigInt(n, 0n);
      }
      const finalized = await getHeader({ blockTag: finality.tag });
      return minBigInt(finalized.number, head.number);
    },
    reset({ tip: t, floor: f }) {
      tip = t;
      floor = minBigInt(f, t.number);
      stored = t.number > floor ? [t] : [];
      anchor = t.number === floor ? t : undefined;
    },
    tip: requireTip,
    floor: () => floor,
    headers: () => [...stored],
    async check(header) {
      const current = requireTip();
      if (header.number === current.number + 1n)
        return header.parentHash === current.hash ? undefined : walkBack(current.number);
      if (header.number > current.number + 1n)
        throw new Error(`check(${header.number}) skips blocks after the tip ${current.number}`);
      const mine = at(header.number);
      // Unknown at that height (final, or not kept): nothing to compare with.
      if (mine === undefined || mine.hash === header.hash) return undefined;
      return walkBack(header.number - 1n);
    },
    append(headers, finalized) {
      let last = requireTip();
      for (const h of headers) {
        if (h.number === last.number + 1n && h.parentHash !== last.hash)
          throw new ChainDataInconsistentError(`block ${h.number} does not link to ${last.number}`, {
            blockNumber: h.number.toString(),
          });
        if (h.number <= last.number) throw new Error(`append(${h.number}) is not above ${last.number}`);
        // Headers of a finalized stretch may skip blocks; the unfinalized ones kept must be contiguous
        // (anything before a gap lies at or below finality and goes anyway).
        if (h.number > finalized) {
          if (stored.length > 0 && stored[stored.length - 1]?.number !== h.number - 1n) stored = [];
          stored.push(h);
        }
        last = h;
      }
      const f = minBigInt(finalized, last.number);
      if (f > floor) {
        floor = f;
        anchor = [requireTip(), ...stored, ...headers].find((h) => h.number === floor);
      }
      tip = last;
      stored = stored.filter((h) => h.number > floor);
      if (stored.length > maxHeaders) stored = stored.slice(stored.length - maxHeaders);
    },
    rollback(ancestor) {
      tip = ancestor;
      stored = stored.filter((h) => h.number < ancestor.number);
      if (ancestor.number > floor) stored.push(ancestor);
      if (ancestor.number <= floor) {
        floor = ancestor.number;
        anchor = ancestor;
      }
    },
  };
}
