import { type Address, getAddress } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { buildSafeTransaction } from "./buildSafeTransaction.ts";
import { SafeError } from "./errors.ts";
import { hashSafeTransaction } from "./hashSafeTransaction.ts";
import { readSafeState } from "./readSafeState.ts";
import type { Proposal, ProposalStore, SafeCall } from "./types.ts";

export type ProposeSafeTransactionParameters = {
  publicClient: ChainPublicClient;
  store: ProposalStore;
  safe: Address;
  calls: readonly SafeCall[];
  /** MultiSendCallOnly, for several calls. */
  multiSend?: Address;
  /**
   * Default: the next free nonce — after the Safe's on-chain nonce and after every pending proposal's nonce, so
   * proposals queue up. Give an existing proposal's nonce to propose a replacement (whichever executes first wins).
   */
  nonce?: bigint;
  /** See `buildSafeTransaction`. */
  safeTxGas?: bigint;
  description: string;
  /** Who proposed (user id, address, API key name…), for the audit trail. */
  createdBy?: string;
  now?: () => Date;
};

/**
 * Creates a pending proposal for one or more calls, with no signatures yet. The id is the `safeTxHash`, so
 * proposing the identical transaction again (same calls, nonce, Safe, chain) returns the existing proposal.
 * Without an explicit `nonce` the same calls queue up again at the next nonce (paying a vendor twice is
 * legitimate); retry safety for an HTTP client belongs to the API's idempotency key, not here.
 *
 * Throws `SafeError`: `NONCE_MISMATCH` (nonce below the Safe's), `SAFE_NOT_FOUND`, `INVALID_ARGUMENT`,
 * `CODE_MISMATCH` (see `buildSafeTransaction`).
 *
 * @example
 * const p = await proposeSafeTransaction({ publicClient, store, safe, calls: [{ to, value: 10n ** 18n }], description: "Pay the auditor" });
 * // share p.id; owners sign hashSafeTransaction(p) and call addSignature
 */
export async function proposeSafeTransaction({
  publicClient,
  store,
  safe,
  calls,
  multiSend,
  nonce,
  safeTxGas,
  description,
  createdBy,
  now = () => new Date(),
}: ProposeSafeTransactionParameters): Promise<Proposal> {
  const address = getAddress(safe);
  const [chainId, state] = await Promise.all([
    publicClient.getChainId(),
    readSafeState(publicClient, address),
  ]);
  let txNonce = nonce;
  if (txNonce === undefined) {
    const pending = await store.list({ safe: address, chainId, status: "pending" });
    txNonce = pending.reduce((next, p) => (p.tx.nonce >= next ? p.tx.nonce + 1n : next), state.nonce);
  } else if (txNonce < state.nonce) {
    throw new SafeError(
      "NONCE_MISMATCH",
      `nonce ${txNonce} was already used (the Safe is at ${state.nonce})`,
      {
        details: { txNonce: String(txNonce), safeNonce: String(state.nonce) },
      },
    );
  }
  const tx = await buildSafeTransaction({
    publicClient,
    safe: address,
    calls,
    multiSend,
    nonce: txNonce,
    ...(safeTxGas === undefined ? {} : { safeTxGas }),
  });
  const safeTxHash = hashSafeTransaction({ chainId, safe: address, tx });
  const existing = await store.get(safeTxHash);
  if (existing) return existing;
  const proposal: Proposal = {
    id: safeTxHash,
    safe: address,
    chainId,
    tx,
    safeTxHash,
    description,
    createdAt: now().toISOString(),
    ...(createdBy === undefined ? {} : { createdBy }),
    signatures: [],
    status: "pending",
    version: 0,
  };
  try {
    return await store.put(proposal);
  } catch (e) {
    // Someone stored the same proposal between our get and put: theirs is identical by construction.
    const raced =
      e instanceof SafeError && e.code === "PROPOSAL_CONFLICT" ? await store.get(safeTxHash) : undefined;
    if (raced) return raced;
    throw e;
  }
}
