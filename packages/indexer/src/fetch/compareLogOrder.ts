import type { DecodedLog } from "./types.ts";

/** Orders logs by (block, log index): the chain's order, a total order within one chain. */
export function compareLogOrder(
  a: Pick<DecodedLog, "blockNumber" | "logIndex">,
  b: Pick<DecodedLog, "blockNumber" | "logIndex">,
): number {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}
