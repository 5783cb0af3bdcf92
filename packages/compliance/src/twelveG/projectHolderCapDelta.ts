/**
 * The pre-trade holder-cap guard of §1.6 (catalogue H-11, reason codes 110/111): how a proposed transfer or
 * issuance changes N and NA, and whether it breaks an issuer-configured cap. Only the keys the trade touches are
 * recomputed, so a check costs microseconds against a million-holder index.
 */
import { ReasonCode } from "@coinscious/core";
import { isAccreditedAtFye } from "./accreditation.ts";
import { type HolderIndex, lotExclusionBits } from "./buildHolderIndex.ts";
import { countHoldersOfRecord, type HolderCounts } from "./countHoldersOfRecord.ts";
import { TwelveGTradeError } from "./errors.ts";
import { HAS_RECORD, jointId, NOT_ACCREDITED, type TwelveGKeyedParty, walletId } from "./holderKeys.ts";
import type { TwelveGAccreditation, TwelveGLot, TwelveGProposedTrade, TwelveGTradeParty } from "./schemas.ts";
import { tallyHolderUnits } from "./tallyHolderUnits.ts";

export type HolderCapReason = { code: number; name: "HOLDER_LIMIT_TOTAL" | "HOLDER_LIMIT_NON_ACCREDITED" };

export type HolderCapDelta = {
  /** ΔN, ΔNA (registration count) and the deregistration ΔN. */
  delta: { holders: number; nonAccredited: number; deregHolders: number };
  before: { holders: number; nonAccredited: number };
  after: { holders: number; nonAccredited: number };
  /** The trade takes a count from below a 12(g) threshold to at or above it (alert, §0; blocks only via a cap). */
  crosses: { holders: boolean; nonAccredited: boolean };
  decision: "ALLOW" | "DENY";
  reasons: HolderCapReason[];
};

/**
 * §1.6: `Δ = (recipient becomes a new counted holder ? +1 : 0) − (sender's counted position goes to 0 ? 1 : 0)`,
 * ΔNA likewise with the recipient's accreditation at the FYE; DENY `HOLDER_LIMIT_TOTAL` (110) /
 * `HOLDER_LIMIT_NON_ACCREDITED` (111) when the count would rise above the cap. A trade that does not raise a count
 * is never denied (case 18: a full exit to a new entrant is Δ = 0, allowed even at the cap). The received units
 * keep their Reg CF / Reg A exclusion but not a plan exclusion (a secondary purchaser is counted, 12g5-1(a)(8)).
 * Throws {@link TwelveGTradeError} when the sender does not hold what it sends.
 *
 * @example
 * const d = projectHolderCapDelta(index, { from: { kind: "natural", personId: "alice" },
 *   to: { kind: "natural", personId: "carol" }, lots: [{ qty: 10n, exemption: "reg_d_506b",
 *   acquiredVia: "issuance", rule701c: false }] });
 * d.delta.holders; // +1 if carol is new and alice keeps units
 */
export function projectHolderCapDelta(
  index: HolderIndex,
  trade: TwelveGProposedTrade,
  base: HolderCounts = countHoldersOfRecord(index),
): HolderCapDelta {
  const t = index.keys;
  const units = tallyHolderUnits(index);
  const ctx = index.exclusionContext;
  const fye = index.fiscalYearEnd;
  const merge = index.policy.jointWithIndividual === "merge";
  // The overlay: new tallies of the touched keys; virtual keys (≥ t.size) for recipients not yet on the file.
  const reg = new Map<number, bigint>();
  const dereg = new Map<number, bigint>();
  const na = new Map<number, number>();
  const virtualCoOwners = new Map<number, number[]>();
  const virtual = new Map<string, number>();
  let nextKey = t.size;
  const baseReg = (k: number) => units.reg[k] ?? 0n;
  const baseDereg = (k: number) => units.dereg[k] ?? 0n;
  const regOf = (k: number) => reg.get(k) ?? baseReg(k);
  const deregOf = (k: number) => dereg.get(k) ?? baseDereg(k);
  /** Not accredited at the FYE (1) or accredited (0); a key not on the file has no known status. */
  const naOf = (k: number) => {
    // Only a key some record was filed under carries an accreditation status (a co-owner interned for a joint
    // registration, or a new party, has none).
    const f = k < t.size ? (t.flags[k] as number) : 0;
    return f & HAS_RECORD ? (f & NOT_ACCREDITED ? 1 : 0) : undefined;
  };

  const resolve = (
    party: TwelveGTradeParty,
    create: boolean,
  ): { k: number; acc: TwelveGAccreditation | undefined }[] => {
    if (party.kind !== "natural" && party.kind !== "joint" && party.kind !== "unlinked_wallet") {
      // The trade's own statement of the members wins; else the members on file for that holder.
      if (party.lookThrough)
        return party.lookThrough.members.map((m) => ({ k: findOrCreate(m, create), acc: m.accreditation }));
      const known = index.lookThrough.get(party.partyId);
      if (known) return [...new Set(known)].map((k) => ({ k, acc: undefined }));
    }
    return [{ k: findOrCreate(party, create), acc: party.accreditation }];
  };
  const findOrCreate = (party: Parameters<typeof t.find>[0], create: boolean): number => {
    const found = t.find(party);
    if (found !== undefined) return found;
    if (!create) throw new TwelveGTradeError("the sender is not a holder of record of the class", { party });
    // A party new to the file gets one virtual key, however often the trade names it.
    const id = virtualId(party, index.policy.unlinkedWalletKey);
    const seen = virtual.get(id);
    if (seen !== undefined) return seen;
    const k = nextKey++;
    virtual.set(id, k);
    if (party.kind === "joint") {
      const owners = party.coOwnerIds
        .map((p) => t.find({ kind: "natural", personId: p }))
        .filter((o) => o !== undefined);
      virtualCoOwners.set(k, owners);
    }
    return k;
  };

  const affected = new Set<number>();
  // Sender: debit the units the lots carry, as the sender holds them.
  if (trade.from) {
    let held = 0n;
    let r = 0n;
    let d = 0n;
    for (const lot of trade.lots) {
      const b = lotExclusionBits(lot, ctx);
      held += lot.qty;
      if (b === 0) r += lot.qty;
      if ((b & ctx.deregMask) === 0) d += lot.qty;
    }
    for (const { k } of resolve(trade.from, false)) {
      if ((units.held[k] ?? 0n) < held || regOf(k) < r || deregOf(k) < d)
        throw new TwelveGTradeError("the sender would send more units than it holds", { key: k });
      reg.set(k, regOf(k) - r);
      dereg.set(k, deregOf(k) - d);
      affected.add(k);
    }
  }
  // Recipient: a transfer makes it a secondary purchaser; an issuance keeps how the lot was acquired.
  let r = 0n;
  let d = 0n;
  for (const lot of trade.lots) {
    const received: TwelveGLot = trade.from ? { ...lot, acquiredVia: "transfer" } : lot;
    const b = lotExclusionBits(received, ctx);
    if (b === 0) r += lot.qty;
    if ((b & ctx.deregMask) === 0) d += lot.qty;
  }
  const walletRecipient = trade.to.kind === "unlinked_wallet";
  for (const { k, acc } of resolve(trade.to, true)) {
    reg.set(k, regOf(k) + r);
    dereg.set(k, deregOf(k) + d);
    const prior = na.get(k) ?? naOf(k);
    // Conservative merge (as in the index): non-accredited if any record says so; a new key without facts is unknown.
    const recipientNa =
      walletRecipient || (acc === undefined ? prior === undefined : !isAccreditedAtFye(acc, fye));
    na.set(k, (prior ?? 0) | (recipientNa ? 1 : 0));
    affected.add(k);
  }
  // Under the "merge" policy a person's holding can absorb (or release) the joint registrations they co-own.
  if (merge) for (const k of [...affected]) for (const j of t.jointsOf.get(k) ?? []) affected.add(j);

  const counted = (k: number, own: (k: number) => bigint): boolean => {
    if (own(k) <= 0n) return false;
    if (!merge) return true;
    const owners = t.coOwners.get(k) ?? virtualCoOwners.get(k);
    return owners === undefined || !owners.some((o) => own(o) > 0n);
  };
  let dN = 0;
  let dNA = 0;
  let dD = 0;
  for (const k of affected) {
    const wasN = counted(k, baseReg);
    const isN = counted(k, regOf);
    dN += Number(isN) - Number(wasN);
    dNA += Number(isN && (na.get(k) ?? naOf(k)) === 1) - Number(wasN && naOf(k) === 1);
    dD += Number(counted(k, deregOf)) - Number(counted(k, baseDereg));
  }

  const before = { ...base.registration };
  const after = { holders: before.holders + dN, nonAccredited: before.nonAccredited + dNA };
  const cap = index.policy.holderCap;
  const reasons: HolderCapReason[] = [];
  if (cap.holders !== undefined && dN > 0 && after.holders > cap.holders)
    reasons.push({ code: ReasonCode.HOLDER_LIMIT_TOTAL, name: "HOLDER_LIMIT_TOTAL" });
  if (cap.nonAccredited !== undefined && dNA > 0 && after.nonAccredited > cap.nonAccredited)
    reasons.push({ code: ReasonCode.HOLDER_LIMIT_NON_ACCREDITED, name: "HOLDER_LIMIT_NON_ACCREDITED" });
  const T = index.policy.thresholds;
  return {
    delta: { holders: dN, nonAccredited: dNA, deregHolders: dD },
    before,
    after,
    crosses: {
      holders: before.holders < T.holders && after.holders >= T.holders,
      nonAccredited: before.nonAccredited < T.nonAccredited && after.nonAccredited >= T.nonAccredited,
    },
    decision: reasons.length === 0 ? "ALLOW" : "DENY",
    reasons,
  };
}

/** A namespaced id for a party not on the file (the trade path only: no cost to the count). */
function virtualId(party: TwelveGKeyedParty, mode: "address" | "chain_and_address"): string {
  switch (party.kind) {
    case "natural":
      return `P\u0000${party.personId}`;
    case "joint":
      return `J\u0000${jointId(party.coOwnerIds)}`;
    case "unlinked_wallet":
      return `W\u0000${walletId(party, mode)}`;
    default:
      return `O\u0000${party.partyId}`;
  }
}
