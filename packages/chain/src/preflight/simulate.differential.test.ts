/**
 * Differential test of preflight: random actions — valid and invalid, all passing local validation — are
 * simulated with `simulate` as their sender, then sent from that very address (anvil `--auto-impersonate`; the
 * Safe's roles are held by a fixed address standing in for it) and mined; the verdict must be what execution
 * did: ok ⇔ success, not ok ⇔ a revert with the same decoded custom error (name and arguments, the execution's
 * taken from its call trace). Also: when ok, the predicted balances are the balances after mining and the gas
 * estimate covers the gas used; when not ok, the reasons are non-empty and the first is the revert's own (unless
 * the sender lacks the role).
 *
 * Time is pinned: every block is exactly one second after the previous one (`anvil_setBlockTimestampInterval`)
 * and the simulation runs on the pending block, whose timestamp is the one the transaction is then mined with
 * (checked each step). Expiries, the Reg S period and lock-ups sit a few seconds ahead so steps cross them.
 *
 * World: one class with holder caps (5 total, 2 non-accredited), a country allow-list (DE, FR, GB, US),
 * accreditation required, a max balance per investor (1000) and Reg S; 8 investors on 10 wallets — one frozen,
 * one in a blocked country, one not accredited, one with KYC and one with accreditation about to expire — plus
 * 2 unlinked wallets. Steps: mints, burns, forced transfers (single and batch), wallet and partial freezes,
 * recovery, pause/unpause, registry writes, class settings, role changes, upgrades and anchors; one in ~12 is
 * sent by a random one of the five actors (often without the role), one in ~15 waits a few seconds first.
 *
 * Size: PREFLIGHT_RUNS actions (default 500) in sequences of 25, each from the same snapshot;
 * PREFLIGHT_SEED replays a run (the seed is printed).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { securityTokenAbi } from "@coinscious/contracts";
import fc from "fast-check";
import { type Address, type Hex, keccak256, toHex } from "viem";
import { anchorRoot } from "../actions/anchorRoot.ts";
import { batchBurn } from "../actions/batchBurn.ts";
import { batchForcedTransfer } from "../actions/batchForcedTransfer.ts";
import { batchFreezePartialTokens } from "../actions/batchFreezePartialTokens.ts";
import { batchLinkWallets } from "../actions/batchLinkWallets.ts";
import { batchMint } from "../actions/batchMint.ts";
import { batchRegisterInvestors } from "../actions/batchRegisterInvestors.ts";
import { batchSetAddressFrozen } from "../actions/batchSetAddressFrozen.ts";
import { batchUnfreezePartialTokens } from "../actions/batchUnfreezePartialTokens.ts";
import { batchUpdateInvestors } from "../actions/batchUpdateInvestors.ts";
import { burn } from "../actions/burn.ts";
import { forcedTransfer } from "../actions/forcedTransfer.ts";
import { freezePartialTokens } from "../actions/freezePartialTokens.ts";
import { grantRole } from "../actions/grantRole.ts";
import { linkWallet } from "../actions/linkWallet.ts";
import { mint } from "../actions/mint.ts";
import { pause } from "../actions/pause.ts";
import { recoveryAddress } from "../actions/recoveryAddress.ts";
import { registerInvestor } from "../actions/registerInvestor.ts";
import { removeInvestor } from "../actions/removeInvestor.ts";
import { revokeRole } from "../actions/revokeRole.ts";
import { setAccreditationRequired } from "../actions/setAccreditationRequired.ts";
import { setAddressFrozen } from "../actions/setAddressFrozen.ts";
import { setCountries } from "../actions/setCountries.ts";
import { setCountryRule } from "../actions/setCountryRule.ts";
import { setHolderCaps } from "../actions/setHolderCaps.ts";
import { setMaxBalancePerInvestor } from "../actions/setMaxBalancePerInvestor.ts";
import { setRegS } from "../actions/setRegS.ts";
import { setTransferLockup } from "../actions/setTransferLockup.ts";
import type { Action, ActionRole, InvestorRecord } from "../actions/types.ts";
import { unfreezePartialTokens } from "../actions/unfreezePartialTokens.ts";
import { unlinkWallet } from "../actions/unlinkWallet.ts";
import { unpause } from "../actions/unpause.ts";
import { updateInvestor } from "../actions/updateInvestor.ts";
import { upgrade } from "../actions/upgrade.ts";
import { reasonOfRevert } from "./reasonOfRevert.ts";
import { simulate } from "./simulate.ts";
import {
  ANCHORER,
  type Fixture,
  GUARDIAN,
  ORACLE,
  OUTSIDER,
  SAFE,
  startFixture,
  wallet,
} from "./testFixture.ts";

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return n;
}

const ACTIONS = envInt("PREFLIGHT_RUNS", 500);
const STEPS = 25;
const SEQUENCES = Math.max(1, Math.ceil(ACTIONS / STEPS));
const SEED = envInt("PREFLIGHT_SEED", Math.floor(Math.random() * 0x7fffffff));

const COUNTRY = { DE: 276, FR: 250, GB: 826, US: 840, JP: 392 } as const;
const YEAR = 365 * 86_400;
const W: Address[] = Array.from({ length: 12 }, (_, i) => wallet(i));
/** Investor → wallets at the start; W[10], W[11] unlinked. */
const OWNERS: [number, number[]][] = [
  [1, [0, 1]],
  [2, [2]],
  [3, [3, 4]],
  [4, [5]],
  [5, [6]],
  [6, [7]],
  [7, [8]],
  [8, [9]],
];
const SENDERS: Address[] = [SAFE, GUARDIAN, ORACLE, ANCHORER, OUTSIDER];

type Variant =
  | "good"
  | "frozen"
  | "kycMissing"
  | "kycExpired"
  | "kycSoon"
  | "notAccredited"
  | "accrExpired"
  | "accrSoon"
  | "japan"
  | "usPerson"
  | "lockup";

/** A record of `variant`, with times relative to `t` (the pending block's timestamp). */
function record(variant: Variant, t: number): InvestorRecord {
  const good: InvestorRecord = {
    country: COUNTRY.DE,
    kycExpiry: t + YEAR,
    accreditationExpiry: t + YEAR,
    lockupUntil: 0,
    usPerson: false,
    frozen: false,
  };
  switch (variant) {
    case "good":
      return good;
    case "frozen":
      return { ...good, frozen: true };
    case "kycMissing":
      return { ...good, kycExpiry: 0 };
    case "kycExpired":
      return { ...good, kycExpiry: t - 1 };
    case "kycSoon":
      return { ...good, kycExpiry: t + 3 };
    case "notAccredited":
      return { ...good, accreditationExpiry: 0 };
    case "accrExpired":
      return { ...good, accreditationExpiry: t };
    case "accrSoon":
      return { ...good, accreditationExpiry: t + 4 };
    case "japan":
      return { ...good, country: COUNTRY.JP };
    case "usPerson":
      return { ...good, country: COUNTRY.US, usPerson: true };
    case "lockup":
      return { ...good, lockupUntil: t + 10 };
  }
}

// ==================================================================== steps

const w = fc.integer({ min: 0, max: 11 });
/** Biased towards wallets that hold tokens at the start (so burns, forced moves and freezes can succeed). */
const held = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(0, 1, 2, 8, 9) }, { weight: 1, arbitrary: w });
/** Biased towards the unlinked wallets and the empty wallets of single-wallet investors (so links, unlinks succeed). */
const loose = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(5, 6, 7, 10, 11) },
  { weight: 1, arbitrary: w },
);
const amount = fc.oneof(
  { arbitrary: fc.bigInt(1n, 60n), weight: 4 },
  { arbitrary: fc.bigInt(1n, 400n), weight: 3 },
  { arbitrary: fc.constantFrom(700n, 1000n, 1001n), weight: 1 },
);
const small = fc.bigInt(1n, 120n);
const reason = fc.integer({ min: 1, max: 9 });
const id = fc.integer({ min: 1, max: 10 }); // 9 and 10 are not registered at the start
const newId = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(9, 10) }, { weight: 1, arbitrary: id });
/** Investors 4, 5, 6 hold nothing on a single wallet: unlinking it makes them removable. */
const emptyId = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(4, 5, 6) }, { weight: 1, arbitrary: id });
const variant = fc.constantFrom<Variant>(
  "good",
  "good",
  "frozen",
  "kycMissing",
  "kycExpired",
  "kycSoon",
  "notAccredited",
  "accrExpired",
  "accrSoon",
  "japan",
  "usPerson",
  "lockup",
);
const offset = fc.integer({ min: -5, max: 30 });
const items = <T>(arb: fc.Arbitrary<T>, max: number) => fc.array(arb, { minLength: 1, maxLength: max });

const stepArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant("mint" as const), to: w, amount }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant("batchMint" as const), items: items(fc.tuple(w, amount), 4) }),
  },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("burn" as const), from: held, amount }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("batchBurn" as const), items: items(fc.tuple(held, small), 3) }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant("forced" as const), from: held, to: w, amount, reason }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("batchForced" as const),
      items: items(fc.tuple(held, w, small, reason), 3),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("setFrozen" as const), wallet: w, frozen: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("batchSetFrozen" as const),
      items: items(fc.tuple(w, fc.boolean()), 3),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("freeze" as const), wallet: held, amount: small }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("unfreeze" as const), wallet: held, amount: fc.bigInt(1n, 40n) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("batchFreeze" as const), items: items(fc.tuple(held, small), 3) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("batchUnfreeze" as const),
      items: items(fc.tuple(held, fc.bigInt(1n, 30n)), 3),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("recovery" as const),
      // Mostly two wallets of one investor (0/1 of investor 1, 3/4 of investor 3), else any two.
      pair: fc.oneof(fc.constantFrom([0, 1], [1, 0], [3, 4], [4, 3]), fc.tuple(w, w)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("pause" as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("unpause" as const) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("update" as const), id, variant }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("batchUpdate" as const), items: items(fc.tuple(id, variant), 3) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("register" as const), id: newId, wallet: loose, variant }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("batchRegister" as const),
      items: items(fc.tuple(newId, loose, variant), 3),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("link" as const), wallet: loose, id }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("batchLink" as const), items: items(fc.tuple(loose, id), 3) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("unlink" as const), wallet: loose }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("remove" as const), id: emptyId }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("holderCaps" as const),
      total: fc.integer({ min: 0, max: 7 }),
      nonAccredited: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("maxBalance" as const),
      max: fc.oneof(fc.constant(0n), fc.bigInt(200n, 2_000n)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("accreditation" as const), required: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("countries" as const),
      countries: fc.array(fc.constantFrom(0, 999, ...Object.values(COUNTRY)), { minLength: 1, maxLength: 3 }),
      listed: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("countryRule" as const), rule: fc.constantFrom(0, 1, 2) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("regS" as const), enabled: fc.boolean(), end: offset }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("lockup" as const), until: offset }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("anchor" as const),
      day: fc.integer({ min: -3, max: 1 }),
      root: fc.integer({ min: 0, max: 3 }),
      leaves: fc.bigInt(0n, 1_000n),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("role" as const),
      grant: fc.boolean(),
      role: fc.constantFrom("GUARDIAN_ROLE" as const, "FREEZER_ROLE" as const),
      account: fc.constantFrom(GUARDIAN, SAFE, OUTSIDER),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("upgrade" as const), registry: fc.boolean(), good: fc.boolean() }),
  },
);

/**
 * A step: the action; one time in ~12 the index of a sender other than the role holder's address (it may still
 * hold the role); one time in ~15 a wait of a few seconds before it (a block mined later).
 */
const sequenceArb = fc.array(
  fc.record({
    step: stepArb,
    sender: fc.oneof(
      { weight: 11, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: SENDERS.length - 1 }) },
    ),
    wait: fc.oneof(
      { weight: 14, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) },
    ),
  }),
  { minLength: STEPS, maxLength: STEPS },
);

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

/** The address each role is held by in this world. */
const HOLDER: Record<ActionRole, Address> = {
  agent: SAFE,
  freezer: SAFE,
  admin: SAFE,
  upgrader: SAFE,
  guardian: GUARDIAN,
  registryOracle: ORACLE,
  anchorer: ANCHORER,
  // Timelock operations are not among this world's actions; the Safe stands in.
  timelockProposer: SAFE,
  anyone: GUARDIAN,
};

// ==================================================================== the test

describe(`simulate agrees with execution (${SEQUENCES} × ${STEPS} random actions, seed ${SEED})`, () => {
  let f: Fixture;
  let snapshot: Hex;
  const stats = {
    actions: 0,
    ok: 0,
    waits: 0,
    reverted: new Map<string, number>(),
    kinds: new Map<string, [ok: number, reverted: number]>(),
  };

  const rpc = <T>(method: string, params: unknown[] = []) =>
    f.publicClient.request({ method: method as never, params: params as never }) as Promise<T>;

  before(async () => {
    f = await startFixture({
      requireAccreditation: true,
      countryRule: 1,
      countries: [COUNTRY.DE, COUNTRY.FR, COUNTRY.GB, COUNTRY.US],
      maxBalancePerInvestor: 1000n,
      maxHolders: 5,
      maxNonAccreditedHolders: 2,
    });
    await rpc("anvil_setBlockTimestampInterval", [1]);
    const t = await f.now();
    const variants: Record<number, Variant> = {
      1: "good",
      2: "good",
      3: "usPerson",
      4: "japan",
      5: "notAccredited",
      6: "frozen",
      7: "good",
      8: "good",
    };
    const first = OWNERS.map(([id, ws]) => ({ id: BigInt(id), wallet: W[ws[0] as number] as Address }));
    await f.send(
      ORACLE,
      batchRegisterInvestors({
        registry: f.registry,
        investorIds: first.map((x) => x.id),
        wallets: first.map((x) => x.wallet),
        records: first.map((x) => record(variants[Number(x.id)] as Variant, t)),
      }),
    );
    await f.send(
      ORACLE,
      batchLinkWallets({ registry: f.registry, wallets: [W[1], W[4]] as Address[], investorIds: [1n, 3n] }),
    );
    await f.send(
      SAFE,
      batchMint({
        token: f.token,
        toList: [0, 1, 2, 8, 9].map((i) => W[i] as Address),
        amounts: [300n, 100n, 200n, 100n, 100n],
      }),
    );
    await f.send(
      SAFE,
      batchFreezePartialTokens({
        token: f.token,
        wallets: [W[0], W[2], W[8]] as Address[],
        amounts: [50n, 30n, 20n],
      }),
    );
    // Deadlines a few seconds into every sequence, so steps cross them.
    const s = await f.now();
    await f.send(
      ORACLE,
      updateInvestor({
        registry: f.registry,
        investorId: 7n,
        record: { ...record("good", s), kycExpiry: s + 12 },
      }),
    );
    await f.send(
      ORACLE,
      updateInvestor({
        registry: f.registry,
        investorId: 8n,
        record: { ...record("good", s), accreditationExpiry: s + 18 },
      }),
    );
    await f.send(SAFE, setRegS({ token: f.token, enabled: true, distributionEnd: s + 8 }));
    snapshot = await rpc<Hex>("evm_snapshot");
  });

  after(async () => {
    await f?.stop();
  });

  /** `b`, or the next wallet when it is `a`: a wallet to itself is refused locally (INVALID_ACTION). */
  const other = (a: number, b: number) => (a === b ? (b + 1) % 12 : b);

  /** The action of `step`, with times relative to `t`. */
  function actionOf(step: Step, t: number): Action {
    const token = f.token;
    const registry = f.registry;
    const at = (i: number) => W[i] as Address;
    switch (step.op) {
      case "mint":
        return mint({ token, to: at(step.to), amount: step.amount });
      case "batchMint":
        return batchMint({
          token,
          toList: step.items.map(([i]) => at(i)),
          amounts: step.items.map(([, a]) => a),
        });
      case "burn":
        return burn({ token, from: at(step.from), amount: step.amount });
      case "batchBurn":
        return batchBurn({
          token,
          fromList: step.items.map(([i]) => at(i)),
          amounts: step.items.map(([, a]) => a),
        });
      case "forced":
        return forcedTransfer({
          token,
          from: at(step.from),
          to: at(other(step.from, step.to)),
          amount: step.amount,
          reason: step.reason,
        });
      case "batchForced":
        return batchForcedTransfer({
          token,
          fromList: step.items.map(([a]) => at(a)),
          toList: step.items.map(([a, b]) => at(other(a, b))),
          amounts: step.items.map(([, , x]) => x),
          reasons: step.items.map(([, , , r]) => r),
        });
      case "setFrozen":
        return setAddressFrozen({ token, wallet: at(step.wallet), frozen: step.frozen });
      case "batchSetFrozen":
        return batchSetAddressFrozen({
          token,
          wallets: step.items.map(([i]) => at(i)),
          frozen: step.items.map(([, b]) => b),
        });
      case "freeze":
        return freezePartialTokens({ token, wallet: at(step.wallet), amount: step.amount });
      case "unfreeze":
        return unfreezePartialTokens({ token, wallet: at(step.wallet), amount: step.amount });
      case "batchFreeze":
        return batchFreezePartialTokens({
          token,
          wallets: step.items.map(([i]) => at(i)),
          amounts: step.items.map(([, a]) => a),
        });
      case "batchUnfreeze":
        return batchUnfreezePartialTokens({
          token,
          wallets: step.items.map(([i]) => at(i)),
          amounts: step.items.map(([, a]) => a),
        });
      case "recovery": {
        const [lost, found] = step.pair as [number, number];
        return recoveryAddress({ token, lostWallet: at(lost), newWallet: at(other(lost, found)) });
      }
      case "pause":
        return pause({ token });
      case "unpause":
        return unpause({ token });
      case "update":
        return updateInvestor({ registry, investorId: step.id, record: record(step.variant, t) });
      case "batchUpdate":
        return batchUpdateInvestors({
          registry,
          investorIds: step.items.map(([i]) => i),
          records: step.items.map(([, v]) => record(v, t)),
        });
      case "register":
        return registerInvestor({
          registry,
          investorId: step.id,
          wallet: at(step.wallet),
          record: record(step.variant, t),
        });
      case "batchRegister":
        return batchRegisterInvestors({
          registry,
          investorIds: step.items.map(([i]) => i),
          wallets: step.items.map(([, x]) => at(x)),
          records: step.items.map(([, , v]) => record(v, t)),
        });
      case "link":
        return linkWallet({ registry, wallet: at(step.wallet), investorId: step.id });
      case "batchLink":
        return batchLinkWallets({
          registry,
          wallets: step.items.map(([x]) => at(x)),
          investorIds: step.items.map(([, i]) => i),
        });
      case "unlink":
        return unlinkWallet({ registry, wallet: at(step.wallet) });
      case "remove":
        return removeInvestor({ registry, investorId: step.id });
      case "holderCaps":
        return setHolderCaps({ token, maxHolders: step.total, maxNonAccreditedHolders: step.nonAccredited });
      case "maxBalance":
        return setMaxBalancePerInvestor({ token, maxBalance: step.max });
      case "accreditation":
        return setAccreditationRequired({ token, required: step.required });
      case "countries":
        return setCountries({ token, countries: step.countries, listed: step.listed });
      case "countryRule":
        return setCountryRule({ token, rule: step.rule as 0 | 1 | 2 });
      case "regS":
        return setRegS({ token, enabled: step.enabled, distributionEnd: t + step.end });
      case "lockup":
        return setTransferLockup({ token, lockedUntil: Math.max(0, t + step.until) });
      case "anchor":
        return anchorRoot({
          logAnchor: f.logAnchor,
          day: Math.floor(t / 86_400) + step.day,
          root: keccak256(toHex(`root-${step.root}`)),
          leafCount: step.leaves,
        });
      case "role": {
        const p = { contract: token, role: step.role, account: step.account };
        return step.grant ? grantRole(p) : revokeRole(p);
      }
      case "upgrade":
        return upgrade({
          proxy: step.registry ? f.registry : f.token,
          newImplementation: step.good
            ? step.registry
              ? f.registryImplementation
              : f.tokenImplementation
            : OUTSIDER, // no code: ERC1967InvalidImplementation
        });
    }
  }

  async function runStep(step: Step, senderOverride: number | null, wait: number, where: string) {
    if (wait > 0) {
      const latest = await f.publicClient.getBlock({ blockTag: "latest" });
      await rpc("evm_setNextBlockTimestamp", [toHex(latest.timestamp + BigInt(wait))]);
      await rpc("evm_mine");
      stats.waits++;
    }
    const pending = await f.publicClient.getBlock({ blockTag: "pending" });
    const action = actionOf(step, Number(pending.timestamp));
    const from = senderOverride === null ? HOLDER[action.role] : (SENDERS[senderOverride] as Address);
    const label = `${where} ${action.kind} from ${from}: ${action.description}`;

    const sim = await simulate({ publicClient: f.publicClient, action, from, blockTag: "pending" });
    const exec = await f.execute(from, action);
    stats.actions++;
    const kind = stats.kinds.get(action.kind) ?? [0, 0];
    kind[exec.status === "success" ? 0 : 1]++;
    stats.kinds.set(action.kind, kind);

    const mined = await f.publicClient.getBlock({ blockNumber: exec.blockNumber });
    assert.equal(mined.timestamp, pending.timestamp, `${label}: mined at another time than simulated`);
    assert.equal(
      sim.ok,
      exec.status === "success",
      `${label}: simulate said ok=${sim.ok} (${sim.revert?.errorName ?? "no revert"}), ` +
        `execution ${exec.status} (${exec.revert?.errorName ?? "no revert"})`,
    );

    if (!sim.ok) {
      const revert = exec.revert as NonNullable<typeof exec.revert>;
      assert.deepEqual(
        sim.revert,
        { errorName: revert.errorName, args: revert.args },
        `${label}: another error`,
      );
      assert.ok(sim.reasons.length > 0, `${label}: no reasons`);
      if (revert.errorName !== "AccessControlUnauthorizedAccount") {
        // The first reason is the call's own revert (for a batch: its first failing item).
        const own = reasonOfRevert(revert);
        assert.deepEqual(
          [sim.reasons[0]?.code, sim.reasons[0]?.name],
          [own.code, own.name],
          `${label}: first reason`,
        );
      }
      stats.reverted.set(revert.errorName, (stats.reverted.get(revert.errorName) ?? 0) + 1);
      return;
    }
    stats.ok++;
    assert.deepEqual(sim.reasons, [], `${label}: reasons on success`);
    assert.ok(
      sim.gasEstimate !== undefined && sim.gasEstimate >= exec.gasUsed,
      `${label}: gas estimate below gas used`,
    );
    for (const c of sim.balanceChanges) {
      const actual = await f.publicClient.readContract({
        address: c.token,
        abi: securityTokenAbi,
        functionName: "balanceOf",
        args: [c.wallet],
        blockNumber: exec.blockNumber,
      });
      assert.equal(actual, c.after, `${label}: balance of ${c.wallet}`);
    }
  }

  test("every verdict equals the execution's", { timeout: 30 * 60_000 }, async (t) => {
    const started = Date.now();
    let sequence = 0;
    await fc.assert(
      fc.asyncProperty(sequenceArb, async (steps) => {
        sequence++;
        await rpc("evm_revert", [snapshot]);
        snapshot = await rpc<Hex>("evm_snapshot");
        for (const [i, { step, sender, wait }] of steps.entries()) {
          await runStep(
            step,
            sender,
            wait,
            `sequence ${sequence} step ${i + 1}/${steps.length} (seed ${SEED})`,
          );
        }
      }),
      { numRuns: SEQUENCES, seed: SEED, endOnFailure: true },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const reverts = [...stats.reverted.entries()].sort((a, b) => b[1] - a[1]);
    t.diagnostic(
      `${stats.actions} actions (${stats.ok} ok, ${stats.actions - stats.ok} reverted) + ${stats.waits} waits ` +
        `in ${seconds} s, seed ${SEED}`,
    );
    t.diagnostic(`reverts: ${reverts.map(([n, c]) => `${n} ${c}`).join(", ")}`);
    const kinds = [...stats.kinds.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    t.diagnostic(`ok/reverted by kind: ${kinds.map(([k, [ok, bad]]) => `${k} ${ok}/${bad}`).join(", ")}`);
    assert.equal(stats.actions, SEQUENCES * STEPS);
    assert.ok(stats.actions >= ACTIONS);
  });
});
