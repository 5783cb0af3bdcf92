import { logAnchorAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData, type Hex } from "viem";
import { InvalidActionError } from "./errors.ts";
import type { Action } from "./types.ts";
import { checkAddress, checkBigUint, checkBytes32, checkUint } from "./validate.ts";

export type AnchorRootParameters = {
  /** The LogAnchor contract. */
  logAnchor: Address;
  /** UTC day since 1970-01-01 (`Math.floor(unixSeconds / 86_400)`), `uint32`; on chain not in the future. */
  day: number;
  /** Merkle root of the day's audit-log entries (32 bytes, not zero). */
  root: Hex;
  /** Number of leaves under the root (`uint64`). */
  leafCount: bigint | number;
};

export type AnchorRootReturnType = Action<"anchorRoot">;

/**
 * Anchors a day's audit-log Merkle root (`LogAnchor.anchor`, `ANCHORER_ROLE`). A root, once written, never
 * changes: a second anchor for the same day reverts `RootAlreadyAnchored`.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address, a day outside `uint32`, a zero or malformed
 * root, or a leaf count outside `uint64`.
 * @example
 * const action = anchorRoot({ logAnchor, day: 20_454, root: "0x9c…", leafCount: 1_234n });
 * await sendAction({ walletClient: anchorer, publicClient, action });
 */
export function anchorRoot(parameters: AnchorRootParameters): AnchorRootReturnType {
  const logAnchor = checkAddress("logAnchor", parameters.logAnchor);
  const day = checkUint("day", parameters.day, 32);
  const root = checkBytes32("root", parameters.root, { nonZero: true });
  const raw = parameters.leafCount;
  if (typeof raw === "number" && !Number.isSafeInteger(raw)) {
    throw new InvalidActionError("leafCount", "must be an integer", raw);
  }
  const leafCount = checkBigUint("leafCount", typeof raw === "number" ? BigInt(raw) : raw, 64);
  return {
    kind: "anchorRoot",
    target: logAnchor,
    data: encodeFunctionData({ abi: logAnchorAbi, functionName: "anchor", args: [day, root, leafCount] }),
    value: 0n,
    description: `Anchor the audit-log root of day ${day} (${leafCount} entries)`,
    role: "anchorer",
    params: { logAnchor, day, root, leafCount },
  };
}
