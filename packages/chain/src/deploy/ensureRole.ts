import { encodeFunctionData } from "viem";
import { accessControlAbi } from "./accessControlAbi.ts";
import { RoleMismatchError } from "./errors.ts";
import type { DeploymentPlan } from "./planDeployment.ts";
import { deployRoleIds, type RoleAssignment } from "./planRoles.ts";
import { type DeployContext, sendDeployTransaction } from "./sendDeployTransaction.ts";

/**
 * Grants `assignment.role` on `assignment.contract` to `assignment.holder` unless it is held already, so a
 * re-run sends nothing for grants an earlier run made. The grant is sent by the deployer, which is still the
 * contract's transient admin at this point of the run.
 *
 * @example
 * await ensureRole(ctx, plan, { contract: "token", role: "GUARDIAN_ROLE", holder: config.guardian });
 */
export async function ensureRole(
  ctx: DeployContext,
  plan: DeploymentPlan,
  assignment: RoleAssignment,
): Promise<void> {
  const address = plan.contracts[assignment.contract].address;
  const step = `grant:${assignment.contract}.${assignment.role}:${assignment.holder}`;
  const has = () =>
    ctx.publicClient.readContract({
      address,
      abi: accessControlAbi,
      functionName: "hasRole",
      args: [deployRoleIds[assignment.role], assignment.holder],
    });
  if (await has()) {
    ctx.log({ type: "step", step, status: "exists" });
    return;
  }
  await sendDeployTransaction(ctx, step, {
    to: address,
    data: encodeFunctionData({
      abi: accessControlAbi,
      functionName: "grantRole",
      args: [deployRoleIds[assignment.role], assignment.holder],
    }),
    abi: accessControlAbi,
  });
  if (!(await has())) throw new RoleMismatchError(assignment.contract, assignment.role, assignment.holder);
  ctx.log({ type: "step", step, status: "done" });
}
