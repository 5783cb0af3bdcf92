import { parseArgs } from "node:util";
import { refreshProposals } from "@coinscious/chain";
import { connect, connectionOptions, manifestOf, proposalStore } from "../context.ts";
import { bigintJson, UsageError } from "../errors.ts";
import type { Command } from "../main.ts";
import { connectionFlags } from "./flags.ts";

const STATUSES = ["pending", "executed", "replaced", "cancelled", "failed"] as const;

export const proposalsCommand: Command = {
  summary: "list proposals (after settling them against the Safe's nonce on chain)",
  usage: "coinscious proposals [--status pending|executed|replaced|cancelled|failed] [--network …] [--json]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...connectionOptions, status: { type: "string" } },
    });
    const status = values.status;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(", ")}`);
    }
    const ctx = await connect(connectionFlags(values), io.env, io.cwd);
    const manifest = await manifestOf(ctx);
    const store = proposalStore(ctx);
    if (manifest.safe)
      await refreshProposals({ publicClient: ctx.publicClient, store, safe: manifest.safe.address });
    const list = await store.list(
      status === undefined ? {} : { status: status as (typeof STATUSES)[number] },
    );
    if (values.json) {
      io.out(JSON.stringify({ proposals: list }, bigintJson));
      return 0;
    }
    if (list.length === 0) io.out("no proposals");
    for (const p of list) {
      io.out(
        `${p.id}  nonce ${String(p.tx.nonce).padStart(3)}  ${p.status.padEnd(9)} ${p.signatures.length} sig  ${p.description}`,
      );
    }
    return 0;
  },
};
