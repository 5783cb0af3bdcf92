import { type Address, getAddress, slice } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { SafeConfigMismatchError } from "./errors.ts";

/** What `getSafeInfo` reports and this check needs. */
export type SafeInfoLike = { owners: readonly Address[]; threshold: number | bigint; version: string };

/**
 * Checks that a Safe is what the config says: version 1.4.1, a proxy of one of `singletons` (storage slot 0),
 * exactly the configured owners (order-insensitive) and threshold. Throws `SAFE_CONFIG_MISMATCH` with both
 * sides in `details`.
 *
 * @example
 * await assertSafeMatches(publicClient, safe, await getSafeInfo(publicClient, safe), { owners, threshold, singletons });
 */
export async function assertSafeMatches(
  publicClient: ChainPublicClient,
  safe: Address,
  info: SafeInfoLike,
  expected: { owners: readonly Address[]; threshold: number; singletons: readonly Address[] },
): Promise<void> {
  if (info.version !== "1.4.1")
    throw new SafeConfigMismatchError(safe, `is version ${info.version}, expected 1.4.1`, {
      version: info.version,
    });
  const slot0 = await publicClient.getStorageAt({ address: safe, slot: `0x${"00".repeat(32)}` });
  const singleton = getAddress(slot0 && slot0.length === 66 ? slice(slot0, 12, 32) : `0x${"00".repeat(20)}`);
  if (!expected.singletons.includes(singleton))
    throw new SafeConfigMismatchError(safe, `delegates to ${singleton}, not a Safe 1.4.1 singleton`, {
      singleton,
      expected: expected.singletons,
    });
  const norm = (list: readonly Address[]) => list.map((a) => getAddress(a)).sort();
  const owners = norm(info.owners);
  const want = norm(expected.owners);
  if (owners.length !== want.length || owners.some((o, i) => o !== want[i]))
    throw new SafeConfigMismatchError(safe, "owners differ from the config", { owners, expected: want });
  if (Number(info.threshold) !== expected.threshold)
    throw new SafeConfigMismatchError(
      safe,
      `threshold is ${info.threshold}, the config says ${expected.threshold}`,
      {
        threshold: Number(info.threshold),
        expected: expected.threshold,
      },
    );
}
