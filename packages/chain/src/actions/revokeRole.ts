import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData, type Hex } from "viem";
import { checkRole } from "./checkRole.ts";
import type { Action, RoleName } from "./types.ts";
import { checkAddress } from "./validate.ts";

export type RevokeRoleParameters = {
  /** A token class, the registry or LogAnchor (OpenZeppelin AccessControl on each). */
  contract: Address;
  /** By name (`"AGENT_ROLE"`) or id. */
  role: RoleName | Hex;
  account: Address;
};

export type RevokeRoleReturnType = Action<"revokeRole">;

/**
 * Revokes a role from an account (`revokeRole`). The sender must hold the role's admin role:
 * `DEFAULT_ADMIN_ROLE` (the Safe) for every role but `UPGRADER_ROLE`, which administers itself on the token
 * and the registry (so the admin cannot bypass the timelock) — its action's `role` is then `"upgrader"`.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or a role the contracts do not define.
 * @example
 * const action = revokeRole({ contract: token, role: "GUARDIAN_ROLE", account: guardianKey });
 */
export function revokeRole(parameters: RevokeRoleParameters): RevokeRoleReturnType {
  const contract = checkAddress("contract", parameters.contract);
  const { role, roleName } = checkRole("role", parameters.role);
  const account = checkAddress("account", parameters.account);
  return {
    kind: "revokeRole",
    target: contract,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "revokeRole", args: [role, account] }),
    value: 0n,
    description: `Revoke ${roleName} from ${account}`,
    role: roleName === "UPGRADER_ROLE" ? "upgrader" : "admin",
    params: { contract, role, roleName, account },
  };
}
