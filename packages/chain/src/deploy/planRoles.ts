import { type Address, type Hex, keccak256, toHex, zeroAddress } from "viem";
import type { ContractKey, DeploymentPlan } from "./planDeployment.ts";
import type { DeployConfig } from "./validateDeployConfig.ts";

const roleNames = [
  "DEFAULT_ADMIN_ROLE",
  "AGENT_ROLE",
  "FREEZER_ROLE",
  "GUARDIAN_ROLE",
  "UPGRADER_ROLE",
  "REGISTRY_ORACLE_ROLE",
  "CLASS_BINDER_ROLE",
  "CLASS_CREATOR_ROLE",
  "ANCHORER_ROLE",
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
] as const;

export type DeployRoleName = (typeof roleNames)[number];

/** Role identifiers: `keccak256(name)`, except OpenZeppelin's `DEFAULT_ADMIN_ROLE`, which is zero. */
export const deployRoleIds = Object.fromEntries(
  roleNames.map((n) => [n, n === "DEFAULT_ADMIN_ROLE" ? `0x${"00".repeat(32)}` : keccak256(toHex(n))]),
) as Record<DeployRoleName, Hex>;

/** Every role each contract defines — what the final "deployer holds nothing" check walks. */
export const contractRoles: Record<ContractKey, readonly DeployRoleName[]> = {
  timelock: ["DEFAULT_ADMIN_ROLE", "PROPOSER_ROLE", "EXECUTOR_ROLE", "CANCELLER_ROLE"],
  registryImplementation: [
    "DEFAULT_ADMIN_ROLE",
    "REGISTRY_ORACLE_ROLE",
    "CLASS_BINDER_ROLE",
    "UPGRADER_ROLE",
  ],
  registry: ["DEFAULT_ADMIN_ROLE", "REGISTRY_ORACLE_ROLE", "CLASS_BINDER_ROLE", "UPGRADER_ROLE"],
  tokenImplementation: ["DEFAULT_ADMIN_ROLE", "AGENT_ROLE", "FREEZER_ROLE", "GUARDIAN_ROLE", "UPGRADER_ROLE"],
  factory: ["DEFAULT_ADMIN_ROLE", "CLASS_CREATOR_ROLE"],
  logAnchor: ["DEFAULT_ADMIN_ROLE", "ANCHORER_ROLE"],
  token: ["DEFAULT_ADMIN_ROLE", "AGENT_ROLE", "FREEZER_ROLE", "GUARDIAN_ROLE", "UPGRADER_ROLE"],
};

/** One (contract, role, holder) fact of the target state. */
export type RoleAssignment = { contract: ContractKey; role: DeployRoleName; holder: Address };

/** The target role table: contract → role → holders. Implementations hold no roles (initializers disabled). */
export type RoleTable = Partial<Record<ContractKey, Partial<Record<DeployRoleName, Address[]>>>>;

/**
 * The role state a finished deployment must have (README "Roles"): the Safe administers everything and is
 * the token's agent and freezer, the guardian can only pause, the oracle only writes investor records, the
 * timelock alone can upgrade (proposer and canceller: the Safe), the anchorer only anchors, the factory only
 * binds classes. The deployer holds nothing. Assignments come out in the order they are granted.
 *
 * @example
 * const { assignments, table } = planRoles({ plan, safe, config });
 */
export function planRoles({
  plan,
  safe,
  config,
}: {
  plan: DeploymentPlan;
  safe: Address;
  config: DeployConfig;
}): { assignments: RoleAssignment[]; table: RoleTable } {
  const c = plan.contracts;
  const assignments: RoleAssignment[] = [
    // First: the factory binds the class it creates, so this must precede the class.
    { contract: "registry", role: "CLASS_BINDER_ROLE", holder: c.factory.address },
    { contract: "registry", role: "REGISTRY_ORACLE_ROLE", holder: config.registryOracle },
    { contract: "registry", role: "UPGRADER_ROLE", holder: c.timelock.address },
    { contract: "registry", role: "DEFAULT_ADMIN_ROLE", holder: safe },
    { contract: "token", role: "AGENT_ROLE", holder: safe },
    { contract: "token", role: "FREEZER_ROLE", holder: safe },
    { contract: "token", role: "GUARDIAN_ROLE", holder: config.guardian },
    { contract: "token", role: "UPGRADER_ROLE", holder: c.timelock.address },
    { contract: "token", role: "DEFAULT_ADMIN_ROLE", holder: safe },
    { contract: "factory", role: "CLASS_CREATOR_ROLE", holder: safe },
    { contract: "factory", role: "DEFAULT_ADMIN_ROLE", holder: safe },
    { contract: "logAnchor", role: "ANCHORER_ROLE", holder: config.anchorer },
    { contract: "logAnchor", role: "DEFAULT_ADMIN_ROLE", holder: safe },
    { contract: "timelock", role: "PROPOSER_ROLE", holder: safe },
    { contract: "timelock", role: "CANCELLER_ROLE", holder: safe },
    {
      contract: "timelock",
      role: "EXECUTOR_ROLE",
      holder: config.timelock.executor === "anyone" ? zeroAddress : safe,
    },
    // The timelock administers itself (OpenZeppelin's constructor grants it; a role change is then a
    // timelocked operation of the Safe).
    { contract: "timelock", role: "DEFAULT_ADMIN_ROLE", holder: c.timelock.address },
  ];
  const table: RoleTable = {};
  for (const a of assignments) {
    const roles = table[a.contract] ?? {};
    table[a.contract] = roles;
    roles[a.role] = [...(roles[a.role] ?? []), a.holder];
  }
  return { assignments, table };
}
