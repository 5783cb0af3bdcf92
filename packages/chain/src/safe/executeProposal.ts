import type { Hex, TransactionReceipt } from "viem";
import { isAddressEqual } from "viem";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { SafeError } from "./errors.ts";
import { executeSafeTransaction } from "./executeSafeTransaction.ts";
import { getProposal } from "./getProposal.ts";
import { readSafeState } from "./readSafeState.ts";
import { refreshProposals } from "./refreshProposals.ts";
import type { Proposal, ProposalStore } from "./types.ts";
import { updateProposal } from "./updateProposal.ts";

export type ExecuteProposalParameters = {
  publicClient: ChainPublicClient;
  /** Any funded account; it pays gas, the signatures authorize. */
  walletClient: ChainWalletClient;
  store: ProposalStore;
  id: Hex;
  now?: () => Date;
};

export type ExecuteProposalReturnType = { proposal: Proposal; receipt: TransactionReceipt };

/**
 * Executes a pending proposal with its collected signatures, records the outcome, then settles the other
 * proposals at its nonce (`refreshProposals`). Signatures of addresses that are no longer owners are left out;
 * if what remains is below the threshold it throws `THRESHOLD_NOT_MET` without sending.
 * If the transaction is mined but its call fails (`SAFE_TX_FAILED`), the proposal is recorded as `failed`
 * (its nonce is used) and the error is rethrown. A revert (`SAFE_TX_REVERTED`) leaves it pending.
 *
 * Throws `SafeError`: `PROPOSAL_NOT_FOUND`, `PROPOSAL_NOT_PENDING`, `CHAIN_MISMATCH`, `PROPOSAL_CORRUPT`, and
 * those of `executeSafeTransaction`.
 *
 * @example
 * const { proposal, receipt } = await executeProposal({ publicClient, walletClient, store, id });
 */
export async function executeProposal({
  publicClient,
  walletClient,
  store,
  id,
  now = () => new Date(),
}: ExecuteProposalParameters): Promise<ExecuteProposalReturnType> {
  const proposal = await getProposal(store, id, { chainId: await publicClient.getChainId() });
  if (proposal.status !== "pending") {
    throw new SafeError("PROPOSAL_NOT_PENDING", `proposal ${id} is ${proposal.status}`, {
      details: { id, status: proposal.status },
    });
  }
  const { owners } = await readSafeState(publicClient, proposal.safe);
  const signatures = proposal.signatures
    .filter((s) => owners.some((o) => isAddressEqual(o, s.signer)))
    .map((s) => s.signature);

  const record = (change: Partial<Proposal>) =>
    updateProposal(store, proposal.id, (current) => ({
      ...current,
      ...change,
      updatedAt: now().toISOString(),
    }));
  let receipt: TransactionReceipt;
  try {
    receipt = await executeSafeTransaction({
      publicClient,
      walletClient,
      safe: proposal.safe,
      tx: proposal.tx,
      signatures,
    });
  } catch (e) {
    if (e instanceof SafeError && e.code === "SAFE_TX_FAILED") {
      await record({ status: "failed", executedTxHash: e.details?.transactionHash as Hex });
      await refreshProposals({ publicClient, store, safe: proposal.safe, now });
    }
    throw e;
  }
  const executed = await record({ status: "executed", executedTxHash: receipt.transactionHash });
  await refreshProposals({ publicClient, store, safe: proposal.safe, fromBlock: receipt.blockNumber, now });
  return { proposal: executed, receipt };
}
