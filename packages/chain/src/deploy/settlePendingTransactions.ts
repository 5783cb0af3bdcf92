import type { DeployContext } from "./sendDeployTransaction.ts";

/**
 * Resolves the transactions a crashed run left `pending` in the manifest before anything else is sent: a mined
 * one gets its block, gas and status; one still in the mempool is waited for (so the next step sees its
 * effect and does not send a duplicate); one the node no longer knows is marked `dropped`.
 *
 * @example
 * await settlePendingTransactions(ctx);
 */
export async function settlePendingTransactions(ctx: DeployContext): Promise<void> {
  for (const entry of ctx.manifest.transactions) {
    if (entry.status !== "pending") continue;
    let receipt = await ctx.publicClient.getTransactionReceipt({ hash: entry.hash }).catch(() => undefined);
    if (!receipt) {
      const tx = await ctx.publicClient.getTransaction({ hash: entry.hash }).catch(() => undefined);
      if (tx) receipt = await ctx.publicClient.waitForTransactionReceipt({ hash: entry.hash });
    }
    if (receipt) {
      entry.blockNumber = Number(receipt.blockNumber);
      entry.gasUsed = receipt.gasUsed.toString();
      entry.status = receipt.status;
    } else {
      entry.status = "dropped";
    }
    ctx.log({
      type: "info",
      message: `settled transaction of an earlier run: ${entry.status}`,
      details: { ...entry },
    });
    await ctx.save();
  }
}
