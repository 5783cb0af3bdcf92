import type { Hex } from "viem";
import { SafeError } from "./errors.ts";
import type { Proposal, ProposalStore } from "./types.ts";

/**
 * Read-modify-write of one proposal with optimistic concurrency: reads it, applies `change` (which may throw to
 * refuse), puts the result, and on `PROPOSAL_CONFLICT` starts over from a fresh read (up to `attempts` times).
 * `change` returning the same object means "nothing to do". Internal.
 *
 * @example
 * await updateProposal(store, id, (p) => (p.status === "pending" ? { ...p, description } : p));
 */
export async function updateProposal(
  store: ProposalStore,
  id: Hex,
  change: (current: Proposal) => Proposal,
  attempts = 8,
): Promise<Proposal> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(id);
    if (current === undefined) {
      throw new SafeError("PROPOSAL_NOT_FOUND", `no proposal ${id}`, { details: { id } });
    }
    const next = change(current);
    if (next === current) return current;
    try {
      return await store.put(next);
    } catch (e) {
      if (!(e instanceof SafeError && e.code === "PROPOSAL_CONFLICT") || attempt >= attempts) throw e;
    }
  }
}
