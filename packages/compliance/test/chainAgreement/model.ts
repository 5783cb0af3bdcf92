/**
 * The random facts of the chain-agreement test: one scenario is one state of the investor registry and one token
 * class (class settings, investors with their records, wallets with balances and freezes, the block time) plus the
 * transfers asked about in that state. Everything is expressed in the terms both sides understand: calendar dates
 * as day offsets from the scenario's date (the chain gets the issuer-zone midnight of each), amounts as bigints.
 *
 * The generator covers every rule `canTransfer` decides except the `transferFrom` spender (22, which has no
 * counterpart in the engine's facts). It does not generate a zero amount: the engine's facts require a positive
 * amount (a zero transfer is not a compliance question).
 */
import fc from "fast-check";

/** ISO 3166-1 numeric codes of the countries the test uses, with their alpha-2 codes; 0 = unknown (the registry's). */
export const COUNTRIES: Readonly<Record<number, string>> = {
  840: "US",
  276: "DE",
  250: "FR",
  826: "GB",
  392: "JP",
  756: "CH",
  124: "CA",
  408: "KP",
  364: "IR",
  192: "CU",
  760: "SY",
};
const LISTABLE = Object.keys(COUNTRIES).map(Number);

/** A date relative to the scenario's date, in days; null = not set (0 on chain). */
export type DayOffset = number | null;

export type WalletModel = {
  balance: bigint;
  /** Partially frozen units (ERC-3643 `freezePartialTokens`), ≤ balance. */
  frozenAmount: bigint;
  /** Token-level wallet freeze (`setAddressFrozen`). */
  frozen: boolean;
  /** How the wallet's units split into lots in the engine's facts (1–3 lots), and their exemption. */
  lotParts: number;
  lotKind: "registered" | "reg_d_506b" | "reg_a_tier2";
};

export type InvestorModel = {
  /** ISO numeric; 0 = unknown. */
  country: number;
  kycExpiry: DayOffset;
  accreditationExpiry: DayOffset;
  lockupUntil: DayOffset;
  usPerson: boolean;
  frozen: boolean;
  wallets: WalletModel[];
};

export type LimitSpec = { kind: "off" } | { kind: "count"; delta: number };
export type MaxBalanceSpec = { kind: "off" } | { kind: "position"; investor: number; delta: bigint };

export type ClassModel = {
  paused: boolean;
  lockupUntil: DayOffset;
  requireAccreditation: boolean;
  regS: { enabled: boolean; end: DayOffset };
  maxBalance: MaxBalanceSpec;
  maxHolders: LimitSpec;
  maxNonAccredited: LimitSpec;
  /** 0 off, 1 allow-list, 2 deny-list. */
  countryRule: 0 | 1 | 2;
  countries: number[];
};

export type AmountSpec =
  | "one"
  | "free"
  | "freePlus1"
  | "balance"
  | "balancePlus1"
  | "half"
  | "room"
  | "roomPlus1"
  | "uint96"
  | "uint256Max"
  | { random: bigint };

/** A transfer asked about: wallets by index in {@link allWallets} order. */
export type CaseModel = { from: number; to: number; amount: AmountSpec };

export type Scenario = {
  /** Days since 1970-01-01 of the scenario's date, and the second of that day the block is at. */
  day: number;
  timeOfDay: "midnight" | "midnightPlus1" | "noon" | "lastSecond";
  cls: ClassModel;
  investors: InvestorModel[];
  /** Wallets linked to no investor (never funded; some frozen). */
  unlinked: { frozen: boolean }[];
  cases: CaseModel[];
};

/** A day offset: none with probability `pNone`, else past : boundary (today, tomorrow) : future by weight. */
const offset = (pNone: number, past = 1, edge = 3, future = 4): fc.Arbitrary<DayOffset> =>
  fc.oneof(
    { weight: Math.round(pNone * 100), arbitrary: fc.constant(null) },
    {
      weight: Math.round((1 - pNone) * 100),
      arbitrary: fc.oneof(
        { weight: past, arbitrary: fc.constantFrom(-400, -30, -1) },
        { weight: edge, arbitrary: fc.constantFrom(0, 1) },
        { weight: future, arbitrary: fc.constantFrom(2, 30, 400, 4000) },
      ),
    },
  );

const percent = (p: number) => fc.integer({ min: 0, max: 99 }).map((n) => n < p);

const balance = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0n) },
  { weight: 8, arbitrary: fc.constantFrom(1n, 2n, 7n, 100n, 1000n) },
  { weight: 2, arbitrary: fc.bigInt(1n, 1_000_000n) },
  { weight: 1, arbitrary: fc.constantFrom(2n ** 40n, 2n ** 64n) },
);

const wallet = (clean: boolean): fc.Arbitrary<WalletModel> =>
  fc
    .record({
      balance,
      frozenPart: fc.constantFrom("none", "none", "none", "none", "one", "half", "all"),
      frozenDraw: fc.integer({ min: 0, max: 99 }),
      lotParts: fc.integer({ min: 1, max: 3 }),
      lotKind: fc.constantFrom("registered", "reg_d_506b", "reg_a_tier2"),
    })
    .map(({ balance: b, frozenPart, frozenDraw, lotParts, lotKind }) => {
      const frozenAmount =
        b === 0n
          ? 0n
          : frozenPart === "one"
            ? 1n
            : frozenPart === "half"
              ? b / 2n
              : frozenPart === "all"
                ? b
                : 0n;
      return {
        balance: b,
        frozenAmount,
        frozen: frozenDraw < (clean ? 1 : 4),
        lotParts,
        lotKind,
      } as WalletModel;
    });

const country = fc.oneof(
  { weight: 14, arbitrary: fc.constantFrom(276, 840, 826, 250, 392, 756, 124) },
  { weight: 3, arbitrary: fc.constantFrom(408, 364, 192, 760) },
  { weight: 1, arbitrary: fc.constant(0) },
);

const investor = (clean: boolean): fc.Arbitrary<InvestorModel> =>
  fc.record({
    country: clean ? fc.constantFrom(276, 840, 826, 250, 392, 756, 124) : country,
    kycExpiry: clean ? offset(0.01, 1, 1, 40) : offset(0.05, 1, 2, 10),
    accreditationExpiry: offset(0.35, 1, 2, 6),
    lockupUntil: offset(clean ? 0.95 : 0.8),
    usPerson: percent(40),
    frozen: percent(clean ? 1 : 5),
    wallets: fc.array(wallet(clean), { minLength: 1, maxLength: 3 }),
  });

const limit = (off: number): fc.Arbitrary<LimitSpec> =>
  fc.oneof(
    { weight: off, arbitrary: fc.constant({ kind: "off" } as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(-1, 0, 0, 0, 1, 2).map((delta) => ({ kind: "count", delta }) as const),
    },
  );

const cls = (investors: number, clean: boolean): fc.Arbitrary<ClassModel> =>
  fc.record({
    paused: percent(clean ? 0 : 4),
    lockupUntil: offset(clean ? 1 : 0.9),
    requireAccreditation: percent(clean ? 15 : 30),
    regS: fc.record({
      enabled: percent(30),
      end: offset(0.15),
    }),
    maxBalance: fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kind: "off" } as const) },
      {
        weight: 2,
        arbitrary: fc
          .record({
            investor: fc.integer({ min: 0, max: investors - 1 }),
            delta: fc.constantFrom(-1n, 0n, 1n, 2n, 100n, 1000n, 2n ** 50n),
          })
          .map((m) => ({ kind: "position", ...m }) as const),
      },
    ),
    maxHolders: limit(2),
    maxNonAccredited: limit(1),
    countryRule: (clean ? fc.constantFrom(0, 0, 2) : fc.constantFrom(0, 1, 1, 2)) as fc.Arbitrary<0 | 1 | 2>,
    countries: fc.subarray(LISTABLE, { minLength: 1 }),
  });

const amount: fc.Arbitrary<AmountSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<AmountSpec>("one", "half", "free") },
  {
    weight: 8,
    arbitrary: fc.constantFrom<AmountSpec>(
      "one",
      "free",
      "freePlus1",
      "balance",
      "balancePlus1",
      "half",
      "room",
      "roomPlus1",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<AmountSpec>("uint96", "uint256Max") },
  { weight: 2, arbitrary: fc.bigInt(1n, 10_000n).map((random) => ({ random })) },
);

/** Scenarios with `casesPerScenario` transfers each; the first day is 2026-01-01, the last 2030-12-31. */
export function scenarioArbitrary(casesPerScenario: number): fc.Arbitrary<Scenario> {
  return percent(60).chain((clean) => scenarioOf(casesPerScenario, clean));
}

/** A scenario; a clean one has few early failures (frozen, KYC, class state), so the later rules are reached. */
function scenarioOf(casesPerScenario: number, clean: boolean): fc.Arbitrary<Scenario> {
  return fc
    .record({
      day: fc.integer({ min: 20454, max: 22279 }),
      timeOfDay: fc.constantFrom("midnight", "midnightPlus1", "noon", "noon", "lastSecond"),
      investors: fc.array(investor(clean), { minLength: 3, maxLength: 7 }),
      unlinked: fc.array(
        percent(clean ? 3 : 15).map((frozen) => ({ frozen })),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .chain((base) => {
      const wallets = allWallets(base as Scenario);
      const funded = wallets.flatMap((w, i) => (w.wallet !== null && w.wallet.balance > 0n ? [i] : []));
      const anyWallet = fc.integer({ min: 0, max: wallets.length - 1 });
      // Wallets of investors holding nothing: a transfer to one adds a holder (the caps).
      const newcomers = wallets.flatMap((w, i) =>
        w.investor !== null && position(base.investors[w.investor] as InvestorModel) === 0n ? [i] : [],
      );
      const from =
        funded.length === 0
          ? anyWallet
          : fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...funded) },
              { weight: 1, arbitrary: anyWallet },
            );
      // The recipient: any wallet, sometimes the sender itself or another wallet of the sender's investor.
      const transfer = fc
        .record({ from, pick: fc.integer({ min: 0, max: 99 }), any: anyWallet, amount })
        .map(({ from: f, pick, any, amount: a }): CaseModel => {
          const sibling = wallets.findIndex(
            (w, i) => i !== f && w.investor !== null && w.investor === wallets[f]?.investor,
          );
          const newcomer = newcomers.length === 0 ? -1 : (newcomers[any % newcomers.length] as number);
          const to =
            pick < 3 ? f : pick < 12 && sibling >= 0 ? sibling : pick < 35 && newcomer >= 0 ? newcomer : any;
          return { from: f, to, amount: a };
        });
      return fc
        .record({
          cls: cls(base.investors.length, clean),
          cases: fc.array(transfer, { minLength: casesPerScenario, maxLength: casesPerScenario }),
        })
        .map((rest) => ({ ...base, ...rest }) as Scenario);
    });
}

/** One wallet of a scenario: its investor (index) and model, or an unlinked wallet. */
export type WalletRef = {
  investor: number | null;
  wallet: WalletModel | null;
  frozen: boolean;
};

/** Every wallet of `s`: the investors' wallets in order, then the unlinked ones. */
export function allWallets(s: Pick<Scenario, "investors" | "unlinked">): WalletRef[] {
  const out: WalletRef[] = [];
  s.investors.forEach((inv, i) => {
    for (const w of inv.wallets) out.push({ investor: i, wallet: w, frozen: w.frozen });
  });
  for (const u of s.unlinked) out.push({ investor: null, wallet: null, frozen: u.frozen });
  return out;
}

/** An investor's position: its wallets summed. */
export function position(inv: InvestorModel): bigint {
  return inv.wallets.reduce((sum, w) => sum + w.balance, 0n);
}
