/**
 * A pure reference model of the investor registry and its token classes, for the invariant tests.
 *
 * It follows the specification (SecurityToken.sol header, compliance-rules.md §2.11), not the implementation's
 * storage layout: every class sees the registry's current investor records and wallet links (the registry pushes
 * every change), holders of record are counted per investor, and an investor is marked non-accredited when it
 * becomes a holder while not accredited, or when its record is updated / re-synced while holding.
 *
 * Every action returns the outcomes it accepts (usually exactly one) and applies its effect only on success.
 * Amounts are bigints; times are Unix seconds as bigints; `t` is the timestamp of the block the action runs in.
 */

export type Address = `0x${string}`;

export const ZERO_ADDRESS: Address = "0x0000000000000000000000000000000000000000";
export const U96 = (1n << 96n) - 1n;
const U256 = 1n << 256n;

export const CODE = {
  OK: 0,
  TRANSFER_FROZEN: 10,
  STOP_ORDER: 11,
  WALLET_NOT_WHITELISTED_FROM: 20,
  WALLET_NOT_WHITELISTED_TO: 21,
  WALLET_NOT_WHITELISTED_SPENDER: 22,
  KYC_MISSING_FROM: 40,
  KYC_MISSING_TO: 41,
  KYC_EXPIRED_FROM: 44,
  KYC_EXPIRED_TO: 45,
  JURISDICTION_BLOCKED: 50,
  ACCREDITATION_REQUIRED: 60,
  ACCREDITATION_EXPIRED: 61,
  HOLDING_PERIOD_144: 70,
  REG_S_DCP_US_PERSON: 100,
  HOLDER_LIMIT_TOTAL: 110,
  HOLDER_LIMIT_NON_ACCREDITED: 111,
  MAX_BALANCE_EXCEEDED: 112,
  INSUFFICIENT_UNRESTRICTED_BALANCE: 120,
} as const;

/** An investor record as the registry stores it (timestamps in seconds, 0 = none). */
export type Rec = {
  country: number;
  kycExpiry: bigint;
  accreditationExpiry: bigint;
  lockupUntil: bigint;
  usPerson: boolean;
  frozen: boolean;
};

const NO_RECORD: Rec = {
  country: 0,
  kycExpiry: 0n,
  accreditationExpiry: 0n,
  lockupUntil: 0n,
  usPerson: false,
  frozen: false,
};

export type ClassConfig = {
  requireAccreditation: boolean;
  regS: boolean;
  regSDistributionEnd: bigint;
  transfersLockedUntil: bigint;
  maxBalancePerInvestor: bigint;
  maxHolders: number;
  maxNonAccreditedHolders: number;
  /** 0 off, 1 allow-list, 2 deny-list. */
  countryRule: number;
  countries: Set<number>;
};

/** An admin configuration call. */
export type ConfigChange =
  | { kind: "countries"; countries: readonly number[]; listed: boolean }
  | { kind: "countryRule"; rule: number }
  | { kind: "maxBalance"; value: bigint }
  | { kind: "holderCaps"; maxHolders: number; maxNonAccredited: number }
  | { kind: "accreditation"; required: boolean }
  | { kind: "lockup"; until: bigint }
  | { kind: "regS"; enabled: boolean; end: bigint };

const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}`;

/** One accepted outcome: success, or a revert with the named custom error (and, when given, exactly these args). */
export type Outcome = { ok: true } | { ok: false; error: string; args?: readonly unknown[] };

const OK: Outcome = { ok: true };
const err = (error: string, ...args: unknown[]): Outcome => ({ ok: false, error, args });

/** Normalizes an error argument for comparison (addresses lower-case, numbers as decimal strings). */
export function normArg(v: unknown): string {
  if (typeof v === "string") return v.toLowerCase();
  if (typeof v === "bigint" || typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

/** Whether `actual` is one of the `accepted` outcomes. */
export function outcomeMatches(accepted: readonly Outcome[], actual: Outcome): boolean {
  return accepted.some((e) => {
    if (e.ok || actual.ok) return e.ok === actual.ok;
    if (e.error !== actual.error) return false;
    if (e.args === undefined) return true;
    const a = actual.args ?? [];
    return a.length === e.args.length && e.args.every((x, i) => normArg(x) === normArg(a[i]));
  });
}

export function describeOutcome(o: Outcome): string {
  if (o.ok) return "ok";
  return `${o.error}(${(o.args ?? ["…"]).map(normArg).join(", ")})`;
}

export class ClassModel {
  paused = false;
  supply = 0n;
  readonly balances = new Map<Address, bigint>();
  readonly frozenAmounts = new Map<Address, bigint>();
  readonly frozenWallets = new Set<Address>();
  readonly investorBalances = new Map<number, bigint>();
  readonly countedNonAccredited = new Set<number>();
  readonly allowances = new Map<string, bigint>();

  readonly cfg: ClassConfig;

  constructor(
    readonly address: Address,
    cfg: ClassConfig,
  ) {
    this.cfg = { ...cfg, countries: new Set(cfg.countries) };
  }

  clone(): ClassModel {
    const c = new ClassModel(this.address, this.cfg);
    c.paused = this.paused;
    c.supply = this.supply;
    for (const [k, v] of this.balances) c.balances.set(k, v);
    for (const [k, v] of this.frozenAmounts) c.frozenAmounts.set(k, v);
    for (const k of this.frozenWallets) c.frozenWallets.add(k);
    for (const [k, v] of this.investorBalances) c.investorBalances.set(k, v);
    for (const k of this.countedNonAccredited) c.countedNonAccredited.add(k);
    for (const [k, v] of this.allowances) c.allowances.set(k, v);
    return c;
  }

  balance(w: Address): bigint {
    return this.balances.get(w) ?? 0n;
  }

  frozenAmount(w: Address): bigint {
    return this.frozenAmounts.get(w) ?? 0n;
  }

  unfrozen(w: Address): bigint {
    return this.balance(w) - this.frozenAmount(w);
  }

  investorBalance(id: number): bigint {
    return this.investorBalances.get(id) ?? 0n;
  }

  allowance(owner: Address, spender: Address): bigint {
    return this.allowances.get(`${owner}|${spender}`) ?? 0n;
  }

  holders(): number {
    let n = 0;
    for (const b of this.investorBalances.values()) if (b > 0n) n++;
    return n;
  }

  nonAccreditedHolders(): number {
    return this.countedNonAccredited.size;
  }

  setBalance(w: Address, v: bigint) {
    if (v === 0n) this.balances.delete(w);
    else this.balances.set(w, v);
  }

  setFrozenAmount(w: Address, v: bigint) {
    if (v === 0n) this.frozenAmounts.delete(w);
    else this.frozenAmounts.set(w, v);
  }
}

export class Model {
  /** Timestamp of the latest block. */
  now: bigint;
  readonly records = new Map<number, Rec>();
  readonly walletOf = new Map<Address, number>();
  readonly classes: ClassModel[];

  constructor(
    now: bigint,
    classes: ClassModel[],
    readonly roles: { admin: Address; guardian: Address },
  ) {
    this.now = now;
    this.classes = classes;
  }

  clone(): Model {
    const m = new Model(
      this.now,
      this.classes.map((c) => c.clone()),
      this.roles,
    );
    for (const [k, v] of this.records) m.records.set(k, { ...v });
    for (const [k, v] of this.walletOf) m.walletOf.set(k, v);
    return m;
  }

  // ------------------------------------------------------------------ registry views

  /** The record a class sees for investor `id` (all zero for an unknown or removed investor). */
  attrs(id: number): Rec {
    return this.records.get(id) ?? NO_RECORD;
  }

  investorOf(w: Address): number {
    return this.walletOf.get(w) ?? 0;
  }

  walletsOf(id: number): Address[] {
    const out: Address[] = [];
    for (const [w, i] of this.walletOf) if (i === id) out.push(w);
    return out;
  }

  /** The registry's `isVerified` at time `t`. */
  registryVerified(w: Address, t: bigint): boolean {
    const id = this.investorOf(w);
    if (id === 0) return false;
    const r = this.attrs(id);
    return !r.frozen && r.kycExpiry > t;
  }

  /** A class's `isVerified` at time `t`: linked, neither wallet nor investor frozen, KYC current. */
  classVerified(c: ClassModel, w: Address, t: bigint): boolean {
    return this.registryVerified(w, t) && !c.frozenWallets.has(w);
  }

  // ------------------------------------------------------------------ rules

  private stopped(c: ClassModel, w: Address): boolean {
    return c.frozenWallets.has(w) || this.attrs(this.investorOf(w)).frozen;
  }

  private static kyc(r: Rec, t: bigint, missing: number, expired: number): number {
    if (r.kycExpiry === 0n) return missing;
    if (r.kycExpiry <= t) return expired;
    return CODE.OK;
  }

  private static countryAllowed(cfg: ClassConfig, r: Rec): boolean {
    if (r.country === 0) return false; // unknown country fails closed, whatever the rule (compliance-rules §0)
    if (cfg.countryRule === 0) return true;
    const listed = cfg.countries.has(r.country);
    return cfg.countryRule === 1 ? listed : !listed;
  }

  private static regSBlocks(cfg: ClassConfig, r: Rec, t: bigint): boolean {
    return cfg.regS && r.usPerson && t < cfg.regSDistributionEnd;
  }

  private static accreditation(cfg: ClassConfig, r: Rec, t: bigint): number {
    if (!cfg.requireAccreditation) return CODE.OK;
    if (r.accreditationExpiry === 0n) return CODE.ACCREDITATION_REQUIRED;
    if (r.accreditationExpiry <= t) return CODE.ACCREDITATION_EXPIRED;
    return CODE.OK;
  }

  static accredited(r: Rec, t: bigint): boolean {
    return r.accreditationExpiry > t;
  }

  /** Rule 8: max balance, then the holder caps when the move raises a count. */
  private limitCode(
    c: ClassModel,
    toId: number,
    value: bigint,
    fromExits: boolean,
    fromCounted: boolean,
    t: bigint,
  ): number {
    const toBalance = c.investorBalance(toId);
    const max = c.cfg.maxBalancePerInvestor;
    if (max !== 0n && toBalance + value > max) return CODE.MAX_BALANCE_EXCEEDED;
    if (value === 0n || toBalance !== 0n) return CODE.OK;
    const raisesTotal = !fromExits;
    const raisesNonAccredited = !Model.accredited(this.attrs(toId), t) && !fromCounted;
    if (raisesTotal && c.cfg.maxHolders !== 0 && c.holders() >= c.cfg.maxHolders)
      return CODE.HOLDER_LIMIT_TOTAL;
    if (
      raisesNonAccredited &&
      c.cfg.maxNonAccreditedHolders !== 0 &&
      c.nonAccreditedHolders() >= c.cfg.maxNonAccreditedHolders
    ) {
      return CODE.HOLDER_LIMIT_NON_ACCREDITED;
    }
    return CODE.OK;
  }

  /** What `canTransfer(from, to, value)` (or `canTransferFrom(spender, …)`) answers at time `t`. */
  transferCode(ci: number, from: Address, to: Address, value: bigint, t: bigint, spender?: Address): number {
    const c = this.cls(ci);
    const cfg = c.cfg;
    if (c.paused || cfg.transfersLockedUntil > t) return CODE.TRANSFER_FROZEN;
    const checkSpender = spender !== undefined && spender !== from;
    if (this.stopped(c, from) || this.stopped(c, to) || (checkSpender && this.stopped(c, spender))) {
      return CODE.STOP_ORDER;
    }
    const fromId = this.investorOf(from);
    const toId = this.investorOf(to);
    if (fromId === 0) return CODE.WALLET_NOT_WHITELISTED_FROM;
    if (toId === 0) return CODE.WALLET_NOT_WHITELISTED_TO;
    if (checkSpender && this.investorOf(spender) === 0) return CODE.WALLET_NOT_WHITELISTED_SPENDER;
    const fr = this.attrs(fromId);
    const tr = this.attrs(toId);
    let code = Model.kyc(fr, t, CODE.KYC_MISSING_FROM, CODE.KYC_EXPIRED_FROM);
    if (code) return code;
    code = Model.kyc(tr, t, CODE.KYC_MISSING_TO, CODE.KYC_EXPIRED_TO);
    if (code) return code;
    if (!Model.countryAllowed(cfg, tr)) return CODE.JURISDICTION_BLOCKED;
    if (fr.lockupUntil > t) return CODE.HOLDING_PERIOD_144;
    if (Model.regSBlocks(cfg, tr, t)) return CODE.REG_S_DCP_US_PERSON;
    if (value > c.unfrozen(from)) return CODE.INSUFFICIENT_UNRESTRICTED_BALANCE;
    code = Model.accreditation(cfg, tr, t);
    if (code) return code;
    if (fromId === toId) return CODE.OK;
    const fromExits = value !== 0n && c.investorBalance(fromId) === value;
    const limit = this.limitCode(
      c,
      toId,
      value,
      fromExits,
      fromExits && c.countedNonAccredited.has(fromId),
      t,
    );
    return limit;
  }

  /** What `canMint(to, value)` answers at time `t`. */
  mintCode(ci: number, to: Address, value: bigint, t: bigint): number {
    const c = this.cls(ci);
    if (this.stopped(c, to)) return CODE.STOP_ORDER;
    const toId = this.investorOf(to);
    if (toId === 0) return CODE.WALLET_NOT_WHITELISTED_TO;
    const tr = this.attrs(toId);
    let code = Model.kyc(tr, t, CODE.KYC_MISSING_TO, CODE.KYC_EXPIRED_TO);
    if (code) return code;
    if (!Model.countryAllowed(c.cfg, tr)) return CODE.JURISDICTION_BLOCKED;
    if (Model.regSBlocks(c.cfg, tr, t)) return CODE.REG_S_DCP_US_PERSON;
    code = Model.accreditation(c.cfg, tr, t);
    if (code) return code;
    return this.limitCode(c, toId, value, false, false, t);
  }

  private forcedCode(c: ClassModel, to: Address, t: bigint): number {
    if (this.stopped(c, to)) return CODE.STOP_ORDER;
    const toId = this.investorOf(to);
    if (toId === 0) return CODE.WALLET_NOT_WHITELISTED_TO;
    return Model.kyc(this.attrs(toId), t, CODE.KYC_MISSING_TO, CODE.KYC_EXPIRED_TO);
  }

  // ------------------------------------------------------------------ bookkeeping

  private credit(c: ClassModel, id: number, value: bigint, t: bigint) {
    const before = c.investorBalance(id);
    c.investorBalances.set(id, before + value);
    if (before === 0n && value !== 0n && !Model.accredited(this.attrs(id), t)) c.countedNonAccredited.add(id);
  }

  private debit(c: ClassModel, id: number, value: bigint) {
    const before = c.investorBalance(id);
    c.investorBalances.set(id, before - value);
    if (before === value && value !== 0n) c.countedNonAccredited.delete(id);
  }

  private recount(c: ClassModel, id: number, t: bigint) {
    if (c.investorBalance(id) !== 0n && !Model.accredited(this.attrs(id), t)) c.countedNonAccredited.add(id);
    else c.countedNonAccredited.delete(id);
  }

  /** Debits a wallet for an agent action, releasing frozen tokens where needed (ERC-3643). */
  private take(c: ClassModel, w: Address, value: bigint) {
    const bal = c.balance(w);
    if (value > bal - c.frozenAmount(w)) c.setFrozenAmount(w, bal - value);
    c.setBalance(w, bal - value);
  }

  private cls(ci: number): ClassModel {
    const c = this.classes[ci];
    if (!c) throw new Error(`no class ${ci}`);
    return c;
  }

  // ------------------------------------------------------------------ token actions

  transfer(ci: number, from: Address, to: Address, value: bigint, t: bigint): Outcome[] {
    return this.move(ci, from, to, value, t, undefined);
  }

  transferFrom(
    ci: number,
    spender: Address,
    from: Address,
    to: Address,
    value: bigint,
    t: bigint,
  ): Outcome[] {
    const c = this.cls(ci);
    const current = c.allowance(from, spender);
    const infinite = current === U256 - 1n;
    if (!infinite && current < value) return [err("ERC20InsufficientAllowance", spender, current, value)];
    const out = this.move(ci, from, to, value, t, spender);
    if (out[0]?.ok && !infinite) c.allowances.set(`${from}|${spender}`, current - value);
    return out;
  }

  private move(
    ci: number,
    from: Address,
    to: Address,
    value: bigint,
    t: bigint,
    spender?: Address,
  ): Outcome[] {
    const c = this.cls(ci);
    const code = this.transferCode(ci, from, to, value, t, spender);
    if (code !== CODE.OK) {
      if (code === CODE.INSUFFICIENT_UNRESTRICTED_BALANCE && value > c.balance(from)) {
        return [err("ERC20InsufficientBalance", from, c.balance(from), value)];
      }
      return [err("TransferNotAllowed", from, to, value, code)];
    }
    if (from !== to) {
      c.setBalance(from, c.balance(from) - value);
      c.setBalance(to, c.balance(to) + value);
    }
    const fromId = this.investorOf(from);
    const toId = this.investorOf(to);
    if (fromId !== toId) {
      this.debit(c, fromId, value);
      this.credit(c, toId, value, t);
    }
    return [OK];
  }

  approve(ci: number, owner: Address, spender: Address, value: bigint): Outcome[] {
    this.cls(ci).allowances.set(`${owner}|${spender}`, value);
    return [OK];
  }

  mint(ci: number, to: Address, value: bigint, t: bigint): Outcome[] {
    const c = this.cls(ci);
    if (value === 0n) return [err("ZeroAmount")];
    const code = this.mintCode(ci, to, value, t);
    if (code !== CODE.OK) return [err("TransferNotAllowed", ZERO_ADDRESS, to, value, code)];
    const newSupply = c.supply + value;
    // Absurd values (above the cap on their own) are reported as themselves: the contract never overflows.
    if (newSupply > U96) return [err("SupplyCapExceeded", value > U96 ? value : newSupply, U96)];
    c.supply = newSupply;
    c.setBalance(to, c.balance(to) + value);
    this.credit(c, this.investorOf(to), value, t);
    return [OK];
  }

  /** All or nothing: the first failing mint's outcome, or success with every mint applied. */
  batchMint(ci: number, items: readonly { to: Address; value: bigint }[], t: bigint): Outcome[] {
    const trial = this.clone();
    for (const { to, value } of items) {
      const out = trial.mint(ci, to, value, t);
      if (!out[0]?.ok) return out;
    }
    this.adopt(trial);
    return [OK];
  }

  burn(ci: number, from: Address, value: bigint): Outcome[] {
    const c = this.cls(ci);
    if (value === 0n) return [err("ZeroAmount")];
    const bal = c.balance(from);
    if (value > bal) return [err("ERC20InsufficientBalance", from, bal, value)];
    this.take(c, from, value);
    c.supply -= value;
    this.debit(c, this.investorOf(from), value);
    return [OK];
  }

  forcedTransfer(
    ci: number,
    from: Address,
    to: Address,
    value: bigint,
    reason: number,
    t: bigint,
  ): Outcome[] {
    const c = this.cls(ci);
    if (value === 0n) return [err("ZeroAmount")];
    if (reason === 0) return [err("InvalidReasonCode", 0)];
    if (from === to) return [err("SameWallet", from)];
    const code = this.forcedCode(c, to, t);
    if (code !== CODE.OK) return [err("TransferNotAllowed", from, to, value, code)];
    const bal = c.balance(from);
    if (value > bal) return [err("ERC20InsufficientBalance", from, bal, value)];
    this.take(c, from, value);
    c.setBalance(to, c.balance(to) + value);
    const fromId = this.investorOf(from);
    const toId = this.investorOf(to);
    if (fromId !== toId) {
      this.debit(c, fromId, value);
      this.credit(c, toId, value, t);
    }
    return [OK];
  }

  recoveryAddress(ci: number, lost: Address, fresh: Address): Outcome[] {
    const c = this.cls(ci);
    const id = this.investorOf(lost);
    if (id === 0 || id !== this.investorOf(fresh) || lost === fresh) {
      return [err("WalletsNotSameInvestor", lost, fresh)];
    }
    const amount = c.balance(lost);
    if (amount === 0n) return [err("NothingToRecover", lost)];
    c.setBalance(fresh, c.balance(fresh) + amount);
    c.setFrozenAmount(fresh, c.frozenAmount(fresh) + c.frozenAmount(lost));
    c.setBalance(lost, 0n);
    c.setFrozenAmount(lost, 0n);
    if (c.frozenWallets.has(lost)) c.frozenWallets.add(fresh);
    return [OK];
  }

  setAddressFrozen(ci: number, w: Address, freeze: boolean): Outcome[] {
    const c = this.cls(ci);
    if (freeze) c.frozenWallets.add(w);
    else c.frozenWallets.delete(w);
    return [OK];
  }

  freezePartialTokens(ci: number, w: Address, amount: bigint): Outcome[] {
    const c = this.cls(ci);
    if (amount === 0n) return [err("ZeroAmount")];
    const unfrozen = c.unfrozen(w);
    if (amount > unfrozen) return [err("FreezeExceedsBalance", w, unfrozen, amount)];
    c.setFrozenAmount(w, c.frozenAmount(w) + amount);
    return [OK];
  }

  unfreezePartialTokens(ci: number, w: Address, amount: bigint): Outcome[] {
    const c = this.cls(ci);
    if (amount === 0n) return [err("ZeroAmount")];
    const frozen = c.frozenAmount(w);
    if (amount > frozen) return [err("UnfreezeExceedsFrozen", w, frozen, amount)];
    c.setFrozenAmount(w, frozen - amount);
    return [OK];
  }

  pause(ci: number, actor: Address): Outcome[] {
    const c = this.cls(ci);
    if (actor !== this.roles.guardian && actor !== this.roles.admin) {
      return [err("AccessControlUnauthorizedAccount", actor, DEFAULT_ADMIN_ROLE)];
    }
    if (c.paused) return [err("EnforcedPause")];
    c.paused = true;
    return [OK];
  }

  unpause(ci: number, actor: Address): Outcome[] {
    const c = this.cls(ci);
    if (actor !== this.roles.admin)
      return [err("AccessControlUnauthorizedAccount", actor, DEFAULT_ADMIN_ROLE)];
    if (!c.paused) return [err("ExpectedPause")];
    c.paused = false;
    return [OK];
  }

  /** The admin's rule settings (`setCountries`, `setCountryRule`, `setMaxBalancePerInvestor`, …). */
  configure(ci: number, actor: Address, ch: ConfigChange): Outcome[] {
    const cfg = this.cls(ci).cfg;
    if (actor !== this.roles.admin)
      return [err("AccessControlUnauthorizedAccount", actor, DEFAULT_ADMIN_ROLE)];
    switch (ch.kind) {
      case "countries": {
        if (ch.countries.length === 0) return [err("EmptyBatch")];
        const invalid = ch.countries.find((c) => c > 999);
        if (invalid !== undefined) return [err("InvalidCountry", invalid)];
        for (const c of ch.countries) {
          if (ch.listed) cfg.countries.add(c);
          else cfg.countries.delete(c);
        }
        break;
      }
      case "countryRule":
        if (ch.rule > 2) return [err("InvalidCountryRule", ch.rule)];
        cfg.countryRule = ch.rule;
        break;
      case "maxBalance":
        cfg.maxBalancePerInvestor = ch.value;
        break;
      case "holderCaps":
        cfg.maxHolders = ch.maxHolders;
        cfg.maxNonAccreditedHolders = ch.maxNonAccredited;
        break;
      case "accreditation":
        cfg.requireAccreditation = ch.required;
        break;
      case "lockup":
        cfg.transfersLockedUntil = ch.until;
        break;
      case "regS":
        cfg.regS = ch.enabled;
        cfg.regSDistributionEnd = ch.end;
        break;
    }
    return [OK];
  }

  syncHolderStatus(ci: number, ids: readonly number[], t: bigint): Outcome[] {
    const c = this.cls(ci);
    for (const id of ids) this.recount(c, id, t);
    return [OK];
  }

  // ------------------------------------------------------------------ registry actions

  updateInvestor(id: number, rec: Rec, t: bigint): Outcome[] {
    if (!this.records.has(id)) return [err("UnknownInvestor", id)];
    this.records.set(id, { ...rec });
    for (const c of this.classes) this.recount(c, id, t);
    return [OK];
  }

  registerInvestor(id: number, w: Address, rec: Rec): Outcome[] {
    if (this.records.has(id)) return [err("InvestorAlreadyRegistered", id)];
    const current = this.investorOf(w);
    if (current !== 0) return [err("WalletAlreadyLinked", w, current)];
    this.records.set(id, { ...rec });
    this.walletOf.set(w, id);
    return [OK];
  }

  removeInvestor(id: number, t: bigint): Outcome[] {
    if (!this.records.has(id)) return [err("UnknownInvestor", id)];
    const count = this.walletsOf(id).length;
    if (count !== 0) return [err("InvestorHasWallets", id, count)];
    this.records.delete(id);
    for (const c of this.classes) this.recount(c, id, t);
    return [OK];
  }

  linkWallet(w: Address, id: number): Outcome[] {
    if (!this.records.has(id)) return [err("UnknownInvestor", id)];
    const current = this.investorOf(w);
    if (current !== 0) return [err("WalletAlreadyLinked", w, current)];
    this.walletOf.set(w, id);
    return [OK];
  }

  unlinkWallet(w: Address): Outcome[] {
    if (this.investorOf(w) === 0) return [err("WalletNotLinked", w)];
    for (const c of this.classes) {
      const bal = c.balance(w);
      if (bal !== 0n) return [err("WalletHasBalance", c.address, w, bal)];
    }
    this.walletOf.delete(w);
    return [OK];
  }

  /** Replaces this model's state with `other`'s (after an all-or-nothing trial). */
  private adopt(other: Model) {
    this.classes.splice(0, this.classes.length, ...other.classes);
    this.records.clear();
    for (const [k, v] of other.records) this.records.set(k, v);
    this.walletOf.clear();
    for (const [k, v] of other.walletOf) this.walletOf.set(k, v);
  }
}
