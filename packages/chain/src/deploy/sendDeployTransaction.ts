import {
  type Abi,
  type Address,
  BaseError,
  decodeErrorResult,
  type Hex,
  parseAbi,
  type TransactionReceipt,
} from "viem";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { DeployTransactionRevertedError } from "./errors.ts";
import type { DeployLog, DeploymentManifest } from "./types.ts";

/** What every step of a deployment run works with. */
export type DeployContext = {
  publicClient: ChainPublicClient;
  walletClient: ChainWalletClient;
  deployer: Address;
  log: DeployLog;
  /** The manifest being built; steps mutate it and call `save` after each change. */
  manifest: DeploymentManifest;
  /** Atomically writes `manifest` to disk. */
  save: () => Promise<void>;
};

/** Errors any deployment transaction may revert with (for readable simulation failures). */
const commonErrorsAbi = parseAbi([
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
  "error AccessControlBadConfirmation()",
  "error ZeroAddress()",
  "error TokenClassAlreadyBound(address token)",
]);

/**
 * Sends one deployment transaction and records it: simulated first (a revert costs nothing and is reported
 * with its decoded reason), written to the manifest as `pending` as soon as it has a hash — so a crash while
 * waiting leaves the hash for the next run to settle — then waited for and recorded with its block and gas.
 * Throws `DEPLOY_TX_REVERTED`.
 *
 * @example
 * const receipt = await sendDeployTransaction(ctx, "grant:token.AGENT_ROLE", { to: token, data, abi: securityTokenAbi });
 */
export async function sendDeployTransaction(
  ctx: DeployContext,
  step: string,
  tx: { to: Address; data: Hex; abi?: Abi },
): Promise<TransactionReceipt> {
  const errorsAbi = [...(tx.abi ?? []), ...commonErrorsAbi] as Abi;
  try {
    await ctx.publicClient.call({ account: ctx.deployer, to: tx.to, data: tx.data });
  } catch (e) {
    throw new DeployTransactionRevertedError(step, null, describeRevert(e, errorsAbi));
  }

  const hash = await ctx.walletClient.sendTransaction({
    account: ctx.walletClient.account,
    chain: ctx.walletClient.chain,
    to: tx.to,
    data: tx.data,
  });
  const record = { step, hash, blockNumber: null, gasUsed: null, status: "pending" as const };
  ctx.manifest.transactions.push(record);
  await ctx.save();
  ctx.log({ type: "tx", step, hash, status: "sent" });

  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  const entry = ctx.manifest.transactions.find((t) => t.hash === hash);
  if (entry) {
    entry.blockNumber = Number(receipt.blockNumber);
    entry.gasUsed = receipt.gasUsed.toString();
    entry.status = receipt.status;
  }
  await ctx.save();
  if (receipt.status !== "success") {
    // A mined revert carries no reason: replay it at its block for one.
    let cause: unknown;
    try {
      await ctx.publicClient.call({
        account: ctx.deployer,
        to: tx.to,
        data: tx.data,
        blockNumber: receipt.blockNumber,
      });
    } catch (e) {
      cause = describeRevert(e, errorsAbi);
    }
    throw new DeployTransactionRevertedError(step, hash, cause);
  }
  ctx.log({ type: "tx", step, hash, status: "confirmed", gasUsed: receipt.gasUsed });
  return receipt;
}

/** The viem error, with the custom error decoded into its message when the ABI knows it. */
function describeRevert(e: unknown, abi: Abi): unknown {
  if (!(e instanceof BaseError)) return e;
  const withData = e.walk((x) => typeof (x as { data?: unknown }).data === "string") as { data?: Hex } | null;
  if (!withData?.data || withData.data === "0x") return e;
  try {
    const decoded = decodeErrorResult({ abi, data: withData.data });
    const args = (decoded.args ?? []).map(String).join(", ");
    return new Error(`${decoded.errorName}(${args})`, { cause: e });
  } catch {
    return e;
  }
}
