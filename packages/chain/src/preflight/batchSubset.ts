import { batchBurn } from "../actions/batchBurn.ts";
import { batchForcedTransfer } from "../actions/batchForcedTransfer.ts";
import { batchFreezePartialTokens } from "../actions/batchFreezePartialTokens.ts";
import { batchLinkWallets } from "../actions/batchLinkWallets.ts";
import { batchMint } from "../actions/batchMint.ts";
import { batchRegisterInvestors } from "../actions/batchRegisterInvestors.ts";
import { batchSetAddressFrozen } from "../actions/batchSetAddressFrozen.ts";
import { batchUnfreezePartialTokens } from "../actions/batchUnfreezePartialTokens.ts";
import { batchUpdateInvestors } from "../actions/batchUpdateInvestors.ts";
import type { Action } from "../actions/types.ts";

/** The number of items of a batch action; undefined for a single action. */
export function batchLength(action: Action): number | undefined {
  switch (action.kind) {
    case "batchMint":
      return action.params.toList.length;
    case "batchBurn":
    case "batchForcedTransfer":
      return action.params.fromList.length;
    case "batchSetAddressFrozen":
    case "batchFreezePartialTokens":
    case "batchUnfreezePartialTokens":
    case "batchLinkWallets":
      return action.params.wallets.length;
    case "batchRegisterInvestors":
    case "batchUpdateInvestors":
      return action.params.investorIds.length;
    default:
      return undefined;
  }
}

/**
 * The same batch action with only the items at `indices` (in that order), rebuilt through its builder;
 * undefined for a single action.
 *
 * @example
 * batchSubset(batchMint({ token, toList: [a, b, c], amounts: [1n, 2n, 3n] }), [0, 2]) // mints to a and c
 */
export function batchSubset(action: Action, indices: readonly number[]): Action | undefined {
  const pick = <T>(xs: readonly T[]): T[] => indices.map((i) => xs[i] as T);
  switch (action.kind) {
    case "batchMint": {
      const p = action.params;
      return batchMint({ token: p.token, toList: pick(p.toList), amounts: pick(p.amounts) });
    }
    case "batchBurn": {
      const p = action.params;
      return batchBurn({ token: p.token, fromList: pick(p.fromList), amounts: pick(p.amounts) });
    }
    case "batchForcedTransfer": {
      const p = action.params;
      return batchForcedTransfer({
        token: p.token,
        fromList: pick(p.fromList),
        toList: pick(p.toList),
        amounts: pick(p.amounts),
        reasons: pick(p.reasonCodes),
      });
    }
    case "batchSetAddressFrozen": {
      const p = action.params;
      return batchSetAddressFrozen({ token: p.token, wallets: pick(p.wallets), frozen: pick(p.frozen) });
    }
    case "batchFreezePartialTokens": {
      const p = action.params;
      return batchFreezePartialTokens({ token: p.token, wallets: pick(p.wallets), amounts: pick(p.amounts) });
    }
    case "batchUnfreezePartialTokens": {
      const p = action.params;
      return batchUnfreezePartialTokens({
        token: p.token,
        wallets: pick(p.wallets),
        amounts: pick(p.amounts),
      });
    }
    case "batchRegisterInvestors": {
      const p = action.params;
      return batchRegisterInvestors({
        registry: p.registry,
        investorIds: pick(p.investorIds),
        wallets: pick(p.wallets),
        records: pick(p.records),
      });
    }
    case "batchUpdateInvestors": {
      const p = action.params;
      return batchUpdateInvestors({
        registry: p.registry,
        investorIds: pick(p.investorIds),
        records: pick(p.records),
      });
    }
    case "batchLinkWallets": {
      const p = action.params;
      return batchLinkWallets({
        registry: p.registry,
        wallets: pick(p.wallets),
        investorIds: pick(p.investorIds),
      });
    }
    default:
      return undefined;
  }
}
