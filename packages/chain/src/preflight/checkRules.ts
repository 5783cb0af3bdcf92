import { securityTokenAbi } from "@coinscious/contracts";
import { ReasonCode } from "@coinscious/core";
import type { Address } from "viem";
import type { Action } from "../actions/types.ts";
import type { ChainPublicClient } from "../types.ts";
import { reasonOfRevert } from "./reasonOfRevert.ts";
import { ruleReason } from "./ruleReason.ts";
import { type TokenMove, tokenMoves } from "./tokenMoves.ts";
import type { BlockAt, PreflightReason } from "./types.ts";

/**
 * What a forced transfer keeps of the rules: a linked, unfrozen recipient with current KYC
 * (`SecurityToken._forcedCode`). `canMint` checks exactly these first and in the same order, so a `canMint`
 * answer among them is the forced transfer's; any later mint rule (jurisdiction, accreditation, limits) does
 * not apply to a forced move.
 */
const FORCED_RECIPIENT_CODES: ReadonlySet<number> = new Set([
  ReasonCode.STOP_ORDER,
  ReasonCode.WALLET_NOT_WHITELISTED_TO,
  ReasonCode.KYC_MISSING_TO,
  ReasonCode.KYC_EXPIRED_TO,
]);

export type CheckRulesParameters = {
  publicClient: ChainPublicClient;
  action: Action;
  at: BlockAt;
};

/**
 * Asks the token's views, item by item, for the first failure of each movement of a token-moving action
 * (empty for other actions), all on the state of `at`:
 * - mint: `canMint(to, amount)` (the contract guarantees it is what `mint` does);
 * - forced transfer: the recipient's code as above, then `amount > balanceOf(from)` → 120;
 * - burn: `amount > balanceOf(from)` → 120 (an agent burn releases frozen tokens, so only the balance counts);
 * - recovery: both wallets of one investor (`investorOf`), a non-zero balance;
 * and for an upgrade, that the new implementation has code. Each item is judged on the same state: effects of
 * earlier items of a batch are not seen.
 *
 * @example
 * await checkRules({ publicClient, action: batchMint({ token, toList, amounts }), at: { blockTag: "pending" } })
 * // [{ code: 21, name: "WALLET_NOT_WHITELISTED_TO", source: "rules", item: 2, … }]
 */
export async function checkRules(parameters: CheckRulesParameters): Promise<PreflightReason[]> {
  const { publicClient, action, at } = parameters;
  const token = action.target;
  const read = <T>(functionName: string, args: readonly unknown[]) =>
    publicClient.readContract({
      address: token,
      abi: securityTokenAbi,
      functionName,
      args,
      ...at,
    } as never) as Promise<T>;
  const canMint = (to: Address, amount: bigint) => read<number>("canMint", [to, amount]);
  const balanceOf = (wallet: Address) => read<bigint>("balanceOf", [wallet]);
  const investorOf = (wallet: Address) => read<number>("investorOf", [wallet]);

  const check = async (move: TokenMove): Promise<PreflightReason | undefined> => {
    switch (move.type) {
      case "mint": {
        const code = await canMint(move.to, move.amount);
        return code === 0 ? undefined : ruleReason(code, "rules", move.item);
      }
      case "burn":
        return move.amount > (await balanceOf(move.from))
          ? ruleReason(ReasonCode.INSUFFICIENT_UNRESTRICTED_BALANCE, "rules", move.item)
          : undefined;
      case "forced": {
        const [code, balance] = await Promise.all([canMint(move.to, move.amount), balanceOf(move.from)]);
        if (FORCED_RECIPIENT_CODES.has(code)) return ruleReason(code, "rules", move.item);
        return move.amount > balance
          ? ruleReason(ReasonCode.INSUFFICIENT_UNRESTRICTED_BALANCE, "rules", move.item)
          : undefined;
      }
      case "recovery": {
        const { lostWallet, newWallet } = move;
        const [lostId, newId, balance] = await Promise.all([
          investorOf(lostWallet),
          investorOf(newWallet),
          balanceOf(lostWallet),
        ]);
        // Not transfer rules (no registry code), but what the views can tell before the agent signs.
        if (lostId === 0 || lostId !== newId) {
          const args = [lostWallet, newWallet];
          return reasonOfRevert({ errorName: "WalletsNotSameInvestor", args, data: "0x" }, "rules");
        }
        if (balance === 0n) {
          return reasonOfRevert({ errorName: "NothingToRecover", args: [lostWallet], data: "0x" }, "rules");
        }
        return undefined;
      }
    }
  };
  const results = await Promise.all(tokenMoves(action).map(check));
  if (action.kind === "upgrade") {
    // An implementation without code makes UUPS's `proxiableUUID()` probe revert with no data at all.
    const code = await publicClient.getCode({ address: action.params.newImplementation, ...at });
    if (code === undefined || code === "0x") {
      results.push({
        code: null,
        name: "IMPLEMENTATION_NOT_A_CONTRACT",
        title: `No contract at the new implementation ${action.params.newImplementation}`,
        source: "rules",
      });
    }
  }
  return results.filter((r): r is PreflightReason => r !== undefined);
}
