import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Hex } from "viem";
import { connect, connectionOptions, proposalStore } from "../context.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import { connectionFlags } from "./flags.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * What the commands on one proposal (sign, execute, cancel) start with: the connection flags and `extra` options
 * parsed, the proposal id they name (their one positional, checked before anything connects), the connection, and
 * the deployment's proposal store.
 *
 * @example
 * const { values, id, flags, ctx, store } = await openProposal(argv, io, { description: { type: "string" } });
 */
export async function openProposal<const O extends Options>(argv: string[], io: Io, extra: O) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...connectionOptions, ...extra },
    allowPositionals: true,
  });
  const id = proposalId(positionals[0]);
  const flags = connectionFlags(values);
  const ctx = await connect(flags, io.env, io.cwd);
  return { values, id, flags, ctx, store: proposalStore(ctx) };
}

/** A proposal id is its safeTxHash (32 bytes of hex). */
export function proposalId(value: string | undefined): Hex {
  if (value === undefined) throw new UsageError("name the proposal id (see `coinscious proposals`)");
  if (!/^0x[0-9a-fA-F]{64}$/.test(value))
    throw new UsageError(`not a proposal id (0x + 64 hex digits): "${value}"`);
  return value.toLowerCase() as Hex;
}
