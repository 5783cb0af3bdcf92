import { type Hex, keccak256, toHex } from "viem";
import type { RoleName } from "./types.ts";

const id = (name: string): Hex => keccak256(toHex(name));

/**
 * The role identifiers of the contracts: `keccak256(name)`, and zero for `DEFAULT_ADMIN_ROLE` (OpenZeppelin
 * AccessControl).
 *
 * @example
 * roleIds.AGENT_ROLE // 0xcab5a0bf…
 */
export const roleIds: { readonly [K in RoleName]: Hex } = Object.freeze({
  DEFAULT_ADMIN_ROLE: `0x${"00".repeat(32)}`,
  AGENT_ROLE: id("AGENT_ROLE"),
  FREEZER_ROLE: id("FREEZER_ROLE"),
  GUARDIAN_ROLE: id("GUARDIAN_ROLE"),
  UPGRADER_ROLE: id("UPGRADER_ROLE"),
  REGISTRY_ORACLE_ROLE: id("REGISTRY_ORACLE_ROLE"),
  CLASS_BINDER_ROLE: id("CLASS_BINDER_ROLE"),
  CLASS_CREATOR_ROLE: id("CLASS_CREATOR_ROLE"),
  ANCHORER_ROLE: id("ANCHORER_ROLE"),
});

/**
 * The name of role id `role`, or undefined for an id the contracts do not define.
 *
 * @example
 * findRoleName(roleIds.FREEZER_ROLE) // "FREEZER_ROLE"
 */
export function findRoleName(role: Hex): RoleName | undefined {
  const lower = role.toLowerCase();
  return (Object.keys(roleIds) as RoleName[]).find((name) => roleIds[name] === lower);
}
