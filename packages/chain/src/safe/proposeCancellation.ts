import type { Hex } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { SafeError } from "./errors.ts";
import { getProposal } from "./getProposal.ts";
import { proposeSafeTransaction } from "./proposeSafeTransaction.ts";
import type { Proposal, ProposalStore } from "./types.ts";

export type ProposeCancellationParameters = {
  publicClient: ChainPublicClient;
  store: ProposalStore;
  /** The pending proposal to cancel. */
  id: Hex;
  description?: string;
  createdBy?: string;
  now?: () => Date;
};

/**
 * Proposes the cancellation of a pending proposal: a transaction at the same nonce that does nothing (a 0-value
 * call from the Safe to itself). A proposal that has owner signatures can be executed by anyone at any time,
 * so deleting it off-chain would not cancel it; only using its nonce does. Once the cancellation is signed and
 * executed, `refreshProposals` marks the other proposals at that nonce `cancelled`.
 *
 * Throws `SafeError`: `PROPOSAL_NOT_FOUND`, `PROPOSAL_NOT_PENDING`, `CHAIN_MISMATCH`, `PROPOSAL_CORRUPT`.
 *
 * @example
 * const cancel = await proposeCancellation({ publicClient, store, id: proposal.id });
 */
export async function proposeCancellation({
  publicClient,
  store,
  id,
  description,
  createdBy,
  now,
}: ProposeCancellationParameters): Promise<Proposal> {
  const target = await getProposal(store, id, { chainId: await publicClient.getChainId() });
  if (target.status !== "pending") {
    throw new SafeError("PROPOSAL_NOT_PENDING", `proposal ${id} is ${target.status}`, {
      details: { id, status: target.status },
    });
  }
  return proposeSafeTransaction({
    publicClient,
    store,
    safe: target.safe,
    calls: [{ to: target.safe, value: 0n, data: "0x" }],
    nonce: target.tx.nonce,
    description: description ?? `Cancel proposal ${id} (nonce ${target.tx.nonce})`,
    ...(createdBy === undefined ? {} : { createdBy }),
    ...(now === undefined ? {} : { now }),
  });
}
