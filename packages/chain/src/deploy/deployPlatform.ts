import type { Address } from "viem";
// Not the clients index: it loads viem/chains (~700 modules), which the deploy layer does not need.
import { ChainIdMismatchError } from "../clients/errors.ts";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { assertCreate2Deployer } from "./assertCreate2Deployer.ts";
import { assertSufficientFunds, type PendingTransaction } from "./assertSufficientFunds.ts";
import { ensureContract } from "./ensureContract.ts";
import { ensureDevnetSafe } from "./ensureDevnetSafe.ts";
import { ensureRole } from "./ensureRole.ts";
import { type ConfigIssue, InvalidConfigError } from "./errors.ts";
import { findDeploymentBlock } from "./findDeploymentBlock.ts";
import { manifestPath } from "./findManifest.ts";
import { loadDeploymentManifest } from "./loadDeploymentManifest.ts";
import { normalizeManifest } from "./normalizeManifest.ts";
import { contractKeys, type DeploymentPlan, planDeployment } from "./planDeployment.ts";
import { GAS_BUDGET, planRemainingTransactions } from "./planRemainingTransactions.ts";
import { planRoles, type RoleTable } from "./planRoles.ts";
import { renounceDeployerRoles } from "./renounceDeployerRoles.ts";
import { resolveDeployNetwork } from "./resolveDeployNetwork.ts";
import type { DeployContext } from "./sendDeployTransaction.ts";
import { settlePendingTransactions } from "./settlePendingTransactions.ts";
import type { DeployLog, DeploymentManifest, ManifestTransaction } from "./types.ts";
import { type DeployConfig, validateDeployConfig } from "./validateDeployConfig.ts";
import { verifyDeploymentRoles } from "./verifyDeploymentRoles.ts";
import { verifyIssuerSafe } from "./verifyIssuerSafe.ts";
import { writeJsonAtomically } from "./writeJsonAtomically.ts";
import { writeVerificationInputs } from "./writeVerificationInputs.ts";

export type DeployPlatformParameters = {
  publicClient: ChainPublicClient;
  /** Signs as the deployer: it pays, holds every role transiently, and ends holding none. */
  walletClient: ChainWalletClient;
  /** `devnet`, `base-sepolia` or `base`. */
  network: string;
  /** The deploy config, unvalidated (see `validateDeployConfig`). */
  config: unknown;
  /** The manifest goes to `<manifestDir>/deployments/<chainId>.json`, verification inputs beside it. */
  manifestDir: string;
  log?: DeployLog;
  /** Defaults to `@coinscious/contracts`' `generated/standard-input.json`. */
  standardInputPath?: string;
};

export type DeployPlatformReturnType = {
  manifest: DeploymentManifest;
  manifestPath: string;
  /** The transactions this run sent through the deploy layer (a re-run of a finished deployment sends none). */
  sent: ManifestTransaction[];
  /** Gas used by `sent`. */
  gasUsed: bigint;
};

/**
 * Deploys (or finishes deploying) the Coinscious platform of one issuer: a TimelockController (upgrade delay),
 * the InvestorRegistry behind an ERC-1967 proxy, the SecurityToken implementation, the TokenFactory, LogAnchor,
 * and one token class created through the factory — every address deterministic (CREATE2 through the
 * deterministic deployment proxy, salts derived from `config.salt`). On the devnet it also deploys the Safe 1.4.1
 * contracts and the issuer's Safe; on Base it checks the canonical Safe contracts' code and the configured Safe.
 * It then hands every role over (README "Roles"), renounces all of the deployer's, and verifies both.
 *
 * Resumable: each step first looks at the chain (code at the predicted address, `hasRole`) and only sends what
 * is missing, so a re-run after a crash completes the same deployment at the same addresses and a re-run of a
 * finished one sends nothing. The manifest is rewritten atomically after every step.
 *
 * Throws `DeployError`s: `UNKNOWN_NETWORK`, `INVALID_CONFIG`, `CHAIN_ID_MISMATCH`, `CREATE2_DEPLOYER_MISSING`,
 * `MANIFEST_CONFLICT`, `SAFE_CODE_MISMATCH`, `SAFE_CONFIG_MISMATCH`, `ADDRESS_CODE_MISMATCH`,
 * `INSUFFICIENT_FUNDS` (all before the first transaction), `DEPLOY_TX_REVERTED`, `TOKEN_ADDRESS_MISMATCH`,
 * `ROLE_MISMATCH`, `DEPLOYER_STILL_HAS_ROLE`; the Safe layer's `SafeError`s (`SAFE_NOT_FOUND`, and on the devnet
 * its deployment errors).
 *
 * @example
 * const { manifest } = await deployPlatform({ publicClient, walletClient, network: "base-sepolia",
 *   config: JSON.parse(await readFile("deploy.json", "utf8")), manifestDir: process.cwd() });
 * console.log(manifest.contracts.token?.address, manifest.startBlock);
 */
export async function deployPlatform(p: DeployPlatformParameters): Promise<DeployPlatformReturnType> {
  const log: DeployLog = p.log ?? (() => {});
  const network = resolveDeployNetwork(p.network);
  const config = validateDeployConfig(p.config, network);
  const deployer = p.walletClient.account.address;
  assertRoleKeysAreNotDeployer(config, deployer);

  const chainId = await p.publicClient.getChainId();
  for (const actual of [chainId, p.walletClient.chain.id])
    if (actual !== network.chainId)
      throw new ChainIdMismatchError({ network: network.name, expected: network.chainId, actual });
  await assertCreate2Deployer(p.publicClient);

  const plan = planDeployment({ deployer, config });
  const genesis = await p.publicClient.getBlock({ blockNumber: 0n });
  const manifest = await loadDeploymentManifest({
    manifestDir: p.manifestDir,
    network: network.name,
    chainId,
    genesisHash: genesis.hash,
    plan,
    log,
  });
  const path = manifestPath(p.manifestDir, chainId);
  const ctx: DeployContext = {
    publicClient: p.publicClient,
    walletClient: p.walletClient,
    deployer,
    log,
    manifest,
    save: () => writeJsonAtomically(path, normalizeManifest(manifest)),
  };
  const sentBefore = manifest.transactions.length;
  await settlePendingTransactions(ctx);

  // Up to the funds check everything only reads: a wrong Safe, an occupied address or an empty wallet is
  // reported before the first transaction.
  let safe: Address | undefined;
  const pendingSafe: PendingTransaction[] = [];
  if (network.public) {
    manifest.safe = await verifyIssuerSafe(p.publicClient, {
      chainId,
      address: config.safe.address as Address,
      owners: config.safe.owners,
      threshold: config.safe.threshold,
    });
    safe = manifest.safe.address;
  } else if (manifest.safe && (await p.publicClient.getCode({ address: manifest.safe.address }))) {
    safe = manifest.safe.address;
  } else {
    pendingSafe.push({ step: "safe:infrastructure", gas: GAS_BUDGET.safeInfrastructure });
    pendingSafe.push({ step: "safe:create", gas: GAS_BUDGET.createSafe });
  }
  const pending = await planRemainingTransactions(p.publicClient, {
    plan,
    deployer,
    assignments: safe ? planRoles({ plan, safe, config }).assignments : undefined,
  });
  await assertSufficientFunds(p.publicClient, {
    deployer,
    pending: [...pendingSafe, ...pending],
    opStack: network.public,
    log,
  });
  // Work to do means not complete (any more), until the final checks pass again.
  if (pendingSafe.length + pending.length > 0) manifest.status = "partial";

  // The devnet's Safe comes first: nothing else depends on it until the role grants, but a crash before it
  // then means no grant can have been made yet (which the funds estimate of the next run relies on).
  if (!network.public) safe = (await ensureDevnetSafe(ctx, config)).address;
  if (!safe) throw new Error("unreachable: no Safe");
  const { assignments, table } = planRoles({ plan, safe, config });
  recordPlan(manifest, plan, config, table);
  await ctx.save();

  for (const key of [
    "timelock",
    "registryImplementation",
    "registry",
    "tokenImplementation",
    "factory",
    "logAnchor",
  ] as const)
    await ensureContract(ctx, plan, key);
  // The factory must be the registry's class binder before it can create (and bind) the class.
  const [binder, ...grants] = assignments;
  if (binder) await ensureRole(ctx, plan, binder);
  await ensureContract(ctx, plan, "token");
  for (const assignment of grants) await ensureRole(ctx, plan, assignment);
  await renounceDeployerRoles(ctx, plan, safe);
  await verifyDeploymentRoles(p.publicClient, { plan, assignments, deployer });

  await fillMissingBlocks(ctx, plan);
  manifest.verification = await writeVerificationInputs({
    manifestDir: p.manifestDir,
    chainId,
    plan,
    ...(p.standardInputPath ? { standardInputPath: p.standardInputPath } : {}),
  });
  manifest.status = "complete";
  await ctx.save();
  log({ type: "info", message: "deployment complete", details: { manifest: path } });

  const sent = manifest.transactions.slice(sentBefore);
  return {
    manifest: normalizeManifest(manifest),
    manifestPath: path,
    sent,
    gasUsed: sent.reduce((sum, t) => sum + BigInt(t.gasUsed ?? 0), 0n),
  };
}

/** The role keys must not be the deployer: it renounces everything at the end. */
function assertRoleKeysAreNotDeployer(config: DeployConfig, deployer: Address): void {
  const issues: ConfigIssue[] = [];
  for (const field of ["guardian", "registryOracle", "anchorer"] as const)
    if (config[field] === deployer)
      issues.push({ path: field, message: "must not be the deployer (the deployer ends holding no role)" });
  if (config.safe.address === deployer)
    issues.push({ path: "safe.address", message: "must not be the deployer" });
  if (issues.length > 0) throw new InvalidConfigError(issues);
}

/** The parts of the manifest that follow from the plan alone: role table, timelock, token class. */
function recordPlan(
  manifest: DeploymentManifest,
  plan: DeploymentPlan,
  config: DeployConfig,
  roles: RoleTable,
): void {
  manifest.roles = roles;
  manifest.timelock = {
    address: plan.contracts.timelock.address,
    minDelay: config.timelock.minDelay.toString(),
    executor: config.timelock.executor,
  };
  manifest.tokenClass = {
    salt: plan.tokenClass.salt,
    config: Object.fromEntries(
      Object.entries(plan.tokenClass.config).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
    ),
  };
}

/** Contracts found on chain without a recorded transaction get their block from the chain (for `startBlock`). */
async function fillMissingBlocks(ctx: DeployContext, plan: DeploymentPlan): Promise<void> {
  for (const key of contractKeys) {
    const entry = ctx.manifest.contracts[key];
    if (!entry || entry.blockNumber !== null) continue;
    const block = await findDeploymentBlock(ctx.publicClient, plan.contracts[key].address);
    if (block !== undefined) entry.blockNumber = Number(block);
    else
      ctx.log({
        type: "warn",
        message: `deployment block of ${key} unknown`,
        details: { address: entry.address },
      });
  }
}
