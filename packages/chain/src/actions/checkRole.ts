import type { Hex } from "viem";
import { InvalidActionError } from "./errors.ts";
import { findRoleName, roleIds } from "./roleIds.ts";
import type { RoleName } from "./types.ts";

/**
 * A role given by name (`"AGENT_ROLE"`) or id (32-byte hex); only roles the contracts define are accepted, so a
 * typo cannot grant a role nothing checks.
 */
export function checkRole(field: string, value: unknown): { role: Hex; roleName: RoleName } {
  if (typeof value === "string") {
    if (value in roleIds) return { role: roleIds[value as RoleName], roleName: value as RoleName };
    if (/^0x[0-9a-fA-F]{64}$/.test(value)) {
      const roleName = findRoleName(value as Hex);
      if (roleName) return { role: roleIds[roleName], roleName };
    }
  }
  throw new InvalidActionError(field, `must be one of ${Object.keys(roleIds).join(", ")} (or its id)`, value);
}
