import { type AbiEvent, type Address, getAddress, type Hex } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { safeAbi } from "./abis.ts";
import { isCancellationTransaction } from "./isCancellationTransaction.ts";
import { readSafeState } from "./readSafeState.ts";
import type { Proposal, ProposalStore } from "./types.ts";
import { updateProposal } from "./updateProposal.ts";

export type RefreshProposalsParameters = {
  publicClient: ChainPublicClient;
  store: ProposalStore;
  safe: Address;
  /**
   * Where to look for executions this store did not record (a crash after sending, or execution through another
   * tool). Pass the Safe's deployment block from the manifest on public chains, whose RPCs limit log ranges.
   */
  fromBlock?: bigint;
  now?: () => Date;
};

export type RefreshProposalsReturnType = {
  /** The Safe's on-chain nonce. */
  nonce: bigint;
  /** The proposals whose status changed. */
  updated: Proposal[];
};

const EXECUTION_EVENTS = ["ExecutionSuccess", "ExecutionFailure"].map(
  (name) => safeAbi.find((item) => item.type === "event" && item.name === name) as AbiEvent,
);

/**
 * Brings pending proposals in line with the Safe's on-chain nonce. A nonce below it has been used, so every
 * pending proposal at such a nonce is settled: if it is the one that was executed (found by its `safeTxHash` in
 * the Safe's `ExecutionSuccess` / `ExecutionFailure` logs) it becomes `executed` / `failed`; the others at that
 * nonce become `cancelled` when the executed one was a cancellation, else `replaced`, with `replacedBy` set
 * (left unset when the nonce was used by a transaction the store does not know).
 *
 * @example
 * const { nonce, updated } = await refreshProposals({ publicClient, store, safe });
 */
export async function refreshProposals({
  publicClient,
  store,
  safe,
  fromBlock = 0n,
  now = () => new Date(),
}: RefreshProposalsParameters): Promise<RefreshProposalsReturnType> {
  const address = getAddress(safe);
  const [chainId, { nonce }] = await Promise.all([
    publicClient.getChainId(),
    readSafeState(publicClient, address),
  ]);
  const all = await store.list({ safe: address, chainId });
  const stale = all.filter((p) => p.status === "pending" && p.tx.nonce < nonce);
  const updated: Proposal[] = [];
  const settle = async (p: Proposal, change: Partial<Proposal>) => {
    const stored = await updateProposal(store, p.id, (current) =>
      current.status === "pending" ? { ...current, ...change, updatedAt: now().toISOString() } : current,
    );
    if (stored.status !== "pending") updated.push(stored);
    return stored;
  };

  for (const n of [...new Set(stale.map((p) => p.tx.nonce))]) {
    const group = stale.filter((p) => p.tx.nonce === n);
    let winner = all.find((p) => p.tx.nonce === n && (p.status === "executed" || p.status === "failed"));
    if (winner === undefined) {
      const found = await findExecution(publicClient, address, group, fromBlock);
      if (found) {
        winner = await settle(found.proposal, {
          status: found.success ? "executed" : "failed",
          executedTxHash: found.transactionHash,
        });
      }
    }
    const status = winner && isCancellationTransaction(winner.tx, address) ? "cancelled" : "replaced";
    for (const p of group) {
      if (p.id === winner?.id) continue;
      await settle(p, { status, ...(winner ? { replacedBy: winner.id } : {}) });
    }
  }
  return { nonce, updated };
}

async function findExecution(
  publicClient: ChainPublicClient,
  safe: Address,
  candidates: Proposal[],
  fromBlock: bigint,
): Promise<{ proposal: Proposal; success: boolean; transactionHash: Hex } | undefined> {
  const hashes = candidates.map((p) => p.safeTxHash);
  for (const event of EXECUTION_EVENTS) {
    const logs = await publicClient.getLogs({ address: safe, event, args: { txHash: hashes }, fromBlock });
    for (const log of logs) {
      const txHash = (log.args as { txHash?: Hex }).txHash?.toLowerCase();
      const proposal = candidates.find((p) => p.safeTxHash === txHash);
      if (proposal && log.transactionHash) {
        return { proposal, success: event.name === "ExecutionSuccess", transactionHash: log.transactionHash };
      }
    }
  }
  return undefined;
}
