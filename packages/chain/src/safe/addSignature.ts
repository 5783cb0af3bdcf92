import { type Address, type Hex, isAddressEqual } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { SafeError } from "./errors.ts";
import { getProposal } from "./getProposal.ts";
import type { Proposal, ProposalStore } from "./types.ts";
import { updateProposal } from "./updateProposal.ts";
import { verifySafeSignature } from "./verifySafeSignature.ts";

export type AddSignatureParameters = {
  publicClient: ChainPublicClient;
  store: ProposalStore;
  id: Hex;
  signature: Hex;
  /** The address that claims to sign (e.g. the API session's wallet); turns a wrong-hash signature into `SIGNATURE_MISMATCH`. */
  signer?: Address;
  now?: () => Date;
};

/**
 * Adds an owner's signature to a pending proposal, verified as it arrives: it must recover (over the
 * proposal's `safeTxHash`) to a current owner who has not signed yet. Safe under concurrent calls (optimistic
 * concurrency, retried), so two owners signing at once both land.
 *
 * Throws `SafeError`: `PROPOSAL_NOT_FOUND`, `PROPOSAL_NOT_PENDING`, `CHAIN_MISMATCH`, `PROPOSAL_CORRUPT`,
 * `SIGNATURE_INVALID`, `SIGNATURE_MISMATCH`, `SIGNER_NOT_OWNER`, `DUPLICATE_SIGNATURE`.
 *
 * @example
 * const signature = await signSafeTransaction(owner, { chainId: p.chainId, safe: p.safe, tx: p.tx });
 * const updated = await addSignature({ publicClient, store, id: p.id, signature });
 */
export async function addSignature({
  publicClient,
  store,
  id,
  signature,
  signer,
  now = () => new Date(),
}: AddSignatureParameters): Promise<Proposal> {
  const proposal = await getProposal(store, id, { chainId: await publicClient.getChainId() });
  assertPending(proposal);
  const verified = await verifySafeSignature({
    publicClient,
    safe: proposal.safe,
    safeTxHash: proposal.safeTxHash,
    signature,
    ...(signer === undefined ? {} : { expectedSigner: signer }),
  });
  return updateProposal(store, proposal.id, (current) => {
    assertPending(current);
    if (current.signatures.some((s) => isAddressEqual(s.signer, verified.signer))) {
      throw new SafeError("DUPLICATE_SIGNATURE", `${verified.signer} already signed proposal ${id}`, {
        details: { id, signer: verified.signer },
      });
    }
    return {
      ...current,
      signatures: [...current.signatures, { ...verified, addedAt: now().toISOString() }],
    };
  });
}

function assertPending(proposal: Proposal): void {
  if (proposal.status !== "pending") {
    throw new SafeError("PROPOSAL_NOT_PENDING", `proposal ${proposal.id} is ${proposal.status}`, {
      details: { id: proposal.id, status: proposal.status },
    });
  }
}
