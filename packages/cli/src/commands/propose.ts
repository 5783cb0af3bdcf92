import { parseArgs } from "node:util";
import { proposeSafeTransaction, simulate } from "@coinscious/chain";
import { CoinsciousError } from "@coinscious/core";
import { actionOptions, actionTable, buildAction } from "../actionTable.ts";
import { connect, connectionOptions, manifestOf, proposalStore } from "../context.ts";
import { bigintJson, UsageError } from "../errors.ts";
import type { Command } from "../main.ts";
import { preflightLines } from "../preflightText.ts";
import { connectionFlags } from "./flags.ts";

/** Roles the Safe holds: agent, freezer, admin on the contracts, and proposer on the upgrade timelock. */
const SAFE_ROLES = new Set(["agent", "freezer", "admin", "timelockProposer"]);

export const proposeCommand: Command = {
  summary: "propose a Safe transaction for an action, after a preflight simulation as the Safe",
  usage: `coinscious propose <action> [action flags] [--description TEXT] [--nonce N] [--force] [--json]
actions: ${Object.keys(actionTable).join(", ")}`,
  async run(argv, io) {
    const [kind, ...rest] = argv;
    if (kind === undefined || kind.startsWith("-"))
      throw new UsageError("propose: name an action (see --help)");
    const { values } = parseArgs({
      args: rest,
      options: {
        ...connectionOptions,
        ...actionOptions(kind),
        description: { type: "string" },
        nonce: { type: "string" },
        force: { type: "boolean" },
      },
      strict: true,
    });
    const ctx = await connect(connectionFlags(values), io.env, io.cwd);
    const manifest = await manifestOf(ctx);
    const action = buildAction(kind, values, manifest);
    if (!SAFE_ROLES.has(action.role)) {
      throw new UsageError(
        `${kind} is sent by the ${action.role} key, not the Safe: use \`coinscious send ${kind}\``,
      );
    }
    const safe = manifest.safe?.address;
    if (!safe) throw new CoinsciousError("NOT_DEPLOYED", "the deployment has no Safe");
    const preflight = await simulate({ publicClient: ctx.publicClient, action, from: safe });
    for (const line of preflightLines(preflight)) io.err(line);
    if (!preflight.ok && !values.force) {
      throw new CoinsciousError(
        "PREFLIGHT_FAILED",
        `the ${kind} would fail as the Safe; not proposed (--force to propose anyway)`,
        {
          details: { reasons: preflight.reasons.map((r) => r.name) },
        },
      );
    }
    if (values.nonce !== undefined && !/^\d+$/.test(values.nonce))
      throw new UsageError(`--nonce must be an integer`);
    const proposal = await proposeSafeTransaction({
      publicClient: ctx.publicClient,
      store: proposalStore(ctx),
      safe,
      calls: [{ to: action.target, data: action.data, value: action.value }],
      ...(manifest.safe?.infrastructure.multiSendCallOnly
        ? { multiSend: manifest.safe.infrastructure.multiSendCallOnly }
        : {}),
      ...(values.nonce === undefined ? {} : { nonce: BigInt(values.nonce) }),
      description: values.description ?? action.description,
    });
    if (values.json) io.out(JSON.stringify({ proposal, preflight }, bigintJson));
    else {
      io.out(`proposal ${proposal.id}`);
      io.out(`  nonce ${proposal.tx.nonce}, ${action.description}`);
      io.out(
        `  sign with: coinscious sign ${proposal.id} --dev-account N   (threshold ${manifest.safe?.threshold})`,
      );
    }
    return 0;
  },
};
