import { proposeCancellation } from "@coinscious/chain";
import { bigintJson } from "../errors.ts";
import type { Command } from "../main.ts";
import { openProposal } from "./openProposal.ts";

export const cancelCommand: Command = {
  summary: "propose a cancellation of a pending proposal (a no-op Safe transaction at the same nonce)",
  usage: "coinscious cancel <proposal-id> [--description TEXT] [--network …] [--json]",
  async run(argv, io) {
    const { values, id, ctx, store } = await openProposal(argv, io, { description: { type: "string" } });
    const cancellation = await proposeCancellation({
      publicClient: ctx.publicClient,
      store,
      id,
      ...(values.description === undefined ? {} : { description: values.description }),
    });
    if (values.json) io.out(JSON.stringify({ proposal: cancellation }, bigintJson));
    else {
      io.out(`proposal ${cancellation.id}`);
      io.out(`  cancels ${id} at nonce ${cancellation.tx.nonce}; sign and execute it like any proposal`);
    }
    return 0;
  },
};
