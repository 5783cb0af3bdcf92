import type { Address } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { accessControlAbi } from "./accessControlAbi.ts";
import { type ContractKey, contractKeys, type DeploymentPlan } from "./planDeployment.ts";
import { contractRoles, type DeployRoleName, deployRoleIds } from "./planRoles.ts";

/**
 * Every role `account` holds on the deployment's contracts, checked role by role with `hasRole` (AccessControl
 * cannot enumerate holders). Contracts without code are skipped. Within a contract `DEFAULT_ADMIN_ROLE` comes
 * last, the order in which they can be renounced.
 *
 * @example
 * const held = await listHeldRoles(publicClient, plan, deployer); // [] once the deployment is handed over
 */
export async function listHeldRoles(
  publicClient: ChainPublicClient,
  plan: DeploymentPlan,
  account: Address,
): Promise<{ contract: ContractKey; role: DeployRoleName }[]> {
  const perContract = await Promise.all(
    contractKeys.map(async (contract) => {
      const address = plan.contracts[contract].address;
      const code = await publicClient.getCode({ address });
      if (!code || code === "0x") return [];
      const roles = [...contractRoles[contract]].sort(
        (a, b) => Number(a === "DEFAULT_ADMIN_ROLE") - Number(b === "DEFAULT_ADMIN_ROLE"),
      );
      const held = await Promise.all(
        roles.map((role) =>
          publicClient.readContract({
            address,
            abi: accessControlAbi,
            functionName: "hasRole",
            args: [deployRoleIds[role], account],
          }),
        ),
      );
      return roles.filter((_, i) => held[i]).map((role) => ({ contract, role }));
    }),
  );
  return perContract.flat();
}
