import {
  type BatchSetAddressFrozenReturnType,
  batchSetAddressFrozen,
  type SetAddressFrozenReturnType,
  setAddressFrozen,
} from "@coinscious/chain";
import { type Address, getAddress } from "viem";

/** A sanctioned wallet and the token classes it should be frozen in (those of its registry, not yet frozen). */
export type FreezeTarget = { chainId: number; wallet: Address; tokens: readonly Address[] };

/** The suggested freeze of one chain: the actions a Safe proposal would carry (FREEZER_ROLE, held by the Safe). */
export type FreezeProposal = {
  chainId: number;
  actions: (SetAddressFrozenReturnType | BatchSetAddressFrozenReturnType)[];
};

/**
 * Builds — does not send — the freeze a sanctions hit calls for (§4.2: "Do not return funds to a sanctioned
 * address; block/freeze"; S-01: DENY + freeze + OFAC report within 10 business days): per chain and token class,
 * `setAddressFrozen` for one wallet or `batchSetAddressFrozen` for several, through the chain layer's action
 * builders so the calldata is validated and encoded exactly as a Safe proposal needs it. Wallets are deduplicated;
 * tokens and wallets come out sorted, so the same hits give the same proposal.
 *
 * @example
 * const [proposal] = buildFreezeProposals([{ chainId: 8453, wallet, tokens: [token] }]);
 * proposal.actions[0].kind; // "setAddressFrozen"
 */
export function buildFreezeProposals(targets: readonly FreezeTarget[]): FreezeProposal[] {
  const byChain = new Map<number, Map<Address, Set<Address>>>();
  for (const { chainId, wallet, tokens } of targets) {
    let byToken = byChain.get(chainId);
    if (byToken === undefined) {
      byToken = new Map();
      byChain.set(chainId, byToken);
    }
    for (const token of tokens) {
      const key = getAddress(token);
      let wallets = byToken.get(key);
      if (wallets === undefined) {
        wallets = new Set();
        byToken.set(key, wallets);
      }
      wallets.add(getAddress(wallet));
    }
  }
  const proposals: FreezeProposal[] = [];
  for (const chainId of [...byChain.keys()].sort((a, b) => a - b)) {
    const byToken = byChain.get(chainId) as Map<Address, Set<Address>>;
    const actions: FreezeProposal["actions"] = [];
    for (const token of [...byToken.keys()].sort(byLowerCase)) {
      const wallets = [...(byToken.get(token) as Set<Address>)].sort(byLowerCase);
      actions.push(
        wallets.length === 1
          ? setAddressFrozen({ token, wallet: wallets[0] as Address, frozen: true })
          : batchSetAddressFrozen({ token, wallets, frozen: wallets.map(() => true) }),
      );
    }
    if (actions.length > 0) proposals.push({ chainId, actions });
  }
  return proposals;
}

function byLowerCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
