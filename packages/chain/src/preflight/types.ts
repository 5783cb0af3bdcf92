import type { Address, BlockTag } from "viem";
import type { Action } from "../actions/types.ts";
import type { ChainPublicClient } from "../types.ts";

/**
 * Why an action would fail.
 *
 * - `code`: the number of core's reason-code registry when the failure is a transfer rule (a
 *   `TransferNotAllowed` code, or 120 `INSUFFICIENT_UNRESTRICTED_BALANCE` for ERC-20's plain shortfall);
 *   `null` for a failure that is not a rule — a missing role, a bad argument, a state conflict. Preflight adds
 *   no numbers to the registry: those failures are named by `name` alone.
 * - `name`: the registry's SCREAMING_SNAKE name, or for `code: null` the custom error's name in SCREAMING_SNAKE
 *   (`MISSING_ROLE` for `AccessControlUnauthorizedAccount`, `ALREADY_PAUSED` for `EnforcedPause`, `NOT_PAUSED`
 *   for `ExpectedPause`, otherwise e.g. `WalletHasBalance` → `WALLET_HAS_BALANCE`).
 * - `source`: `"revert"` when decoded from the simulated call's revert, `"rules"` when found by asking the
 *   token's rule views (`canMint`, `balanceOf`, `investorOf`).
 * - `item`: the batch item (index into the action's arrays) the reason belongs to; absent for the call as a
 *   whole (a missing role) and for single actions.
 */
export type PreflightReason = {
  code: number | null;
  name: string;
  title: string;
  source: "rules" | "revert";
  item?: number;
};

/** A wallet's balance before and after the action, in base units of `token`. */
export type BalanceChange = {
  token: Address;
  wallet: Address;
  before: bigint;
  after: bigint;
  delta: bigint;
};

export type SimulateParameters = {
  publicClient: ChainPublicClient;
  action: Action;
  /** Who will send it: the Safe (for agent, freezer, admin actions), the timelock, or the role's key. */
  from: Address;
  /**
   * The state to simulate on. Default `"latest"`. Every tag but `"pending"` is resolved to a block number first,
   * so all the calls of one simulation read one block.
   */
  blockTag?: BlockTag;
  /** Simulate on this block instead (overrides `blockTag`). */
  blockNumber?: bigint;
};

export type SimulateReturnType = {
  /** The call succeeds as `from` on that block. */
  ok: boolean;
  /** Empty when `ok`; otherwise every reason found, the call's revert first. */
  reasons: PreflightReason[];
  /** The decoded revert of the whole call, when not `ok`. */
  revert?: { errorName: string; args: readonly unknown[] };
  /** `eth_estimateGas` of the call as `from`, when `ok`. */
  gasEstimate?: bigint;
  /** For token-moving actions that are `ok`: the affected wallets; empty otherwise. */
  balanceChanges: BalanceChange[];
  /** The block simulated on; undefined for `"pending"`. */
  blockNumber: bigint | undefined;
};

/** Where the calls of one simulation read state. */
export type BlockAt = { blockNumber: bigint } | { blockTag: "pending" };
