/**
 * The 12(g) status report of a class (compliance-rules §5 item 7): counts, alert level, deadline, deregistration
 * eligibility, the state of each conditional exclusion, and incidents. What `coinscious compliance 12g` prints.
 */
import type { CalendarDate } from "../dates/index.ts";
import { formatUsdCents } from "./amounts.ts";
import { buildHolderIndex, type HolderIndex } from "./buildHolderIndex.ts";
import { classifyTwelveG, type TwelveGAlertLevel, type TwelveGClassification } from "./classifyTwelveG.ts";
import { countHoldersOfRecord, type HolderCounts } from "./countHoldersOfRecord.ts";
import { NS_WALLET } from "./holderKeys.ts";
import type { OfferingExclusion } from "./offeringExclusions.ts";
import type { TwelveGPolicyOverrides } from "./policy.ts";
import type { TwelveGHolderRecord, TwelveGInput } from "./schemas.ts";

/** Something an operator must act on that is not an alert level. */
export type TwelveGIncident = {
  /** Rule 12g5-1(a)(1), (a)(5): units in a wallet linked to no identified owner — alert, then recover or link. */
  code: "UNLINKED_WALLET_BALANCE";
  address: string;
  chain: string;
  /** Units held, decimal string. */
  units: string;
};

/** Facts that are missing and were assumed the conservative way. */
export type TwelveGWarning = "ASSETS_UNKNOWN" | "REG_CF_FACTS_MISSING" | "REG_A_FACTS_MISSING";

/** A JSON-safe report (no bigint: dollar figures and units are decimal strings). */
export type TwelveGAssessment = {
  classId: string;
  asOf: CalendarDate;
  fiscalYearEnd: CalendarDate;
  basis: "fye" | "projected";
  level: TwelveGAlertLevel;
  levels: TwelveGClassification["levels"];
  counts: HolderCounts;
  trigger: TwelveGClassification["trigger"];
  totalAssetsUsd: string | null;
  registration?: TwelveGClassification["registration"];
  deregistration?: TwelveGClassification["deregistration"];
  exclusions: { regCf: OfferingExclusion; regA: OfferingExclusion };
  incidents: TwelveGIncident[];
  warnings: TwelveGWarning[];
};

/**
 * Runs the whole monitor on a class snapshot: index (§1.6 steps 1–2), counts (steps 3–4), alert level.
 *
 * @example
 * const report = assessTwelveG(parseTwelveGInput(JSON.parse(text)));
 * if (report.level === "BREACH") openCase(report.registration?.deadline);
 */
export function assessTwelveG(input: TwelveGInput, overrides?: TwelveGPolicyOverrides): TwelveGAssessment {
  const index = buildHolderIndex(input, overrides);
  return reportOf(index, countHoldersOfRecord(index));
}

/** The report of an index with given counts (e.g. the counts after a proposed trade). */
export function reportOf(index: HolderIndex, counts: HolderCounts): TwelveGAssessment {
  const c = classifyTwelveG(index, counts);
  const warnings: TwelveGWarning[] = [];
  if (index.assetsCents === undefined) warnings.push("ASSETS_UNKNOWN");
  if (index.stats.regCfLots > 0 && index.issuer.regCf === undefined) warnings.push("REG_CF_FACTS_MISSING");
  if (index.stats.regALots > 0 && index.issuer.regA === undefined) warnings.push("REG_A_FACTS_MISSING");
  return {
    classId: index.classId,
    asOf: index.asOf,
    fiscalYearEnd: index.fiscalYearEnd,
    basis: index.basis,
    level: c.level,
    levels: c.levels,
    counts,
    trigger: c.trigger,
    totalAssetsUsd: index.assetsCents === undefined ? null : formatUsdCents(index.assetsCents),
    ...(c.registration ? { registration: c.registration } : {}),
    ...(c.deregistration ? { deregistration: c.deregistration } : {}),
    exclusions: index.exclusions,
    incidents: listUnlinkedWalletIncidents(index),
    warnings,
  };
}

/**
 * One incident per unlinked wallet holding units (§0: "a balance in an unlinked wallet counts as one holder per
 * wallet and raises an incident").
 *
 * @example
 * listUnlinkedWalletIncidents(index).map((i) => i.address);
 */
export function listUnlinkedWalletIncidents(index: HolderIndex): TwelveGIncident[] {
  const t = index.keys;
  if (t.walletOf.size === 0) return [];
  const units = new Map<number, bigint>();
  for (let i = 0; i < index.holders.length; i++) {
    const k = index.recordKey[i] as number;
    if (k < 0 || t.ns[k] !== NS_WALLET) continue;
    let sum = units.get(k) ?? 0n;
    for (const lot of (index.holders[i] as TwelveGHolderRecord).lots) sum += lot.qty;
    units.set(k, sum);
  }
  const out: TwelveGIncident[] = [];
  for (const [k, sum] of units) {
    const w = t.walletOf.get(k);
    if (w && sum > 0n) out.push({ code: "UNLINKED_WALLET_BALANCE", ...w, units: sum.toString() });
  }
  return out;
}
