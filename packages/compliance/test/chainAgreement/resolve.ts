/**
 * Turns a generated {@link Scenario} into (a) the concrete on-chain state — Unix timestamps at the issuer-zone
 * midnight of each date, class settings, investor records, wallet addresses, transfer values — and (b) the engine's
 * facts and policy for each transfer. The two are built from the same model, field by field:
 *
 * | chain                                   | engine                                                        |
 * |-----------------------------------------|---------------------------------------------------------------|
 * | paused / transfersLockedUntil           | class.paused / class.lockupEnd                                |
 * | wallet frozen, investor frozen          | party.stopOrder                                               |
 * | wallet not linked                       | party.holderId = null                                         |
 * | kycExpiry (0 = none)                    | kyc MISSING / APPROVED with expiresAt                         |
 * | accreditationExpiry (0 = none)          | accreditation not_accredited / accredited with expiresAt      |
 * | country (numeric, 0 = unknown)          | country (alpha-2, null = unknown)                             |
 * | countryRule + countries                 | policy.jurisdiction allow / block lists                       |
 * | investor lockupUntil                    | from.lockupEnd                                                |
 * | usPerson                                | usPerson and inUnitedStates                                   |
 * | regS + distribution end                 | class.regSDcpEnd, and the sender's units as Reg S lots        |
 * | wallet balance, partial freeze          | from.lots (1–3 lots), from.frozenAmount                       |
 * | investorBalance                         | holderPosition, to.isCountedHolder                            |
 * | requireAccreditation, maxBalance, caps  | policy.classRules, policy.holderCaps (0 on chain = null)      |
 * | holderCounts()                          | holders                                                       |
 *
 * A timestamp at midnight of date X agrees with the engine's calendar-date convention: on chain "expired when
 * expiry ≤ now", in the engine "expired when date ≥ X", and midnight(X) ≤ now ⇔ X ≤ date(now).
 */
import type { PolicyInput, TransferFactsInput } from "../../src/index.ts";
import { calendarDateAt, fromDayNumber } from "../../src/index.ts";
import {
  type AmountSpec,
  allWallets,
  COUNTRIES,
  type DayOffset,
  type InvestorModel,
  type LimitSpec,
  position,
  type Scenario,
} from "./model.ts";

export const TIME_ZONE = "America/New_York";
const U96 = 2n ** 96n;
const U256_MAX = 2n ** 256n - 1n;
/** KYC valid until 2099-01-01 (registration, before the final records are written). */
export const FAR_FUTURE = 4_070_908_800;

const midnights = new Map<number, number>();

/** Unix seconds of the first second of day `day` (days since 1970-01-01) in {@link TIME_ZONE}. */
export function midnight(day: number): number {
  const cached = midnights.get(day);
  if (cached !== undefined) return cached;
  const date = fromDayNumber(day);
  // The first second whose calendar date in the zone is `date`: binary search around UTC midnight (±14 h).
  let lo = day * 86_400 - 14 * 3600;
  let hi = day * 86_400 + 14 * 3600;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (calendarDateAt(mid * 1000, TIME_ZONE) >= date) hi = mid;
    else lo = mid + 1;
  }
  midnights.set(day, lo);
  return lo;
}

export type Address = `0x${string}`;

/** Deterministic wallet address `i` of a scenario. */
export function walletAddress(i: number): Address {
  return `0x${(0xd1ff0000n + BigInt(i)).toString(16).padStart(40, "0")}`;
}

export type ChainRecord = {
  country: number;
  kycExpiry: number;
  accreditationExpiry: number;
  lockupUntil: number;
  usPerson: boolean;
  frozen: boolean;
};

export type ResolvedWallet = {
  address: Address;
  /** Investor id on chain (index + 1); null = unlinked. */
  investorId: number | null;
  investor: number | null;
  balance: bigint;
  frozenAmount: bigint;
  frozen: boolean;
  lotParts: number;
  lotKind: string;
};

export type ResolvedCase = { from: number; to: number; value: bigint };

export type Resolved = {
  scenario: Scenario;
  /** Block timestamp of the scenario. */
  t: number;
  date: string;
  records: ChainRecord[];
  wallets: ResolvedWallet[];
  cls: {
    paused: boolean;
    transfersLockedUntil: number;
    requireAccreditation: boolean;
    regS: boolean;
    regSDistributionEnd: number;
    maxBalancePerInvestor: bigint;
    maxHolders: number;
    maxNonAccreditedHolders: number;
    countryRule: 0 | 1 | 2;
    countries: number[];
  };
  /** Holder counts as the model expects them (investors with units; of those, not accredited now). */
  counts: { holders: number; nonAccredited: number };
  cases: ResolvedCase[];
};

function ts(s: Scenario, off: DayOffset): number {
  return off === null ? 0 : midnight(s.day + off);
}

function dateOf(s: Scenario, off: DayOffset): string | null {
  return off === null ? null : fromDayNumber(s.day + off);
}

function blockTime(s: Scenario): number {
  const m = midnight(s.day);
  switch (s.timeOfDay) {
    case "midnight":
      return m;
    case "midnightPlus1":
      return m + 1;
    case "noon":
      return m + 12 * 3600;
    case "lastSecond":
      return midnight(s.day + 1) - 1;
  }
}

function accreditedAt(inv: InvestorModel, s: Scenario, t: number): boolean {
  return inv.accreditationExpiry !== null && ts(s, inv.accreditationExpiry) > t;
}

function cap(spec: LimitSpec, count: number): number {
  return spec.kind === "off" ? 0 : Math.max(1, count + spec.delta);
}

/** The concrete on-chain state and transfer values of `s`. */
export function resolve(s: Scenario): Resolved {
  const t = blockTime(s);
  const date = calendarDateAt(t * 1000, TIME_ZONE);
  if (date !== fromDayNumber(s.day)) throw new Error(`block time ${t} is not on ${fromDayNumber(s.day)}`);
  const records = s.investors.map(
    (inv): ChainRecord => ({
      country: inv.country,
      kycExpiry: ts(s, inv.kycExpiry),
      accreditationExpiry: ts(s, inv.accreditationExpiry),
      lockupUntil: ts(s, inv.lockupUntil),
      usPerson: inv.usPerson,
      frozen: inv.frozen,
    }),
  );
  const wallets = allWallets(s).map(
    (w, i): ResolvedWallet => ({
      address: walletAddress(i),
      investorId: w.investor === null ? null : w.investor + 1,
      investor: w.investor,
      balance: w.wallet?.balance ?? 0n,
      frozenAmount: w.wallet?.frozenAmount ?? 0n,
      frozen: w.frozen,
      lotParts: w.wallet?.lotParts ?? 1,
      lotKind: w.wallet?.lotKind ?? "registered",
    }),
  );
  const holders = s.investors.filter((inv) => position(inv) > 0n);
  const counts = {
    holders: holders.length,
    nonAccredited: holders.filter((inv) => !accreditedAt(inv, s, t)).length,
  };
  const mb = s.cls.maxBalance;
  const maxBalancePerInvestor =
    mb.kind === "off"
      ? 0n
      : (() => {
          const inv = s.investors[mb.investor];
          const v = (inv === undefined ? 0n : position(inv)) + mb.delta;
          return v < 1n ? 1n : v >= U96 ? U96 - 1n : v;
        })();
  const cls = {
    paused: s.cls.paused,
    transfersLockedUntil: ts(s, s.cls.lockupUntil),
    requireAccreditation: s.cls.requireAccreditation,
    regS: s.cls.regS.enabled,
    regSDistributionEnd: s.cls.regS.enabled ? ts(s, s.cls.regS.end) : 0,
    maxBalancePerInvestor,
    maxHolders: cap(s.cls.maxHolders, counts.holders),
    maxNonAccreditedHolders: cap(s.cls.maxNonAccredited, counts.nonAccredited),
    countryRule: s.cls.countryRule,
    countries: s.cls.countryRule === 0 ? [] : s.cls.countries,
  };
  const positions = s.investors.map(position);
  const cases = s.cases.map((c): ResolvedCase => {
    const from = wallets[c.from] as ResolvedWallet;
    const to = wallets[c.to] as ResolvedWallet;
    const toPosition = to.investor === null ? 0n : (positions[to.investor] ?? 0n);
    const value = amountOf(c.amount, from, toPosition, maxBalancePerInvestor);
    return { from: c.from, to: c.to, value: value < 1n ? 1n : value };
  });
  return { scenario: s, t, date, records, wallets, cls, counts, cases };
}

function amountOf(spec: AmountSpec, from: ResolvedWallet, toPosition: bigint, max: bigint): bigint {
  const free = from.balance - from.frozenAmount;
  const room = max === 0n ? free : max - toPosition;
  if (typeof spec === "object") return spec.random;
  switch (spec) {
    case "one":
      return 1n;
    case "free":
      return free;
    case "freePlus1":
      return free + 1n;
    case "balance":
      return from.balance;
    case "balancePlus1":
      return from.balance + 1n;
    case "half":
      return free / 2n;
    case "room":
      return room;
    case "roomPlus1":
      return room + 1n;
    case "uint96":
      return U96;
    case "uint256Max":
      return U256_MAX;
  }
}

const alpha2 = (numeric: number): string | null => {
  if (numeric === 0) return null;
  const a = COUNTRIES[numeric];
  if (a === undefined) throw new Error(`no alpha-2 code for country ${numeric} in the test table`);
  return a;
};

/** The engine's policy for the class of `r`. */
export function policyOf(r: Resolved): PolicyInput {
  const list = r.cls.countries.map((c) => alpha2(c) as string);
  return {
    timeZone: TIME_ZONE,
    jurisdiction: {
      blockedCountries: r.cls.countryRule === 2 ? list : [],
      allowedCountries: r.cls.countryRule === 1 ? list : null,
      blockedSubdivisions: [],
    },
    holderCaps: {
      total: r.cls.maxHolders === 0 ? null : r.cls.maxHolders,
      nonAccredited: r.cls.maxNonAccreditedHolders === 0 ? null : r.cls.maxNonAccreditedHolders,
    },
    classRules: {
      accreditedRecipientsOnly: r.cls.requireAccreditation,
      maxBalancePerInvestor: r.cls.maxBalancePerInvestor === 0n ? null : r.cls.maxBalancePerInvestor,
    },
  };
}

/** The engine's facts of case `i` of `r`, with the holder counts the chain reports. */
export function factsOf(
  r: Resolved,
  i: number,
  holders: { total: number; nonAccredited: number },
): TransferFactsInput {
  const s = r.scenario;
  const c = r.cases[i] as ResolvedCase;
  const from = r.wallets[c.from] as ResolvedWallet;
  const to = r.wallets[c.to] as ResolvedWallet;
  const regSDcpEnd = s.cls.regS.enabled ? dateOf(s, s.cls.regS.end) : null;
  const longAgo = fromDayNumber(s.day - 400);
  const party = (w: ResolvedWallet) => {
    const inv = w.investor === null ? undefined : s.investors[w.investor];
    const pos = inv === undefined ? null : position(inv).toString();
    if (inv === undefined)
      return {
        wallet: w.address,
        holderId: null,
        sanctioned: false,
        stopOrder: w.frozen,
        holderPosition: pos,
      };
    const kycEnd = dateOf(s, inv.kycExpiry);
    const accEnd = dateOf(s, inv.accreditationExpiry);
    return {
      wallet: w.address,
      holderId: `investor-${w.investorId}`,
      sanctioned: false,
      stopOrder: w.frozen || inv.frozen,
      kyc:
        kycEnd === null ? { status: "MISSING" as const } : { status: "APPROVED" as const, expiresAt: kycEnd },
      accreditation:
        accEnd === null
          ? { status: "not_accredited" as const }
          : { status: "accredited" as const, expiresAt: accEnd },
      country: alpha2(inv.country),
      usPerson: inv.usPerson,
      inUnitedStates: inv.usPerson,
      holderPosition: pos,
    };
  };
  const fromInv = from.investor === null ? undefined : s.investors[from.investor];
  return {
    date: r.date,
    now: new Date(r.t * 1000).toISOString(),
    amount: c.value.toString(),
    issuer: { reportingSince: null, currentInReports: true, domestic: false, shellCompany: false },
    class: {
      paused: r.cls.paused,
      lockupEnd: dateOf(s, s.cls.lockupUntil),
      regSDcpEnd,
    },
    sanctions: { listRefreshedAt: new Date(r.t * 1000).toISOString(), oracle: "ok" },
    holders,
    from: {
      ...party(from),
      affiliate: false,
      frozenAmount: from.frozenAmount.toString(),
      lockupEnd: fromInv === undefined ? null : dateOf(s, fromInv.lockupUntil),
      lots: lotsOf(from, s.cls.regS.enabled ? (regSDcpEnd ?? "2000-01-01") : null, longAgo),
    },
    to: {
      ...party(to),
      isCountedHolder: to.investor !== null && position(s.investors[to.investor] as InvestorModel) > 0n,
    },
  };
}

/**
 * The wallet's units as 1–3 lots. Every lot is free under the engine's lot rules on the scenario's date (what the
 * chain knows of holding periods is the investor's lock-up): registered, Reg A Tier 2, or 506(b) paid 400 days ago
 * (past the 1-year period of a non-reporting issuer); in a Reg S class, Reg S lots of a foreign issuer whose DCP
 * ends when the class's does.
 */
function lotsOf(w: ResolvedWallet, regSDcpEnd: string | null, longAgo: string) {
  if (w.balance === 0n) return [];
  const parts = BigInt(Math.min(w.lotParts, Number(w.balance > 3n ? 3n : w.balance)));
  const qty = w.balance / parts;
  return Array.from({ length: Number(parts) }, (_, k) => {
    const q = k === Number(parts) - 1 ? w.balance - qty * (parts - 1n) : qty;
    const base = {
      id: `L${k + 1}`,
      qty: q.toString(),
      issueDate: longAgo,
      acquiredDate: longAgo,
      fullyPaidDate: longAgo,
    };
    if (regSDcpEnd !== null)
      return {
        ...base,
        exemption: "reg_s" as const,
        regS: {
          category: 3 as const,
          securityType: "equity" as const,
          dcpStart: "2000-01-01",
          dcpEnd: regSDcpEnd,
        },
      };
    return { ...base, exemption: w.lotKind as "registered" | "reg_d_506b" | "reg_a_tier2" };
  });
}
