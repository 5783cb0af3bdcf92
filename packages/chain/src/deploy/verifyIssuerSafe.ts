import type { Address } from "viem";
import { getSafeInfo } from "../safe/index.ts";
import type { ChainPublicClient } from "../types.ts";
import { assertSafeMatches } from "./assertSafeMatches.ts";
import type { ManifestSafe } from "./types.ts";
import { verifyCanonicalSafeInfrastructure } from "./verifyCanonicalSafeInfrastructure.ts";

/**
 * On a public network: checks the canonical Safe 1.4.1 contracts' code (`SAFE_CODE_MISMATCH`) and that the
 * issuer's existing Safe is a 1.4.1 proxy of the canonical singleton with exactly the configured owners and
 * threshold (`SAFE_CONFIG_MISMATCH`; the Safe layer's `SAFE_NOT_FOUND` when it is not a Safe). Read-only.
 *
 * @example
 * const safe = await verifyIssuerSafe(publicClient, { chainId: 8453, address, owners, threshold });
 */
export async function verifyIssuerSafe(
  publicClient: ChainPublicClient,
  p: { chainId: number; address: Address; owners: readonly Address[]; threshold: number },
): Promise<ManifestSafe> {
  const { safeSingletonL1, ...infrastructure } = await verifyCanonicalSafeInfrastructure(
    publicClient,
    p.chainId,
  );
  const info = await getSafeInfo(publicClient, p.address);
  await assertSafeMatches(publicClient, p.address, info, {
    owners: p.owners,
    threshold: p.threshold,
    singletons: [infrastructure.safeSingleton, safeSingletonL1],
  });
  return {
    address: p.address,
    owners: [...info.owners],
    threshold: Number(info.threshold),
    version: info.version,
    origin: "existing",
    infrastructure,
  };
}
