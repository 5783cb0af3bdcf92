import { securityTokenAbi } from "@coinscious/contracts";
import type { Address } from "viem";
import type { Action } from "../actions/types.ts";
import type { ChainPublicClient } from "../types.ts";
import { tokenMoves } from "./tokenMoves.ts";
import type { BalanceChange, BlockAt } from "./types.ts";

export type BalanceChangesParameters = {
  publicClient: ChainPublicClient;
  action: Action;
  at: BlockAt;
};

/**
 * The balances of every wallet a token-moving action touches, before (read at `at`) and after (computed from
 * the action's parameters, in the contract's order). Exact only for an action whose simulation succeeded: then
 * every movement happens in full (mint +, burn −, forced transfer −/+, recovery moves the lost wallet's whole
 * balance). Wallets in order of first appearance; empty for actions that move no tokens.
 *
 * @example
 * await balanceChanges({ publicClient, action: mint({ token, to, amount: 5n }), at })
 * // [{ token, wallet: to, before: 10n, after: 15n, delta: 5n }]
 */
export async function balanceChanges(parameters: BalanceChangesParameters): Promise<BalanceChange[]> {
  const { publicClient, action, at } = parameters;
  const moves = tokenMoves(action);
  if (moves.length === 0) return [];
  const token = action.target;
  const wallets: Address[] = [];
  for (const m of moves) {
    const touched =
      m.type === "mint"
        ? [m.to]
        : m.type === "burn"
          ? [m.from]
          : m.type === "forced"
            ? [m.from, m.to]
            : [m.lostWallet, m.newWallet];
    for (const w of touched) if (!wallets.includes(w)) wallets.push(w);
  }
  const before = await Promise.all(
    wallets.map(
      (wallet) =>
        publicClient.readContract({
          address: token,
          abi: securityTokenAbi,
          functionName: "balanceOf",
          args: [wallet],
          ...at,
        } as never) as Promise<bigint>,
    ),
  );
  const balance = new Map(wallets.map((w, i) => [w, before[i] as bigint]));
  const add = (w: Address, v: bigint) => balance.set(w, (balance.get(w) as bigint) + v);
  for (const m of moves) {
    if (m.type === "mint") add(m.to, m.amount);
    else if (m.type === "burn") add(m.from, -m.amount);
    else if (m.type === "forced") {
      add(m.from, -m.amount);
      add(m.to, m.amount);
    } else {
      const amount = balance.get(m.lostWallet) as bigint;
      add(m.lostWallet, -amount);
      add(m.newWallet, amount);
    }
  }
  return wallets.map((wallet, i) => {
    const b = before[i] as bigint;
    const a = balance.get(wallet) as bigint;
    return { token, wallet, before: b, after: a, delta: a - b };
  });
}
