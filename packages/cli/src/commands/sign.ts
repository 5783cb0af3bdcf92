import { addSignature, getProposal, getSafeInfo, signSafeTransaction } from "@coinscious/chain";
import { signer } from "../context.ts";
import { bigintJson } from "../errors.ts";
import type { Command } from "../main.ts";
import { openProposal } from "./openProposal.ts";

export const signCommand: Command = {
  summary: "sign a proposal as a Safe owner (the signature is verified as it arrives)",
  usage:
    "coinscious sign <proposal-id> [--dev-account N | PRIVATE_KEY | KEYSTORE_PATH] [--network …] [--json]",
  async run(argv, io) {
    const { values, id, flags, ctx, store } = await openProposal(argv, io, {});
    const account = await signer(ctx, flags);
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
