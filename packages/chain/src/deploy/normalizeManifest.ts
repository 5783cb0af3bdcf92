import { contractKeys } from "./planDeployment.ts";
import type { DeploymentManifest } from "./types.ts";

/**
 * The manifest in its canonical shape: fixed key order (so a run that changes nothing rewrites the file byte for
 * byte) and `startBlock` derived from the contracts' blocks — the first block the indexer must read.
 *
 * @example
 * await writeJsonAtomically(path, normalizeManifest(manifest));
 */
export function normalizeManifest(m: DeploymentManifest): DeploymentManifest {
  const contracts: DeploymentManifest["contracts"] = {};
  for (const key of contractKeys) {
    const c = m.contracts[key];
    if (c) contracts[key] = c;
  }
  const blocks = Object.values(contracts)
    .map((c) => c.blockNumber)
    .filter((b): b is number => b !== null);
  return {
    version: m.version,
    network: m.network,
    chainId: m.chainId,
    genesisHash: m.genesisHash,
    status: m.status,
    deployer: m.deployer,
    salt: m.salt,
    startBlock: blocks.length > 0 ? Math.min(...blocks) : null,
    compiler: m.compiler,
    contracts,
    ...(m.tokenClass ? { tokenClass: m.tokenClass } : {}),
    ...(m.safe ? { safe: m.safe } : {}),
    ...(m.timelock ? { timelock: m.timelock } : {}),
    roles: m.roles,
    transactions: m.transactions,
    ...(m.verification ? { verification: m.verification } : {}),
  };
}
