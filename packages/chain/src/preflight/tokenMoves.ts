import type { Address } from "viem";
import type { Action } from "../actions/types.ts";

/** One balance movement of a token-moving action, in the order the contract applies them. */
export type TokenMove =
  | { type: "mint"; item: number | undefined; to: Address; amount: bigint }
  | { type: "burn"; item: number | undefined; from: Address; amount: bigint }
  | { type: "forced"; item: number | undefined; from: Address; to: Address; amount: bigint }
  | { type: "recovery"; item: undefined; lostWallet: Address; newWallet: Address };

/**
 * The movements of `action` (batch items carry their index); empty for actions that move no tokens.
 *
 * @example
 * tokenMoves(batchMint({ token, toList: [a, b], amounts: [1n, 2n] }))
 * // [{ type: "mint", item: 0, to: a, amount: 1n }, { type: "mint", item: 1, to: b, amount: 2n }]
 */
export function tokenMoves(action: Action): TokenMove[] {
  switch (action.kind) {
    case "mint":
      return [{ type: "mint", item: undefined, to: action.params.to, amount: action.params.amount }];
    case "batchMint": {
      const { toList, amounts } = action.params;
      return toList.map((to, i) => ({ type: "mint", item: i, to, amount: amounts[i] as bigint }));
    }
    case "burn":
      return [{ type: "burn", item: undefined, from: action.params.from, amount: action.params.amount }];
    case "batchBurn": {
      const { fromList, amounts } = action.params;
      return fromList.map((from, i) => ({ type: "burn", item: i, from, amount: amounts[i] as bigint }));
    }
    case "forcedTransfer": {
      const { from, to, amount } = action.params;
      return [{ type: "forced", item: undefined, from, to, amount }];
    }
    case "batchForcedTransfer": {
      const { fromList, toList, amounts } = action.params;
      return fromList.map((from, i) => ({
        type: "forced",
        item: i,
        from,
        to: toList[i] as Address,
        amount: amounts[i] as bigint,
      }));
    }
    case "recoveryAddress": {
      const { lostWallet, newWallet } = action.params;
      return [{ type: "recovery", item: undefined, lostWallet, newWallet }];
    }
    default:
      return [];
  }
}
