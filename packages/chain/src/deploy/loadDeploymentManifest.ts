import { compilerVersion, sourceHash } from "@coinscious/contracts";
import type { Hex } from "viem";
import { ManifestConflictError } from "./errors.ts";
import { findManifest, manifestPath } from "./findManifest.ts";
import { contractKeys, type DeploymentPlan } from "./planDeployment.ts";
import type { DeployLog, DeploymentManifest } from "./types.ts";

/**
 * The manifest a run continues from: the existing one when it records this deployment (same salt, deployer and
 * addresses) on this chain; a fresh one when there is none, or when it belongs to an earlier devnet (another
 * genesis hash under the same chain id 31337). Another salt or deployer on the same chain, or a recorded address
 * that the current config would move (the config changed), is a `MANIFEST_CONFLICT`: carrying on would
 * silently start a second deployment beside the first and overwrite its record.
 *
 * @example
 * const manifest = await loadDeploymentManifest({ manifestDir, network: "base", chainId: 8453, genesisHash, plan, log });
 */
export async function loadDeploymentManifest(p: {
  manifestDir: string;
  network: string;
  chainId: number;
  genesisHash: Hex;
  plan: DeploymentPlan;
  log: DeployLog;
}): Promise<DeploymentManifest> {
  const path = manifestPath(p.manifestDir, p.chainId);
  const fresh: DeploymentManifest = {
    version: 1,
    network: p.network,
    chainId: p.chainId,
    genesisHash: p.genesisHash,
    status: "partial",
    deployer: p.plan.deployer,
    salt: p.plan.salt,
    startBlock: null,
    compiler: { version: compilerVersion, sourceHash },
    contracts: {},
    roles: {},
    transactions: [],
  };
  const existing = await findManifest(p.manifestDir, p.chainId);
  if (!existing) return fresh;
  if (existing.genesisHash !== p.genesisHash) {
    p.log({
      type: "warn",
      message: "replacing the manifest of an earlier chain with this chain id",
      details: { path },
    });
    return fresh;
  }
  if (existing.salt !== p.plan.salt || existing.deployer !== p.plan.deployer)
    throw new ManifestConflictError(
      path,
      "holds another deployment (salt or deployer differ) on this chain",
      {
        salt: existing.salt,
        deployer: existing.deployer,
      },
    );
  for (const key of contractKeys) {
    const recorded = existing.contracts[key]?.address;
    if (recorded && recorded !== p.plan.contracts[key].address)
      throw new ManifestConflictError(
        path,
        `the config or the build changed: ${key} would move from ${recorded}`,
        {
          contract: key,
          recorded,
          planned: p.plan.contracts[key].address,
        },
      );
  }
  return existing;
}
