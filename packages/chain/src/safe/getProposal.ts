import type { Hex } from "viem";
import { SafeError } from "./errors.ts";
import { hashSafeTransaction } from "./hashSafeTransaction.ts";
import type { Proposal, ProposalStore } from "./types.ts";

/**
 * Reads a proposal or throws `PROPOSAL_NOT_FOUND`. With `chainId`, also checks it belongs to that chain
 * (`CHAIN_MISMATCH`) and that its stored `safeTxHash` and id are the hash of its stored transaction
 * (`PROPOSAL_CORRUPT`): a store edited behind our back must not get signatures collected or shown for a
 * transaction other than the one hashed.
 *
 * @example
 * const proposal = await getProposal(store, id, { chainId: 31337 });
 */
export async function getProposal(
  store: ProposalStore,
  id: Hex,
  options: { chainId?: number } = {},
): Promise<Proposal> {
  const proposal = await store.get(id);
  if (proposal === undefined)
    throw new SafeError("PROPOSAL_NOT_FOUND", `no proposal ${id}`, { details: { id } });
  if (options.chainId !== undefined) {
    if (proposal.chainId !== options.chainId) {
      throw new SafeError(
        "CHAIN_MISMATCH",
        `proposal ${id} is for chain ${proposal.chainId}, not ${options.chainId}`,
        {
          details: { id, proposalChainId: proposal.chainId, chainId: options.chainId },
        },
      );
    }
    const hash = hashSafeTransaction({ chainId: proposal.chainId, safe: proposal.safe, tx: proposal.tx });
    if (hash !== proposal.safeTxHash || hash !== proposal.id) {
      throw new SafeError("PROPOSAL_CORRUPT", `proposal ${id}: stored hash does not match its transaction`, {
        details: { id, computed: hash },
      });
    }
  }
  return proposal;
}
