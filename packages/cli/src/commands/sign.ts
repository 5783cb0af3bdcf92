import { parseArgs } from "node:util";
import { addSignature, getProposal, getSafeInfo, signSafeTransaction } from "@coinscious/chain";
import type { Hex } from "viem";
import { connect, connectionOptions, proposalStore, signer } from "../context.ts";
import { bigintJson, UsageError } from "../errors.ts";
import type { Command } from "../main.ts";
import { connectionFlags } from "./flags.ts";

export const signCommand: Command = {
  summary: "sign a proposal as a Safe owner (the signature is verified as it arrives)",
  usage:
    "coinscious sign <proposal-id> [--dev-account N | PRIVATE_KEY | KEYSTORE_PATH] [--network …] [--json]",
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: connectionOptions,
      allowPositionals: true,
    });
    const id = proposalId(positionals[0]);
    const flags = connectionFlags(values);
    const ctx = await connect(flags, io.env, io.cwd);
    const account = await signer(ctx, flags);
    const store = proposalStore(ctx);
    const proposal = await getProposal(store, id, { chainId: ctx.chainId });
    const signature = await signSafeTransaction(account, {
      chainId: ctx.chainId,
      safe: proposal.safe,
      tx: proposal.tx,
    });
    const updated = await addSignature({
      publicClient: ctx.publicClient,
      store,
      id,
      signature,
      signer: account.address,
    });
    const { threshold } = await getSafeInfo(ctx.publicClient, proposal.safe);
    if (values.json) io.out(JSON.stringify({ proposal: updated }, bigintJson));
    else io.out(`signed by ${account.address}: ${updated.signatures.length} of ${threshold} signatures`);
    return 0;
  },
};

/** A proposal id is its safeTxHash (32 bytes of hex). */
export function proposalId(value: string | undefined): Hex {
  if (value === undefined) throw new UsageError("name the proposal id (see `coinscious proposals`)");
  if (!/^0x[0-9a-fA-F]{64}$/.test(value))
    throw new UsageError(`not a proposal id (0x + 64 hex digits): "${value}"`);
  return value.toLowerCase() as Hex;
}
