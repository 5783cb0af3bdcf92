import type { Address } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { accessControlAbi } from "./accessControlAbi.ts";
import { DeployerStillHasRoleError, RoleMismatchError } from "./errors.ts";
import { listHeldRoles } from "./listHeldRoles.ts";
import type { DeploymentPlan } from "./planDeployment.ts";
import { deployRoleIds, type RoleAssignment } from "./planRoles.ts";

/**
 * The final check of a run: every planned holder holds its role (`ROLE_MISMATCH` otherwise) and the deployer
 * holds no role on any contract (`DEPLOYER_STILL_HAS_ROLE`). Read-only — run it any time against a deployment.
 *
 * @example
 * await verifyDeploymentRoles(publicClient, { plan, assignments, deployer });
 */
export async function verifyDeploymentRoles(
  publicClient: ChainPublicClient,
  p: { plan: DeploymentPlan; assignments: readonly RoleAssignment[]; deployer: Address },
): Promise<void> {
  const held = await Promise.all(
    p.assignments.map((a) =>
      publicClient.readContract({
        address: p.plan.contracts[a.contract].address,
        abi: accessControlAbi,
        functionName: "hasRole",
        args: [deployRoleIds[a.role], a.holder],
      }),
    ),
  );
  const missing = p.assignments.find((_, i) => !held[i]);
  if (missing) throw new RoleMismatchError(missing.contract, missing.role, missing.holder);
  const deployerRoles = await listHeldRoles(publicClient, p.plan, p.deployer);
  if (deployerRoles.length > 0) throw new DeployerStillHasRoleError(p.deployer, deployerRoles);
}
