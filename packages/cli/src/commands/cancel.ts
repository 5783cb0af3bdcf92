import { parseArgs } from "node:util";
import { proposeCancellation } from "@coinscious/chain";
import { connect, connectionOptions, proposalStore } from "../context.ts";
import { bigintJson } from "../errors.ts";
import type { Command } from "../main.ts";
import { connectionFlags } from "./flags.ts";
import { proposalId } from "./sign.ts";

export const cancelCommand: Command = {
  summary: "propose a cancellation of a pending proposal (a no-op Safe transaction at the same nonce)",
  usage: "coinscious cancel <proposal-id> [--description TEXT] [--network …] [--json]",
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...connectionOptions, description: { type: "string" } },
      allowPositionals: true,
    });
    const id = proposalId(positionals[0]);
    const ctx = await connect(connectionFlags(values), io.env, io.cwd);
    const cancellation = await proposeCancellation({
      publicClient: ctx.publicClient,
      store: proposalStore(ctx),
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
