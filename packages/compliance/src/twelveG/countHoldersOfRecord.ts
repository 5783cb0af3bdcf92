/**
 * §1.6 steps 3–4: the registration count N, its non-accredited part NA, and the deregistration count N_dereg, read
 * from a {@link HolderIndex}.
 */
import { EXCLUDED_PLAN, EXCLUDED_REG_A, EXCLUDED_REG_CF, type HolderIndex } from "./buildHolderIndex.ts";
import {
  EXCLUSION_SHIFT,
  HOLDS_DEREGISTRATION_UNITS,
  HOLDS_REGISTRATION_UNITS,
  HOLDS_UNITS,
  type HolderKeyTable,
  NOT_ACCREDITED,
  NS_JOINT,
  NS_WALLET,
} from "./holderKeys.ts";

export type HolderCounts = {
  /** Rule 12g-1 / §12(g)(1): holders of record (N) and those not accredited at the FYE (NA). */
  registration: { holders: number; nonAccredited: number };
  /** Rule 12g-4: holders of record without the employee-plan exclusion (N_dereg). */
  deregistration: { holders: number };
  /**
   * Keys holding units that are all excluded from the registration count, overall and by reason (a key with
   * excluded units of two kinds is listed under both).
   */
  excluded: { holders: number; plan: number; regCf: number; regA: number };
  /** Joint registrations absorbed by a co-owner's own holding (policy `jointWithIndividual: "merge"`). */
  jointAbsorbed: number;
  /** Look-through holders and the members counted in their place (Rule 12g5-1(b)). */
  lookThrough: { records: number; members: number };
  /** Unlinked wallets holding units — each one holder (Rule 12g5-1(a)(5)) and an incident. */
  unlinkedWallets: number;
  /** Distinct record-holder keys holding any unit. */
  keysWithUnits: number;
};

/**
 * Counts holders of record. A key counts when it holds at least one non-excluded unit (§1.6 step 2); NA counts the
 * counted keys not accredited as of the FYE, unknown included (step 3). Under `jointWithIndividual: "merge"` a joint
 * registration is not counted when one of its co-owners is counted on their own (§0 makes "separate" the default).
 * Linear in the number of keys.
 *
 * @example
 * const { registration, deregistration } = countHoldersOfRecord(buildHolderIndex(input));
 * registration.holders; // N
 * deregistration.holders; // N_dereg ≥ N when plan-only holders exist
 */
export function countHoldersOfRecord(index: HolderIndex): HolderCounts {
  const t = index.keys;
  const merge = index.policy.jointWithIndividual === "merge";
  const { ns, flags, size } = t;
  let n = 0;
  let na = 0;
  let nDereg = 0;
  let keysWithUnits = 0;
  let unlinked = 0;
  let absorbed = 0;
  let plan = 0;
  let regCf = 0;
  let regA = 0;
  let excludedHolders = 0;
  for (let k = 0; k < size; k++) {
    const f = flags[k] as number;
    if ((f & HOLDS_UNITS) === 0) continue;
    keysWithUnits++;
    const isJoint = merge && ns[k] === NS_JOINT;
    if (ns[k] === NS_WALLET) unlinked++;
    if (f & HOLDS_REGISTRATION_UNITS) {
      if (isJoint && anyCoOwnerHolds(t, k, HOLDS_REGISTRATION_UNITS)) absorbed++;
      else {
        n++;
        if (f & NOT_ACCREDITED) na++;
      }
    } else {
      // Every unit this key holds is excluded (§1.6 step 2): by which exclusions.
      excludedHolders++;
      const bits = f >> EXCLUSION_SHIFT;
      if (bits & EXCLUDED_PLAN) plan++;
      if (bits & EXCLUDED_REG_CF) regCf++;
      if (bits & EXCLUDED_REG_A) regA++;
    }
    if (f & HOLDS_DEREGISTRATION_UNITS && !(isJoint && anyCoOwnerHolds(t, k, HOLDS_DEREGISTRATION_UNITS)))
      nDereg++;
  }
  return {
    registration: { holders: n, nonAccredited: na },
    deregistration: { holders: nDereg },
    excluded: { holders: excludedHolders, plan, regCf, regA },
    jointAbsorbed: absorbed,
    lookThrough: { records: index.stats.lookThroughRecords, members: index.stats.lookThroughMembers },
    unlinkedWallets: unlinked,
    keysWithUnits,
  };
}

/** True when a co-owner of joint key `k` holds units of the kind `bit` on their own. */
function anyCoOwnerHolds(t: HolderKeyTable, k: number, bit: number): boolean {
  const owners = t.coOwners.get(k);
  if (owners === undefined) return false;
  for (const o of owners) if ((t.flags[o] as number) & bit) return true;
  return false;
}
