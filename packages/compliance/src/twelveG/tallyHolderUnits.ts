/**
 * Unit totals per record-holder key — what the pre-trade guard needs to know whether a sender's counted position
 * "goes to 0" (§1.6). The count itself never needs them, so they are tallied lazily, once per index, in one pass.
 */
import { type HolderIndex, lotExclusionBits } from "./buildHolderIndex.ts";
import type { TwelveGLot } from "./schemas.ts";

/** Per key: units held, units counting for registration, units counting for deregistration. */
export type HolderUnits = { held: bigint[]; reg: bigint[]; dereg: bigint[] };

const cache = new WeakMap<HolderIndex, HolderUnits>();

/**
 * The unit totals of every key of `index` (memoized per index; the index is never mutated). A look-through
 * holder's units are credited to each member, as its members are deemed to hold the position (Rule 12g5-1(b)).
 *
 * @example
 * const units = tallyHolderUnits(index);
 * units.reg[index.keys.find({ kind: "natural", personId: "alice" }) ?? -1]; // alice's counted units
 */
export function tallyHolderUnits(index: HolderIndex): HolderUnits {
  const cached = cache.get(index);
  if (cached) return cached;
  const n = index.keys.size;
  const held = new Array<bigint>(n).fill(0n);
  const reg = new Array<bigint>(n).fill(0n);
  const dereg = new Array<bigint>(n).fill(0n);
  const ctx = index.exclusionContext;
  const { holders, recordKey, lookThroughLists } = index;
  for (let i = 0; i < holders.length; i++) {
    const rk = recordKey[i] as number;
    if (rk === -1) continue;
    let h = 0n;
    let r = 0n;
    let d = 0n;
    for (const lot of (holders[i] as { lots: TwelveGLot[] }).lots) {
      const b = lotExclusionBits(lot, ctx);
      h += lot.qty;
      if (b === 0) r += lot.qty;
      if ((b & ctx.deregMask) === 0) d += lot.qty;
    }
    for (const k of rk >= 0 ? [rk] : (lookThroughLists[-2 - rk] as number[])) {
      held[k] = (held[k] as bigint) + h;
      reg[k] = (reg[k] as bigint) + r;
      dereg[k] = (dereg[k] as bigint) + d;
    }
  }
  const units = { held, reg, dereg };
  cache.set(index, units);
  return units;
}
