import type { Hex, TransactionReceipt } from "viem";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import type { DecodedRevert } from "./decodeRevert.ts";
import { ActionRevertedError, InvalidActionError } from "./errors.ts";
import { findRevert } from "./findRevert.ts";
import { rpcError } from "./rpcError.ts";
import { type Action, type ActionRole, singleKeyRoles } from "./types.ts";

export type SendActionParameters = {
  /** Signs and sends; its account must hold the action's role. */
  walletClient: ChainWalletClient;
  /** Estimates, waits for the receipt and replays a mined revert. */
  publicClient: ChainPublicClient;
  action: Action;
  /**
   * The roles this key may send actions for. Default {@link singleKeyRoles} (registry oracle, guardian,
   * anchorer): agent, freezer, admin and upgrader actions belong in a Safe proposal. Widen it only where one key
   * stands in for the Safe (devnet, tests).
   */
  allowRoles?: readonly ActionRole[];
  /** Gas limit. Default: `eth_estimateGas` + 20% (a revert found there is thrown before anything is sent). */
  gas?: bigint;
  /** Receipt polling interval, ms (default: the public client's). */
  pollingInterval?: number;
};

export type SendActionReturnType = { hash: Hex; receipt: TransactionReceipt };

/**
 * Sends an action from a single key, waits for its receipt, and turns a revert into an
 * {@link ActionRevertedError} (`ACTION_REVERTED`) carrying the decoded custom error. A revert at gas estimation
 * is decoded from its revert data (nothing is sent); a mined revert only has `status: "reverted"`, so the
 * transaction is replayed with `eth_call` at its block to recover the error.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` when the action's role is not one this key may send for.
 * @throws {ActionRevertedError} `ACTION_REVERTED` when the call reverts (estimation or on chain).
 * @throws {ChainError} `RPC_ERROR` (retryable) when the node cannot be reached or answers with a non-revert error.
 * @example
 * const action = updateInvestor({ registry, investorId: 7n, record });
 * const { receipt } = await sendAction({ walletClient: oracleClient, publicClient, action });
 */
export async function sendAction(parameters: SendActionParameters): Promise<SendActionReturnType> {
  const { walletClient, publicClient, action } = parameters;
  const allowRoles = parameters.allowRoles ?? singleKeyRoles;
  if (!allowRoles.includes(action.role)) {
    throw new InvalidActionError(
      "role",
      `a ${action.role} action is not sent from a single key (allowed: ${allowRoles.join(", ")}); ` +
        "propose it to the Safe",
      action.role,
    );
  }
  const account = walletClient.account;
  const request = { account, to: action.target, data: action.data, value: 0n } as const;
  const reverted = (revert: DecodedRevert | undefined, cause: unknown, transactionHash?: Hex) =>
    new ActionRevertedError({ kind: action.kind, target: action.target, revert, transactionHash, cause });

  let gas = parameters.gas;
  let hash: Hex;
  try {
    if (gas === undefined) gas = ((await publicClient.estimateGas(request)) * 12n) / 10n;
    hash = await walletClient.sendTransaction({ ...request, chain: walletClient.chain, gas });
  } catch (error) {
    const revert = findRevert(error);
    if (revert) throw reverted(revert, error);
    throw rpcError(error);
  }

  let receipt: TransactionReceipt;
  try {
    receipt = await publicClient.waitForTransactionReceipt({
      hash,
      ...(parameters.pollingInterval === undefined ? {} : { pollingInterval: parameters.pollingInterval }),
    });
  } catch (error) {
    throw rpcError(error);
  }
  if (receipt.status === "success") return { hash, receipt };

  // Replay on the state of the block it was mined in (its timestamp too): what made it revert is still there,
  // unless a later transaction of the same block changed it — then the revert stays undecoded.
  let revert: DecodedRevert | undefined;
  try {
    await publicClient.call({ ...request, gas, blockNumber: receipt.blockNumber });
  } catch (error) {
    revert = findRevert(error);
    if (!revert) throw rpcError(error);
  }
  throw reverted(revert, undefined, hash);
}
