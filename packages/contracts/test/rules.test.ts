/**
 * SecurityToken transfer rules: every rule and its reason code, each with a blocked case (the view returns the
 * code AND the move reverts with `TransferNotAllowed(from, to, value, code)`) and an allowed case just on the
 * other side of the boundary, plus the order of the rules (first failure wins, SecurityToken.sol header).
 *
 * Time: the clock is frozen (`anvil_setBlockTimestampInterval(0)`), so every block, including the block that
 * the views' eth_call evaluates against, has the latest block's timestamp until `setTime` moves it. A view
 * answer therefore holds for the next transaction exactly.
 *
 * Base state (each test runs on a snapshot of it): investor A (id 1): a1 = 100, a2 = 0 · investor B (id 2):
 * b1 = 100 · investor C (id 3): c1 = 0 · u: funded, unlinked. a1 approved c1 and u without limit.
 * All records are good: KYC and accreditation for a year, Germany, no lock-up.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { type Address, type Hex, maxUint256, zeroAddress } from "viem";
import {
  COUNTRY,
  deployFixture,
  type Fixture,
  type InvestorRecord,
  walletAddress,
} from "./helpers/fixture.ts";
import { tokenCalls, type Write, type WriteArgs } from "./helpers/tokenCalls.ts";

const A = 1;
const B = 2;
const C = 3;
const D = 4;
const a1 = walletAddress(1);
const a2 = walletAddress(2);
const b1 = walletAddress(3);
const b2 = walletAddress(4);
const c1 = walletAddress(5);
const d1 = walletAddress(6);
const u = walletAddress(9);
const u2 = walletAddress(10);

/** Every code the contract can return, in the order of the rules. */
const CODES = [0, 10, 11, 20, 21, 22, 40, 41, 44, 45, 50, 70, 100, 120, 60, 61, 112, 110, 111] as const;

let f: Fixture;
let snapshot: Hex;

// ------------------------------------------------------------------ helpers

const { call, view } = tokenCalls(() => f);

async function send<F extends Write>(from: Address, functionName: F, args: WriteArgs<F>) {
  await f.send(from, call(functionName, args));
}

const admin = <F extends Write>(fn: F, args: WriteArgs<F>) => send(f.roles.admin, fn, args);
const freezer = <F extends Write>(fn: F, args: WriteArgs<F>) => send(f.roles.freezer, fn, args);

/** A holder transfer, a spender's transferFrom, or an agent's mint, on `token` (default: the fixture's class). */
type Move = { from: Address; to: Address; value: bigint; token?: Address } & (
  | { kind: "transfer" }
  | { kind: "transferFrom"; spender: Address }
  | { kind: "mint" }
);

const transfer = (from: Address, to: Address, value = 1n, token?: Address): Move => ({
  kind: "transfer",
  from,
  to,
  value,
  token,
});
const transferFrom = (spender: Address, from: Address, to: Address, value = 1n): Move => ({
  kind: "transferFrom",
  spender,
  from,
  to,
  value,
});
const mint = (to: Address, value = 1n, token?: Address): Move => ({
  kind: "mint",
  from: zeroAddress,
  to,
  value,
  token,
});

/** The code the move's view returns (for a transfer, `canTransfer` and ERC-1404's detect must agree). */
async function codeOf(m: Move): Promise<number> {
  const at = m.token ?? f.token.address;
  if (m.kind === "mint") return view("canMint", [m.to, m.value], at);
  if (m.kind === "transferFrom") return view("canTransferFrom", [m.spender, m.from, m.to, m.value], at);
  const code = await view("canTransfer", [m.from, m.to, m.value], at);
  assert.equal(await view("detectTransferRestriction", [m.from, m.to, m.value], at), code, "ERC-1404 detect");
  return code;
}

/** The sender and the call that performs the move. */
function txOf(m: Move) {
  const at = m.token ?? f.token.address;
  if (m.kind === "mint") return { sender: f.roles.agent, tx: call("mint", [m.to, m.value], at) };
  if (m.kind === "transferFrom")
    return { sender: m.spender, tx: call("transferFrom", [m.from, m.to, m.value], at) };
  return { sender: m.from, tx: call("transfer", [m.to, m.value], at) };
}

/** The view returns `code` and the move reverts with `TransferNotAllowed(from, to, value, code)`. */
async function blocked(m: Move, code: number) {
  assert.equal(await codeOf(m), code, `${m.kind} view`);
  const { sender, tx } = txOf(m);
  assert.deepEqual(await f.revertOf(sender, tx), {
    errorName: "TransferNotAllowed",
    args: [m.from, m.to, m.value, code],
  });
}

/** The view returns 0 and the move goes through. */
async function allowed(m: Move) {
  assert.equal(await codeOf(m), 0, `${m.kind} view`);
  const { sender, tx } = txOf(m);
  await f.send(sender, tx);
}

async function updateInvestor(id: number, overrides: Partial<InvestorRecord>) {
  const record = await f.goodRecord(overrides);
  await f.send(f.roles.oracle, { ...f.registry, functionName: "updateInvestor", args: [id, record] });
}

async function linkWallet(wallet: Address, id: number) {
  await f.fund(wallet);
  await f.send(f.roles.oracle, { ...f.registry, functionName: "linkWallet", args: [wallet, id] });
}

/** Mines a block at `timestamp`; with the frozen clock every later block keeps it. */
async function setTime(timestamp: number) {
  await f.testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
  await f.testClient.mine({ blocks: 1 });
}

const now = async () => Number(await f.now());
const counts = () => view("holderCounts", []);

// ------------------------------------------------------------------ lifecycle

before(async () => {
  f = await deployFixture();
  await f.testClient.setBlockTimestampInterval({ interval: 0 });
  await f.registerInvestor(BigInt(A), a1);
  await linkWallet(a2, A);
  await f.registerInvestor(BigInt(B), b1);
  await f.registerInvestor(BigInt(C), c1);
  await f.fund(u);
  await f.fund(u2);
  await send(f.roles.agent, "mint", [a1, 100n]);
  await send(f.roles.agent, "mint", [b1, 100n]);
  await send(a1, "approve", [c1, maxUint256]);
  await send(a1, "approve", [u, maxUint256]);
});

after(async () => {
  await f?.stop();
});

beforeEach(async () => {
  snapshot = await f.testClient.snapshot();
});

afterEach(async () => {
  await f.testClient.revert({ id: snapshot });
});

// ------------------------------------------------------------------ 1. class state

describe("rule 1: class paused or issuer lock-up → 10", () => {
  test("pause blocks transfer and transferFrom; after unpause both pass", async () => {
    await send(f.roles.guardian, "pause", []);
    await blocked(transfer(a1, b1), 10);
    await blocked(transferFrom(c1, a1, b1), 10);
    await admin("unpause", []);
    await allowed(transfer(a1, b1));
    await allowed(transferFrom(c1, a1, b1));
  });

  test("the issuer lock-up blocks until transfersLockedUntil; at that second transfers pass", async () => {
    const t = await now();
    await admin("setTransferLockup", [t + 10]);
    await blocked(transfer(a1, b1), 10);
    await setTime(t + 9);
    await blocked(transfer(a1, b1), 10);
    await blocked(transferFrom(c1, a1, b1), 10);
    await allowed(mint(c1)); // the agent may still issue
    await setTime(t + 10);
    await allowed(transfer(a1, b1));
    await allowed(transferFrom(c1, a1, b1));
  });
});

// ------------------------------------------------------------------ 2. stop orders

describe("rule 2: stop order → 11", () => {
  test("a frozen sender wallet", async () => {
    await freezer("setAddressFrozen", [a1, true]);
    await blocked(transfer(a1, b1), 11);
    await freezer("setAddressFrozen", [a1, false]);
    await allowed(transfer(a1, b1));
  });

  test("a frozen recipient wallet, for transfer and mint", async () => {
    await freezer("setAddressFrozen", [b1, true]);
    await blocked(transfer(a1, b1), 11);
    await blocked(mint(b1), 11);
    await freezer("setAddressFrozen", [b1, false]);
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
  });

  test("a frozen investor (registry record) stops every wallet of the investor", async () => {
    await updateInvestor(A, { frozen: true });
    await blocked(transfer(a1, b1), 11);
    await blocked(transfer(b1, a2), 11);
    await blocked(mint(a2), 11);
    await updateInvestor(A, { frozen: false });
    await allowed(transfer(b1, a2));
    await allowed(mint(a2));
  });

  test("a frozen spender blocks transferFrom but not the owner's own transfer", async () => {
    await freezer("setAddressFrozen", [c1, true]);
    await blocked(transferFrom(c1, a1, b1), 11);
    await allowed(transfer(a1, b1));
    await freezer("setAddressFrozen", [c1, false]);
    await updateInvestor(C, { frozen: true });
    await blocked(transferFrom(c1, a1, b1), 11);
    await updateInvestor(C, {});
    await allowed(transferFrom(c1, a1, b1));
  });
});

// ------------------------------------------------------------------ 3. wallet resolution

describe("rule 3: wallet resolution → 20/21/22", () => {
  test("an unlinked sender → 20", async () => {
    await blocked(transfer(u, b1, 0n), 20);
    await linkWallet(u, C);
    await allowed(transfer(u, b1, 0n));
  });

  test("an unlinked recipient → 21, for transfer and mint", async () => {
    await blocked(transfer(a1, u), 21);
    await blocked(mint(u), 21);
    await linkWallet(u, C);
    await allowed(transfer(a1, u));
    await allowed(mint(u));
  });

  test("an unlinked spender → 22; the owner as its own spender is not checked", async () => {
    await blocked(transferFrom(u, a1, b1), 22);
    assert.equal(await view("canTransferFrom", [a1, a1, b1, 1n]), 0);
    await linkWallet(u, C);
    await allowed(transferFrom(u, a1, b1));
  });
});

// ------------------------------------------------------------------ 4. KYC

describe("rule 4: KYC missing (40/41) or expired (44/45)", () => {
  test("missing sender KYC → 40", async () => {
    await updateInvestor(A, { kycExpiry: 0 });
    await blocked(transfer(a1, b1), 40);
    await updateInvestor(A, {});
    await allowed(transfer(a1, b1));
  });

  test("missing recipient KYC → 41, for transfer and mint", async () => {
    await updateInvestor(B, { kycExpiry: 0 });
    await blocked(transfer(a1, b1), 41);
    await blocked(mint(b1), 41);
    await updateInvestor(B, {});
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
  });

  test("sender KYC is expired from kycExpiry on (now >= expiry) → 44", async () => {
    const t = await now();
    await updateInvestor(A, { kycExpiry: t });
    await blocked(transfer(a1, b1), 44);
    assert.equal(await view("isVerified", [a1]), false);
    await updateInvestor(A, { kycExpiry: t + 1 });
    assert.equal(await view("isVerified", [a1]), true);
    await allowed(transfer(a1, b1));
    await setTime(t + 1);
    await blocked(transfer(a1, b1), 44);
    assert.equal(await view("isVerified", [a1]), false);
  });

  test("recipient KYC is expired from kycExpiry on → 45, for transfer and mint", async () => {
    const t = await now();
    await updateInvestor(B, { kycExpiry: t });
    await blocked(transfer(a1, b1), 45);
    await blocked(mint(b1), 45);
    await updateInvestor(B, { kycExpiry: t + 1 });
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
    await setTime(t + 1);
    await blocked(transfer(a1, b1), 45);
    await blocked(mint(b1), 45);
  });
});

// ------------------------------------------------------------------ 5. jurisdiction

describe("rule 5: recipient jurisdiction → 50", () => {
  test("allow-list (rule 1): only listed recipient countries; the sender's country does not matter", async () => {
    await admin("setCountryRule", [1]);
    await admin("setCountries", [[COUNTRY.DE], true]);
    await allowed(transfer(a1, b1));
    await updateInvestor(B, { country: COUNTRY.FR });
    await blocked(transfer(a1, b1), 50);
    await blocked(mint(b1), 50);
    await updateInvestor(A, { country: COUNTRY.FR });
    await updateInvestor(B, { country: COUNTRY.DE });
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
  });

  test("deny-list (rule 2): no listed recipient countries; the sender's country does not matter", async () => {
    await admin("setCountryRule", [2]);
    await admin("setCountries", [[COUNTRY.KP, COUNTRY.IR], true]);
    await updateInvestor(B, { country: COUNTRY.KP });
    await blocked(transfer(a1, b1), 50);
    await blocked(mint(b1), 50);
    await admin("setCountries", [[COUNTRY.KP], false]);
    await allowed(transfer(a1, b1));
    await updateInvestor(A, { country: COUNTRY.IR });
    await allowed(transfer(a1, b1));
  });

  test("an unknown country (0) fails closed under every rule: off, allow-list, deny-list (§0)", async () => {
    // Rule off: every recorded country passes, an unknown one does not (it may be an embargoed one).
    await updateInvestor(B, { country: 0 });
    await blocked(transfer(a1, b1), 50);
    await blocked(mint(b1), 50);
    await updateInvestor(B, { country: COUNTRY.FR });
    await allowed(transfer(a1, b1));
    await updateInvestor(B, { country: 0 });
    // Allow-list: refused, even with 0 itself on the list.
    await admin("setCountryRule", [1]);
    await admin("setCountries", [[COUNTRY.DE], true]);
    await blocked(transfer(a1, b1), 50);
    await blocked(mint(b1), 50);
    await admin("setCountries", [[0], true]);
    await blocked(transfer(a1, b1), 50);
    await blocked(transferFrom(c1, a1, b1), 50);
    await blocked(mint(b1), 50);
    // Deny-list: refused although 0 is not listed (the list holds DE only once 0 is removed).
    await admin("setCountries", [[0], false]);
    await admin("setCountryRule", [2]);
    await blocked(transfer(a1, b1), 50);
    await blocked(mint(b1), 50);
    // A verdict cached as allowed (B recorded in FR, not denied) does not survive the country becoming unknown.
    await updateInvestor(B, { country: COUNTRY.FR });
    await allowed(transfer(a1, b1));
    await updateInvestor(B, { country: 0 });
    await blocked(transfer(a1, b1), 50);
    // Only the recipient's country counts: an unknown-country sender may still send to a permitted recipient.
    await updateInvestor(A, { country: 0 });
    await updateInvestor(B, { country: COUNTRY.FR });
    await allowed(transfer(a1, b1));
    // Back to rule off: still refused.
    await updateInvestor(B, { country: 0 });
    await admin("setCountryRule", [0]);
    await blocked(transfer(a1, b1), 50);
    await blocked(mint(b1), 50);
  });

  test("rule 0 ignores the country list", async () => {
    await admin("setCountries", [[COUNTRY.KP], true]);
    await updateInvestor(B, { country: COUNTRY.KP });
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
  });
});

// ------------------------------------------------------------------ 6. lock-up, Reg S, unrestricted balance

describe("rule 6: sender lock-up (70), Reg S (100), unrestricted balance (120)", () => {
  test("the sender's lock-up blocks until lockupUntil; the recipient's lock-up does not matter", async () => {
    const t = await now();
    await updateInvestor(A, { lockupUntil: t + 10 });
    await updateInvestor(B, { lockupUntil: t + 1000 });
    await blocked(transfer(a1, b1), 70);
    await setTime(t + 9);
    await blocked(transfer(a1, b1), 70);
    await allowed(mint(a1)); // lock-up is a sender rule
    await setTime(t + 10);
    await allowed(transfer(a1, b1));
    await blocked(transfer(b1, a1), 70);
  });

  test("a Reg S class blocks US-person recipients until the distribution end, for transfer and mint", async () => {
    const t = await now();
    await admin("setRegS", [true, t + 10]);
    await updateInvestor(C, { usPerson: true, country: COUNTRY.US });
    await updateInvestor(A, { usPerson: true, country: COUNTRY.US }); // a US sender is fine
    await blocked(transfer(a1, c1), 100);
    await blocked(mint(c1), 100);
    await allowed(transfer(a1, b1));
    await setTime(t + 9);
    await blocked(transfer(a1, c1), 100);
    await setTime(t + 10);
    await allowed(transfer(a1, c1));
    await allowed(mint(c1));
  });

  test("a class that is not Reg S ignores US persons", async () => {
    const t = await now();
    await admin("setRegS", [false, t + 1000]);
    await updateInvestor(C, { usPerson: true, country: COUNTRY.US });
    await allowed(transfer(a1, c1));
    await allowed(mint(c1));
  });

  test("frozen partial tokens cannot be sent → 120", async () => {
    await freezer("freezePartialTokens", [a1, 60n]);
    await blocked(transfer(a1, b1, 41n), 120);
    await blocked(transferFrom(c1, a1, b1, 41n), 120);
    await allowed(transfer(a1, b1, 40n));
    await blocked(transfer(a1, b1, 1n), 120);
    await freezer("unfreezePartialTokens", [a1, 1n]);
    await allowed(transfer(a1, b1, 1n));
  });

  test("a plain shortfall: the view says 120, the move reverts with ERC20InsufficientBalance", async () => {
    const shortfall = { errorName: "ERC20InsufficientBalance", args: [a1, 100n, 101n] };
    assert.equal(await codeOf(transfer(a1, b1, 101n)), 120);
    assert.deepEqual(await f.revertOf(a1, txOf(transfer(a1, b1, 101n)).tx), shortfall);
    assert.equal(await codeOf(transferFrom(c1, a1, b1, 101n)), 120);
    assert.deepEqual(await f.revertOf(c1, txOf(transferFrom(c1, a1, b1, 101n)).tx), shortfall);
    await freezer("freezePartialTokens", [a1, 60n]);
    assert.deepEqual(await f.revertOf(a1, txOf(transfer(a1, b1, 101n)).tx), shortfall);
    await freezer("unfreezePartialTokens", [a1, 60n]);
    await allowed(transfer(a1, b1, 100n));
  });
});

// ------------------------------------------------------------------ 7. accreditation

describe("rule 7: accreditation required by the class → 60/61", () => {
  test("no accreditation → 60, for transfer and mint; the sender's does not matter", async () => {
    await admin("setAccreditationRequired", [true]);
    await updateInvestor(B, { accreditationExpiry: 0 });
    await blocked(transfer(a1, b1), 60);
    await blocked(mint(b1), 60);
    await updateInvestor(A, { accreditationExpiry: 0 });
    await updateInvestor(B, {});
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
  });

  test("accreditation is expired from accreditationExpiry on → 61", async () => {
    await admin("setAccreditationRequired", [true]);
    const t = await now();
    await updateInvestor(B, { accreditationExpiry: t });
    await blocked(transfer(a1, b1), 61);
    await blocked(mint(b1), 61);
    await updateInvestor(B, { accreditationExpiry: t + 1 });
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
    await setTime(t + 1);
    await blocked(transfer(a1, b1), 61);
    await blocked(mint(b1), 61);
  });

  test("a class without the requirement accepts non-accredited recipients", async () => {
    await updateInvestor(B, { accreditationExpiry: 0 });
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
  });
});

// ------------------------------------------------------------------ 8. limits

describe("rule 8: max balance per investor → 112", () => {
  test("the investor's balance is summed over its wallets", async () => {
    await admin("setMaxBalancePerInvestor", [150n]);
    await linkWallet(b2, B);
    await blocked(transfer(a1, b2, 51n), 112);
    await blocked(mint(b2, 51n), 112);
    await allowed(transfer(a1, b2, 50n));
    assert.equal(await view("investorBalance", [B]), 150n);
    await blocked(mint(b1), 112);
    await blocked(transfer(a1, b2), 112);
    await allowed(transfer(b1, b2, 100n)); // between B's own wallets
  });

  test("mint up to the limit exactly; 0 means no limit", async () => {
    await admin("setMaxBalancePerInvestor", [150n]);
    await blocked(mint(c1, 151n), 112);
    await allowed(mint(c1, 150n));
    await admin("setMaxBalancePerInvestor", [0n]);
    await allowed(mint(c1, 10n ** 24n));
  });
});

describe("rule 8: holder caps → 110 (total) / 111 (non-accredited)", () => {
  test("at the total cap a new holder is refused; existing holders trade freely", async () => {
    await admin("setHolderCaps", [2, 0]);
    await blocked(transfer(a1, c1), 110);
    await blocked(mint(c1), 110);
    await allowed(transfer(a1, b1));
    await allowed(mint(b1));
    await admin("setHolderCaps", [3, 0]);
    await allowed(transfer(a1, c1));
    assert.deepEqual(await counts(), [3n, 0n, 3n, 0n]);
  });

  test("a full exit to a new holder keeps the count (Δ = 0) and passes; a partial one does not", async () => {
    await admin("setHolderCaps", [2, 0]);
    await blocked(transfer(b1, c1, 99n), 110);
    await allowed(transfer(b1, c1, 100n));
    assert.deepEqual(await counts(), [2n, 0n, 2n, 0n]);
    assert.equal(await view("investorBalance", [B]), 0n);
  });

  test("an exit is judged on the investor's balance over all its wallets", async () => {
    await admin("setHolderCaps", [2, 0]);
    await linkWallet(b2, B);
    await allowed(transfer(b1, b2, 10n));
    await blocked(transfer(b1, c1, 90n), 110);
  });

  test("the non-accredited cap counts non-accredited holders only", async () => {
    await updateInvestor(B, { accreditationExpiry: 0 });
    assert.deepEqual(await counts(), [2n, 1n, 0n, 0n]);
    await admin("setHolderCaps", [0, 1]);
    await updateInvestor(C, { accreditationExpiry: 0 });
    await blocked(transfer(a1, c1), 111);
    await blocked(mint(c1), 111);
    await updateInvestor(C, {});
    await allowed(transfer(a1, c1));
    assert.deepEqual(await counts(), [3n, 1n, 0n, 1n]);
  });

  test("a non-accredited exit makes room for a non-accredited entrant; an accredited exit does not", async () => {
    await updateInvestor(B, { accreditationExpiry: 0 });
    await updateInvestor(C, { accreditationExpiry: 0 });
    await admin("setHolderCaps", [0, 1]);
    await blocked(transfer(b1, c1, 99n), 111);
    await blocked(transfer(a1, c1, 100n), 111); // A exits but was never counted non-accredited
    await allowed(transfer(b1, c1, 100n));
    assert.deepEqual(await counts(), [2n, 1n, 0n, 1n]);
  });

  test("the total cap is checked before the non-accredited cap", async () => {
    await updateInvestor(B, { accreditationExpiry: 0 });
    await updateInvestor(C, { accreditationExpiry: 0 });
    await admin("setHolderCaps", [2, 1]);
    await blocked(transfer(a1, c1), 110);
    await admin("setHolderCaps", [3, 1]);
    await blocked(transfer(a1, c1), 111);
  });
});

// ------------------------------------------------------------------ ordering

describe("rule order: the first failing rule wins", () => {
  test("paused and an unlinked recipient → 10", async () => {
    await send(f.roles.guardian, "pause", []);
    await blocked(transfer(a1, u), 10);
  });

  test("a frozen sender and an unlinked recipient → 11", async () => {
    await freezer("setAddressFrozen", [a1, true]);
    await blocked(transfer(a1, u), 11);
  });

  test("an expired sender KYC and a blocked recipient jurisdiction → 44", async () => {
    await updateInvestor(A, { kycExpiry: await now() });
    await admin("setCountryRule", [2]);
    await admin("setCountries", [[COUNTRY.DE], true]);
    await blocked(transfer(a1, b1), 44);
  });

  test("within rule 3: sender (20), then recipient (21), then spender (22); stop orders first", async () => {
    await send(u2, "approve", [u, maxUint256]);
    await blocked(transferFrom(u, u2, b1), 20);
    await blocked(transferFrom(u, a1, u2), 21);
    await blocked(transferFrom(u, a1, b1), 22);
    await freezer("setAddressFrozen", [u, true]);
    await blocked(transferFrom(u, u2, b1), 11);
  });

  test("within rule 4: the sender's KYC before the recipient's", async () => {
    const t = await now();
    await updateInvestor(A, { kycExpiry: 0 });
    await updateInvestor(B, { kycExpiry: 0 });
    await blocked(transfer(a1, b1), 40);
    await updateInvestor(A, { kycExpiry: t });
    await blocked(transfer(a1, b1), 44);
    await updateInvestor(A, {});
    await blocked(transfer(a1, b1), 41);
  });

  test("peeling every rule off one transfer, in the order of the header", async () => {
    const t = await now();
    const aRecord: Partial<InvestorRecord> = { kycExpiry: 0, lockupUntil: t + 1000 };
    const cRecord: Partial<InvestorRecord> = {
      kycExpiry: t,
      country: COUNTRY.FR,
      usPerson: true,
      accreditationExpiry: 0,
    };
    await updateInvestor(A, aRecord);
    await updateInvestor(C, cRecord);
    await send(f.roles.guardian, "pause", []);
    await freezer("setAddressFrozen", [c1, true]);
    await admin("setCountryRule", [1]);
    await admin("setCountries", [[COUNTRY.DE], true]);
    await admin("setRegS", [true, t + 1000]);
    await freezer("freezePartialTokens", [a1, 60n]);
    await admin("setAccreditationRequired", [true]);
    await admin("setMaxBalancePerInvestor", [49n]);
    await admin("setHolderCaps", [2, 0]);

    const fixes: [number, () => Promise<void>][] = [
      [10, () => admin("unpause", [])],
      [11, () => freezer("setAddressFrozen", [c1, false])],
      [40, () => updateInvestor(A, { ...aRecord, kycExpiry: t + 1000 })],
      [45, () => updateInvestor(C, { ...cRecord, kycExpiry: t + 1000 })],
      [50, () => updateInvestor(C, { ...cRecord, kycExpiry: t + 1000, country: COUNTRY.DE })],
      [70, () => updateInvestor(A, {})],
      [100, () => updateInvestor(C, { accreditationExpiry: 0 })],
      [120, () => freezer("unfreezePartialTokens", [a1, 60n])],
      [60, () => updateInvestor(C, {})],
      [112, () => admin("setMaxBalancePerInvestor", [0n])],
      [110, () => admin("setHolderCaps", [0, 0])],
    ];
    for (const [code, fix] of fixes) {
      await blocked(transfer(a1, c1, 50n), code);
      await fix();
    }
    await allowed(transfer(a1, c1, 50n));
  });

  test("mint skips the class state and the sender's rules; a stop order comes before linking", async () => {
    const t = await now();
    await send(f.roles.guardian, "pause", []);
    await admin("setTransferLockup", [t + 1000]);
    await allowed(mint(b1));
    await freezer("setAddressFrozen", [u, true]);
    await blocked(mint(u), 11);
  });

  test("the codes are the ERC-1404 codes: detect equals canTransfer, every code has its own message", async () => {
    assert.equal(await view("detectTransferRestriction", [a1, u, 1n]), 21);
    assert.equal(await view("detectTransferRestriction", [a1, b1, 101n]), 120);
    assert.equal(await view("detectTransferRestriction", [a1, b1, 1n]), 0);
    const messages = await Promise.all(CODES.map((code) => view("messageForTransferRestriction", [code])));
    const unknown = await Promise.all(
      [1, 12, 30, 99, 255].map((c) => view("messageForTransferRestriction", [c])),
    );
    assert.equal(new Set(unknown).size, 1, "every unknown code has the same message");
    assert.equal(new Set([...messages, unknown[0]]).size, CODES.length + 1, "messages are distinct");
    for (const m of messages) assert.ok(m.length > 0);
  });
});

// ------------------------------------------------------------------ class bound later

describe("a class bound after the investors were registered", () => {
  test("pulls wallets and records from the registry on first use", async () => {
    await updateInvestor(C, { kycExpiry: 0 });
    const later = (await f.createClass({ symbol: "ACME-B" })).address;
    assert.equal(await view("investorOf", [a2], later), A);
    assert.equal(await view("isVerified", [a1], later), true);
    await allowed(mint(a1, 100n, later));
    await allowed(mint(b1, 10n, later));
    await blocked(mint(c1, 1n, later), 41);
    await blocked(transfer(a1, c1, 1n, later), 41);
    await allowed(transfer(a1, b1, 5n, later));
    await allowed(transfer(a1, a2, 5n, later));
    assert.equal(await view("investorBalance", [A], later), 95n);
    assert.deepEqual(await view("holderCounts", [], later), [2n, 0n, 0n, 0n]);
    // later changes are pushed to the new class as well
    await updateInvestor(C, {});
    await allowed(transfer(a1, c1, 1n, later));
    await updateInvestor(B, { frozen: true });
    await blocked(transfer(a1, b1, 1n, later), 11);
  });

  test("registers after binding and records changed before first use are honoured", async () => {
    const later = (await f.createClass({ symbol: "ACME-C" })).address;
    await f.registerInvestor(BigInt(D), d1, { country: COUNTRY.KP });
    await updateInvestor(B, { lockupUntil: (await now()) + 1000 });
    await allowed(mint(d1, 5n, later));
    await allowed(mint(b1, 5n, later));
    await blocked(transfer(b1, d1, 1n, later), 70);
    await allowed(transfer(d1, b1, 1n, later));
  });
});
