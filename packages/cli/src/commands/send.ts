import { parseArgs } from "node:util";
import { sendAction, simulate } from "@coinscious/chain";
import { CoinsciousError } from "@coinscious/core";
import { actionOptions, actionTable, buildAction } from "../actionTable.ts";
import { connect, connectionOptions, manifestOf, signer, walletFor } from "../context.ts";
import { bigintJson, UsageError } from "../errors.ts";
import type { Command } from "../main.ts";
import { preflightLines } from "../preflightText.ts";
import { connectionFlags } from "./flags.ts";

export const sendCommand: Command = {
  summary: "send an action whose role is held by a single key (registry oracle, guardian), after a preflight",
  usage: `coinscious send <action> [action flags] [--dev-account N | PRIVATE_KEY | KEYSTORE_PATH] [--json]
actions: ${Object.keys(actionTable).join(", ")}`,
  async run(argv, io) {
    const [kind, ...rest] = argv;
    if (kind === undefined || kind.startsWith("-")) throw new UsageError("send: name an action (see --help)");
    const { values } = parseArgs({
      args: rest,
      options: { ...connectionOptions, ...actionOptions(kind) },
      strict: true,
    });
    const flags = connectionFlags(values);
    const ctx = await connect(flags, io.env, io.cwd);
    const manifest = await manifestOf(ctx);
    const action = buildAction(kind, values, manifest);
    const account = await signer(ctx, flags);
    const preflight = await simulate({ publicClient: ctx.publicClient, action, from: account.address });
    for (const line of preflightLines(preflight)) io.err(line);
    if (!preflight.ok) {
      throw new CoinsciousError(
        "PREFLIGHT_FAILED",
        `the ${kind} would fail as ${account.address}; not sent`,
        {
          details: { reasons: preflight.reasons.map((r) => r.name) },
        },
      );
    }
    const { hash, receipt } = await sendAction({
      walletClient: walletFor(ctx, account),
      publicClient: ctx.publicClient,
      action,
    });
    if (values.json)
      io.out(JSON.stringify({ transactionHash: hash, blockNumber: receipt.blockNumber }, bigintJson));
    else io.out(`sent ${kind}: ${hash} (block ${receipt.blockNumber}, ${receipt.gasUsed} gas)`);
    return 0;
  },
};
