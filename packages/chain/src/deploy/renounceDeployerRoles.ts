import { type Address, encodeFunctionData } from "viem";
import { accessControlAbi } from "./accessControlAbi.ts";
import { RoleMismatchError } from "./errors.ts";
import { listHeldRoles } from "./listHeldRoles.ts";
import type { DeploymentPlan } from "./planDeployment.ts";
import { deployRoleIds } from "./planRoles.ts";
import { type DeployContext, sendDeployTransaction } from "./sendDeployTransaction.ts";

/**
 * Renounces every role the deployer still holds on every contract, admin last per contract. Before giving up
 * a contract's `DEFAULT_ADMIN_ROLE` it checks that the Safe holds it, so a contract can never be left without an
 * administrator (the timelock administers itself, so there the check is on the timelock).
 *
 * @example
 * await renounceDeployerRoles(ctx, plan, safe);
 */
export async function renounceDeployerRoles(
  ctx: DeployContext,
  plan: DeploymentPlan,
  safe: Address,
): Promise<void> {
  for (const { contract, role } of await listHeldRoles(ctx.publicClient, plan, ctx.deployer)) {
    const address = plan.contracts[contract].address;
    if (role === "DEFAULT_ADMIN_ROLE") {
      const successor = contract === "timelock" ? address : safe;
      const ok = await ctx.publicClient.readContract({
        address,
        abi: accessControlAbi,
        functionName: "hasRole",
        args: [deployRoleIds.DEFAULT_ADMIN_ROLE, successor],
      });
      if (!ok) throw new RoleMismatchError(contract, role, successor);
    }
    await sendDeployTransaction(ctx, `renounce:${contract}.${role}`, {
      to: address,
      data: encodeFunctionData({
        abi: accessControlAbi,
        functionName: "renounceRole",
        args: [deployRoleIds[role], ctx.deployer],
      }),
      abi: accessControlAbi,
    });
    ctx.log({ type: "step", step: `renounce:${contract}.${role}`, status: "done" });
  }
}
