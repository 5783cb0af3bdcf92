import { type Address, concat } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { accessControlAbi } from "./accessControlAbi.ts";
import { assertPlannedCode } from "./assertPlannedCode.ts";
import type { PendingTransaction } from "./assertSufficientFunds.ts";
import { listHeldRoles } from "./listHeldRoles.ts";
import { type ContractKey, contractKeys, type DeploymentPlan } from "./planDeployment.ts";
import { deployRoleIds, type RoleAssignment } from "./planRoles.ts";

/**
 * Gas budgets per transaction, measured on anvil (solc 0.8.37, via-IR, optimizer 200) with ~25% headroom.
 * `deployPlatform.test.ts` fails when a full deployment uses more than these add up to, so they cannot
 * silently go stale. Only the funds check uses them; every transaction is still gas-estimated when sent.
 */
export const GAS_BUDGET = {
  timelock: 1_700_000n,
  registryImplementation: 2_400_000n,
  registry: 330_000n,
  tokenImplementation: 5_600_000n,
  factory: 1_150_000n,
  logAnchor: 600_000n,
  /** Plus 25k per four countries (bitmap words) and long names, covered by the headroom. */
  token: 700_000n,
  grant: 70_000n,
  renounce: 40_000n,
  /** The devnet's Safe 1.4.1 infrastructure (five contracts) and one Safe. */
  safeInfrastructure: 9_500_000n,
  createSafe: 400_000n,
} as const;

/** Roles the deployer receives at construction, to renounce at the end. */
const deployerRolesAtConstruction: Record<ContractKey, number> = {
  timelock: 1,
  registryImplementation: 0,
  registry: 1,
  tokenImplementation: 0,
  factory: 2,
  logAnchor: 1,
  token: 1,
};

/**
 * Works out which transactions a run still has to send, reading the chain only: contracts whose address is
 * empty, grants not yet held, roles the deployer still has. Along the way every occupied address is checked
 * against the plan, so `ADDRESS_CODE_MISMATCH` surfaces before the first transaction. `assignments` is
 * undefined while the devnet's Safe does not exist yet (then no grant can have been made either).
 *
 * @example
 * const pending = await planRemainingTransactions(publicClient, { plan, deployer, assignments });
 */
export async function planRemainingTransactions(
  publicClient: ChainPublicClient,
  p: { plan: DeploymentPlan; deployer: Address; assignments: readonly RoleAssignment[] | undefined },
): Promise<PendingTransaction[]> {
  const pending: PendingTransaction[] = [];
  const exists = new Set<ContractKey>();
  for (const key of contractKeys) {
    const planned = p.plan.contracts[key];
    const code = await publicClient.getCode({ address: planned.address });
    if (code && code !== "0x") {
      await assertPlannedCode(publicClient, planned, code);
      exists.add(key);
    } else {
      const data =
        planned.deployer === "factory" ? planned.initCode : concat([planned.salt, planned.initCode]);
      pending.push({ step: `deploy:${key}`, gas: GAS_BUDGET[key], data });
    }
  }
  const all = p.assignments ?? [];
  const held = await Promise.all(
    all.map((a) =>
      exists.has(a.contract)
        ? publicClient.readContract({
            address: p.plan.contracts[a.contract].address,
            abi: accessControlAbi,
            functionName: "hasRole",
            args: [deployRoleIds[a.role], a.holder],
          })
        : false,
    ),
  );
  // Without the Safe every grant but those made at construction is pending: 17 assignments, of which the
  // upgrader of registry and token, the timelock's self-administration and an open executor come for free.
  const grants = p.assignments ? held.filter((h) => !h).length : 14;
  for (let i = 0; i < grants; i++) pending.push({ step: "grant", gas: GAS_BUDGET.grant });

  const deployerHeld = await listHeldRoles(publicClient, p.plan, p.deployer);
  const renounces =
    deployerHeld.length +
    contractKeys.filter((k) => !exists.has(k)).reduce((n, k) => n + deployerRolesAtConstruction[k], 0);
  for (let i = 0; i < renounces; i++) pending.push({ step: "renounce", gas: GAS_BUDGET.renounce });
  return pending;
}
