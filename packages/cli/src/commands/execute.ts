import { executeProposal, refreshProposals } from "@coinscious/chain";
import { signer, walletFor } from "../context.ts";
import { bigintJson } from "../errors.ts";
import type { Command } from "../main.ts";
import { openProposal } from "./openProposal.ts";

export const executeCommand: Command = {
  summary: "execute a proposal that has its threshold of signatures (any account may send it)",
  usage:
    "coinscious execute <proposal-id> [--dev-account N | PRIVATE_KEY | KEYSTORE_PATH] [--network …] [--json]",
  async run(argv, io) {
    const { values, id, flags, ctx, store } = await openProposal(argv, io, {});
    const account = await signer(ctx, flags);
    const { proposal, receipt } = await executeProposal({
      publicClient: ctx.publicClient,
      walletClient: walletFor(ctx, account),
      store,
      id,
    });
    const { updated } = await refreshProposals({
      publicClient: ctx.publicClient,
      store,
      safe: proposal.safe,
    });
    if (values.json)
      io.out(JSON.stringify({ proposal, transactionHash: receipt.transactionHash }, bigintJson));
    else {
      io.out(
        `executed ${id} in ${receipt.transactionHash} (block ${receipt.blockNumber}, ${receipt.gasUsed} gas)`,
      );
      for (const p of updated.filter((u) => u.id !== id))
        io.out(`  ${p.id} at nonce ${p.tx.nonce}: ${p.status}`);
    }
    return 0;
  },
};
