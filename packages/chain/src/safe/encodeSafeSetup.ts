import { type Address, encodeFunctionData, getAddress, type Hex, isAddress, zeroAddress } from "viem";
import { safeAbi } from "./abis.ts";
import { SafeError } from "./errors.ts";

/** The owners list's sentinel in OwnerManager; it can never be an owner. */
const SENTINEL = "0x0000000000000000000000000000000000000001";

export type EncodeSafeSetupParameters = {
  owners: readonly Address[];
  threshold: number;
  fallbackHandler: Address;
};

/**
 * Validates owners and threshold the way `Safe.setup` would (so a bad input fails before any transaction, with
 * `INVALID_ARGUMENT` instead of a `GS2xx` revert) and encodes the `setup` call: no module setup call, no payment.
 * Owner order is kept as given: it is part of the initializer, hence of the Safe's address. Internal.
 *
 * @example
 * const initializer = encodeSafeSetup({ owners: [a, b, c], threshold: 2, fallbackHandler });
 */
export function encodeSafeSetup({ owners, threshold, fallbackHandler }: EncodeSafeSetupParameters): Hex {
  if (owners.length === 0) throw new SafeError("INVALID_ARGUMENT", "a Safe needs at least one owner");
  const seen = new Set<string>();
  for (const owner of owners) {
    if (!isAddress(owner, { strict: false })) {
      throw new SafeError("INVALID_ARGUMENT", `owner ${owner} is not an address`, { details: { owner } });
    }
    const lower = owner.toLowerCase();
    if (lower === zeroAddress || lower === SENTINEL) {
      throw new SafeError("INVALID_ARGUMENT", `owner ${owner} is reserved`, { details: { owner } });
    }
    if (seen.has(lower))
      throw new SafeError("INVALID_ARGUMENT", `duplicate owner ${owner}`, { details: { owner } });
    seen.add(lower);
  }
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > owners.length) {
    throw new SafeError("INVALID_ARGUMENT", `threshold must be between 1 and ${owners.length}`, {
      details: { threshold, owners: owners.length },
    });
  }
  return encodeFunctionData({
    abi: safeAbi,
    functionName: "setup",
    args: [
      owners.map((o) => getAddress(o)),
      BigInt(threshold),
      zeroAddress,
      "0x",
      getAddress(fallbackHandler),
      zeroAddress,
      0n,
      zeroAddress,
    ],
  });
}
