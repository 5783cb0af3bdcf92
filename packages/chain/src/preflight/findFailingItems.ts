import { findRevert } from "../actions/findRevert.ts";
import { rpcError } from "../actions/rpcError.ts";
import type { Action } from "../actions/types.ts";
import type { ChainPublicClient } from "../types.ts";
import { batchLength, batchSubset } from "./batchSubset.ts";
import { reasonOfRevert } from "./reasonOfRevert.ts";
import type { BlockAt, PreflightReason } from "./types.ts";

export type FindFailingItemsParameters = {
  publicClient: ChainPublicClient;
  action: Action;
  from: `0x${string}`;
  at: BlockAt;
};

/**
 * Every failing item of a batch action with its first failure, found by execution: item `i` is simulated
 * (`eth_call` as `from`) as the batch of the items before it that pass, followed by `i`. So each item is judged
 * on the state the earlier passing items leave — holder counts, balances, links — exactly as the contract would
 * apply the batch with the failing items removed; and failures that are not rules (a supply cap, an unknown
 * investor) are found as well. One call per item. Empty for a single action.
 *
 * @example
 * await findFailingItems({ publicClient, action: batchMint({ token, toList, amounts }), from: safe, at })
 * // [{ code: 112, name: "MAX_BALANCE_EXCEEDED", source: "revert", item: 3, … }]
 */
export async function findFailingItems(parameters: FindFailingItemsParameters): Promise<PreflightReason[]> {
  const { publicClient, action, from, at } = parameters;
  const n = batchLength(action);
  if (n === undefined) return [];
  const passing: number[] = [];
  const reasons: PreflightReason[] = [];
  for (let i = 0; i < n; i++) {
    const candidate = batchSubset(action, [...passing, i]) as Action;
    try {
      await publicClient.call({ account: from, to: candidate.target, data: candidate.data, ...at });
      passing.push(i);
    } catch (error) {
      const revert = findRevert(error);
      if (!revert) throw rpcError(error);
      reasons.push(reasonOfRevert(revert, "revert", i));
    }
  }
  return reasons;
}
