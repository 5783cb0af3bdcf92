/**
 * SecurityToken: every external function, its events, its errors and every role denial.
 * One anvil per file; each test runs on a snapshot of the base state built in `before`:
 *   investor A (id 1): a1 = 100, a2 = 0 · investor B (id 2): b1 = 50 · investor C (id 3): c1 = 0 ·
 *   u: funded but unlinked. All records are good (KYC and accreditation for a year, Germany).
 */
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import {
  type Address,
  type Hex,
  isAddressEqual,
  keccak256,
  maxUint256,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
  zeroAddress,
} from "viem";
import { securityTokenAbi, securityTokenBytecode, tokenFactoryAbi } from "../generated/index.ts";
import {
  COUNTRY,
  classConfig,
  deployFixture,
  type Fixture,
  type InvestorRecord,
  ROLE,
  type TokenClassConfig,
  walletAddress,
} from "./helpers/fixture.ts";
import { tokenCalls, type Write, type WriteArgs } from "./helpers/tokenCalls.ts";

type RoleHolder = keyof Fixture["roles"];

const A = 1;
const B = 2;
const C = 3;
const D = 4;
const a1 = walletAddress(1);
const a2 = walletAddress(2);
const b1 = walletAddress(3);
const c1 = walletAddress(4);
const d1 = walletAddress(5);
const u = walletAddress(9);
const SUPPLY_CAP = 2n ** 96n - 1n;
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

let f: Fixture;
let snapshot: Hex;

// ------------------------------------------------------------------ helpers

const { call, view } = tokenCalls(() => f);

/** The token's events in `receipt`, decoded, as `{eventName, args}` in log order. */
function tokenEvents(receipt: TransactionReceipt, address: Address = f.token.address) {
  const logs = receipt.logs.filter((log) => isAddressEqual(log.address, address));
  return parseEventLogs({ abi: securityTokenAbi, logs }).map(({ eventName, args }) => ({ eventName, args }));
}

function ev(eventName: string, args: Record<string, unknown>) {
  return { eventName, args };
}

/** Sends a token call and returns the token's decoded events. */
async function send<F extends Write>(from: Address, functionName: F, args: WriteArgs<F>) {
  return tokenEvents(await f.send(from, call(functionName, args)));
}

/** The value a token call returns when simulated from `from`. */
async function result<F extends Write>(from: Address, functionName: F, args: WriteArgs<F>) {
  const { result } = await f.publicClient.simulateContract({
    ...call(functionName, args),
    account: from,
  } as never);
  return result as unknown;
}

async function rejects<F extends Write>(
  from: Address,
  functionName: F,
  args: WriteArgs<F>,
  errorName: string,
  errorArgs: readonly unknown[] = [],
) {
  assert.deepEqual(await f.revertOf(from, call(functionName, args)), { errorName, args: errorArgs });
}

function denied(account: Address, role: Hex) {
  return ["AccessControlUnauthorizedAccount", [account, role]] as const;
}

async function updateInvestor(id: number, overrides: Partial<InvestorRecord>) {
  const record = await f.goodRecord(overrides);
  return f.send(f.roles.oracle, { ...f.registry, functionName: "updateInvestor", args: [id, record] });
}

async function linkWallet(wallet: Address, id: number) {
  await f.fund(wallet);
  await f.send(f.roles.oracle, { ...f.registry, functionName: "linkWallet", args: [wallet, id] });
}

async function balances(...wallets: Address[]) {
  return Promise.all(wallets.map((w) => view("balanceOf", [w])));
}

const counts = () => view("holderCounts", []);

// ------------------------------------------------------------------ lifecycle

before(async () => {
  f = await deployFixture();
  await f.registerInvestor(BigInt(A), a1);
  await linkWallet(a2, A);
  await f.registerInvestor(BigInt(B), b1);
  await f.registerInvestor(BigInt(C), c1);
  await f.fund(u);
  await send(f.roles.agent, "mint", [a1, 100n]);
  await send(f.roles.agent, "mint", [b1, 50n]);
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

// ------------------------------------------------------------------ ERC-20

describe("ERC-20", () => {
  test("metadata, supply and constant views", async () => {
    assert.equal(await view("name", []), "Acme Series A");
    assert.equal(await view("symbol", []), "ACME-A");
    assert.equal(await view("decimals", []), 0);
    assert.equal(await view("totalSupply", []), 150n);
    assert.deepEqual(await balances(a1, a2, b1, u), [100n, 0n, 50n, 0n]);
    assert.equal(await view("version", []), "1.0.0");
    assert.equal(await view("identityRegistry", []), f.registry.address);
    assert.equal(await view("UPGRADE_INTERFACE_VERSION", []), "5.0.0");
    assert.equal(await view("DEFAULT_ADMIN_ROLE", []), ROLE.DEFAULT_ADMIN);
    assert.equal(await view("AGENT_ROLE", []), ROLE.AGENT);
    assert.equal(await view("FREEZER_ROLE", []), ROLE.FREEZER);
    assert.equal(await view("GUARDIAN_ROLE", []), ROLE.GUARDIAN);
    assert.equal(await view("UPGRADER_ROLE", []), ROLE.UPGRADER);
    assert.equal(await view("supportsInterface", ["0x01ffc9a7"]), true); // ERC-165
    assert.equal(await view("supportsInterface", ["0x7965db0b"]), true); // IAccessControl
    assert.equal(await view("supportsInterface", ["0xffffffff"]), false);
  });

  test("approve sets the allowance and emits Approval", async () => {
    assert.equal(await result(a1, "approve", [b1, 30n]), true);
    assert.deepEqual(await send(a1, "approve", [b1, 30n]), [
      ev("Approval", { owner: a1, spender: b1, value: 30n }),
    ]);
    assert.equal(await view("allowance", [a1, b1]), 30n);
    await send(a1, "approve", [b1, 0n]);
    assert.equal(await view("allowance", [a1, b1]), 0n);
  });

  test("approve rejects the zero spender and the zero approver", async () => {
    await rejects(a1, "approve", [zeroAddress, 1n], "ERC20InvalidSpender", [zeroAddress]);
    await rejects(zeroAddress, "approve", [b1, 1n], "ERC20InvalidApprover", [zeroAddress]);
  });

  test("transfer moves the balance and emits Transfer", async () => {
    assert.equal(await result(a1, "transfer", [b1, 10n]), true);
    assert.deepEqual(await send(a1, "transfer", [b1, 10n]), [
      ev("Transfer", { from: a1, to: b1, value: 10n }),
    ]);
    assert.deepEqual(await balances(a1, b1), [90n, 60n]);
    assert.equal(await view("investorBalance", [A]), 90n);
    assert.equal(await view("investorBalance", [B]), 60n);
    assert.deepEqual(await counts(), [2n, 0n, 0n, 0n]);
  });

  test("transfer and transferFrom reject the zero receiver and the zero sender", async () => {
    await rejects(a1, "transfer", [zeroAddress, 1n], "ERC20InvalidReceiver", [zeroAddress]);
    await rejects(zeroAddress, "transfer", [b1, 0n], "ERC20InvalidSender", [zeroAddress]);
    await rejects(b1, "transferFrom", [zeroAddress, c1, 0n], "ERC20InvalidSender", [zeroAddress]);
    await send(a1, "approve", [b1, 5n]);
    await rejects(b1, "transferFrom", [a1, zeroAddress, 1n], "ERC20InvalidReceiver", [zeroAddress]);
  });

  test("transfer of more than the balance reverts with ERC20InsufficientBalance", async () => {
    await rejects(a1, "transfer", [b1, 101n], "ERC20InsufficientBalance", [a1, 100n, 101n]);
  });

  test("transferFrom spends the allowance and emits no Approval", async () => {
    await send(a1, "approve", [b1, 30n]);
    assert.equal(await result(b1, "transferFrom", [a1, c1, 20n]), true);
    assert.deepEqual(await send(b1, "transferFrom", [a1, c1, 20n]), [
      ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 0n }),
      ev("Transfer", { from: a1, to: c1, value: 20n }),
    ]);
    assert.equal(await view("allowance", [a1, b1]), 10n);
    assert.deepEqual(await balances(a1, c1), [80n, 20n]);
    await rejects(b1, "transferFrom", [a1, c1, 11n], "ERC20InsufficientAllowance", [b1, 10n, 11n]);
    await rejects(c1, "transferFrom", [a1, b1, 1n], "ERC20InsufficientAllowance", [c1, 0n, 1n]);
  });

  test("an infinite allowance is never decreased", async () => {
    await send(a1, "approve", [b1, maxUint256]);
    await send(b1, "transferFrom", [a1, c1, 5n]);
    await send(b1, "transferFrom", [a1, b1, 5n]);
    assert.equal(await view("allowance", [a1, b1]), maxUint256);
    assert.deepEqual(await balances(a1, b1, c1), [90n, 55n, 5n]);
  });

  test("batchTransfer sends to each recipient; empty and mismatched batches revert", async () => {
    assert.deepEqual(
      await send(a1, "batchTransfer", [
        [b1, c1],
        [1n, 2n],
      ]),
      [
        ev("Transfer", { from: a1, to: b1, value: 1n }),
        ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 0n }),
        ev("Transfer", { from: a1, to: c1, value: 2n }),
      ],
    );
    assert.deepEqual(await balances(a1, b1, c1), [97n, 51n, 2n]);
    await rejects(a1, "batchTransfer", [[], []], "EmptyBatch");
    await rejects(a1, "batchTransfer", [[b1, c1], [1n]], "ArrayLengthMismatch", [2n, 1n]);
    await rejects(
      a1,
      "batchTransfer",
      [
        [b1, u],
        [1n, 1n],
      ],
      "TransferNotAllowed",
      [a1, u, 1n, 21],
    );
  });

  test("a move between two wallets of one investor changes neither its balance nor the counts", async () => {
    assert.deepEqual(await send(a1, "transfer", [a2, 40n]), [
      ev("Transfer", { from: a1, to: a2, value: 40n }),
    ]);
    assert.deepEqual(await balances(a1, a2), [60n, 40n]);
    assert.equal(await view("investorBalance", [A]), 100n);
    assert.deepEqual(await counts(), [2n, 0n, 0n, 0n]);
    // a transfer to oneself moves nothing
    assert.deepEqual(await send(a1, "transfer", [a1, 60n]), [
      ev("Transfer", { from: a1, to: a1, value: 60n }),
    ]);
    assert.deepEqual(await balances(a1), [60n]);
  });
});

// ------------------------------------------------------------------ mint and burn

describe("mint and burn", () => {
  test("mint issues to a new holder and counts it", async () => {
    assert.deepEqual(await send(f.roles.agent, "mint", [c1, 5n]), [
      ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 0n }),
      ev("Transfer", { from: zeroAddress, to: c1, value: 5n }),
    ]);
    assert.equal(await view("totalSupply", []), 155n);
    assert.equal(await view("investorBalance", [C]), 5n);
    assert.deepEqual(await counts(), [3n, 0n, 0n, 0n]);
  });

  test("mint to an existing holder's second wallet leaves the counts alone", async () => {
    assert.deepEqual(await send(f.roles.agent, "mint", [a2, 5n]), [
      ev("Transfer", { from: zeroAddress, to: a2, value: 5n }),
    ]);
    assert.equal(await view("investorBalance", [A]), 105n);
  });

  test("mint rejects zero, the zero address and an unlinked wallet", async () => {
    await rejects(f.roles.agent, "mint", [c1, 0n], "ZeroAmount");
    await rejects(f.roles.agent, "mint", [zeroAddress, 1n], "ERC20InvalidReceiver", [zeroAddress]);
    await rejects(f.roles.agent, "mint", [u, 5n], "TransferNotAllowed", [zeroAddress, u, 5n, 21]);
  });

  test("batchMint mints to each recipient, all or nothing", async () => {
    assert.deepEqual(
      await send(f.roles.agent, "batchMint", [
        [a1, c1],
        [1n, 2n],
      ]),
      [
        ev("Transfer", { from: zeroAddress, to: a1, value: 1n }),
        ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 0n }),
        ev("Transfer", { from: zeroAddress, to: c1, value: 2n }),
      ],
    );
    assert.deepEqual(await balances(a1, c1), [101n, 2n]);
    await rejects(
      f.roles.agent,
      "batchMint",
      [
        [c1, u],
        [1n, 1n],
      ],
      "TransferNotAllowed",
      [zeroAddress, u, 1n, 21],
    );
    await rejects(f.roles.agent, "batchMint", [[], []], "EmptyBatch");
    await rejects(f.roles.agent, "batchMint", [[a1], [1n, 2n]], "ArrayLengthMismatch", [1n, 2n]);
  });

  test("the total supply is capped at 2^96-1", async () => {
    await send(f.roles.agent, "mint", [a1, SUPPLY_CAP - 150n]);
    assert.equal(await view("totalSupply", []), SUPPLY_CAP);
    await rejects(f.roles.agent, "mint", [b1, 1n], "SupplyCapExceeded", [SUPPLY_CAP + 1n, SUPPLY_CAP]);
  });

  test("burn redeems and removes a holder that exits", async () => {
    assert.deepEqual(await send(f.roles.agent, "burn", [a1, 10n]), [
      ev("Transfer", { from: a1, to: zeroAddress, value: 10n }),
    ]);
    assert.deepEqual(await send(f.roles.agent, "burn", [b1, 50n]), [
      ev("HolderCountsChanged", { holders: 1n, nonAccreditedHolders: 0n }),
      ev("Transfer", { from: b1, to: zeroAddress, value: 50n }),
    ]);
    assert.equal(await view("totalSupply", []), 90n);
    assert.equal(await view("investorBalance", [B]), 0n);
    assert.deepEqual(await counts(), [1n, 0n, 0n, 0n]);
  });

  test("burn rejects zero, the zero address and more than the balance", async () => {
    await rejects(f.roles.agent, "burn", [a1, 0n], "ZeroAmount");
    await rejects(f.roles.agent, "burn", [zeroAddress, 1n], "ERC20InvalidSender", [zeroAddress]);
    await rejects(f.roles.agent, "burn", [a1, 101n], "ERC20InsufficientBalance", [a1, 100n, 101n]);
  });

  test("burn releases frozen partial tokens only where the unfrozen balance is short", async () => {
    await send(f.roles.freezer, "freezePartialTokens", [a1, 80n]);
    assert.deepEqual(await send(f.roles.agent, "burn", [a1, 20n]), [
      ev("Transfer", { from: a1, to: zeroAddress, value: 20n }),
    ]);
    assert.equal(await view("getFrozenTokens", [a1]), 80n);
    assert.deepEqual(await send(f.roles.agent, "burn", [a1, 30n]), [
      ev("TokensUnfrozen", { userAddress: a1, amount: 30n }),
      ev("Transfer", { from: a1, to: zeroAddress, value: 30n }),
    ]);
    assert.equal(await view("getFrozenTokens", [a1]), 50n);
    assert.deepEqual(await balances(a1), [50n]);
  });

  test("batchBurn burns from each wallet, all or nothing", async () => {
    assert.deepEqual(
      await send(f.roles.agent, "batchBurn", [
        [a1, b1],
        [1n, 2n],
      ]),
      [
        ev("Transfer", { from: a1, to: zeroAddress, value: 1n }),
        ev("Transfer", { from: b1, to: zeroAddress, value: 2n }),
      ],
    );
    assert.deepEqual(await balances(a1, b1), [99n, 48n]);
    await rejects(
      f.roles.agent,
      "batchBurn",
      [
        [a1, b1],
        [1n, 49n],
      ],
      "ERC20InsufficientBalance",
      [b1, 48n, 49n],
    );
    await rejects(f.roles.agent, "batchBurn", [[], []], "EmptyBatch");
    await rejects(f.roles.agent, "batchBurn", [[a1, b1], [1n]], "ArrayLengthMismatch", [2n, 1n]);
  });
});

// ------------------------------------------------------------------ forced transfer

describe("forced transfer", () => {
  test("moves tokens and emits the reason code in ForcedTransfer", async () => {
    assert.deepEqual(await send(f.roles.agent, "forcedTransfer", [a1, c1, 10n, 3]), [
      ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 0n }),
      ev("Transfer", { from: a1, to: c1, value: 10n }),
      ev("ForcedTransfer", { from: a1, to: c1, value: 10n, reasonCode: 3 }),
    ]);
    assert.deepEqual(await balances(a1, c1), [90n, 10n]);
    assert.equal(await view("investorBalance", [C]), 10n);
  });

  test("rejects reason 0, a zero amount, the zero address and more than the balance", async () => {
    await rejects(f.roles.agent, "forcedTransfer", [a1, b1, 1n, 0], "InvalidReasonCode", [0]);
    await rejects(f.roles.agent, "forcedTransfer", [a1, b1, 0n, 1], "ZeroAmount");
    await rejects(f.roles.agent, "forcedTransfer", [zeroAddress, b1, 1n, 1], "ZeroAddress");
    await rejects(f.roles.agent, "forcedTransfer", [a1, zeroAddress, 1n, 1], "ZeroAddress");
    await rejects(f.roles.agent, "forcedTransfer", [a1, b1, 101n, 1], "ERC20InsufficientBalance", [
      a1,
      100n,
      101n,
    ]);
  });

  test("bypasses the sender's stop order, lock-up, KYC and frozen tokens", async () => {
    await updateInvestor(A, { frozen: true, kycExpiry: 1, lockupUntil: Number(await f.now()) + 1000 });
    await send(f.roles.freezer, "setAddressFrozen", [a1, true]);
    await send(f.roles.freezer, "freezePartialTokens", [a1, 100n]);
    assert.equal(await view("canTransfer", [a1, b1, 10n]), 11);
    assert.deepEqual(await send(f.roles.agent, "forcedTransfer", [a1, b1, 10n, 2]), [
      ev("TokensUnfrozen", { userAddress: a1, amount: 10n }),
      ev("Transfer", { from: a1, to: b1, value: 10n }),
      ev("ForcedTransfer", { from: a1, to: b1, value: 10n, reasonCode: 2 }),
    ]);
    assert.equal(await view("getFrozenTokens", [a1]), 90n);
  });

  test("requires a linked, unfrozen recipient with current KYC", async () => {
    const refused = (to: Address, code: number) =>
      rejects(f.roles.agent, "forcedTransfer", [a1, to, 1n, 1], "TransferNotAllowed", [a1, to, 1n, code]);
    await refused(u, 21);
    await send(f.roles.freezer, "setAddressFrozen", [c1, true]);
    await refused(c1, 11);
    await send(f.roles.freezer, "setAddressFrozen", [c1, false]);
    await updateInvestor(C, { frozen: true });
    await refused(c1, 11);
    await updateInvestor(C, { kycExpiry: 0 });
    await refused(c1, 41);
    await updateInvestor(C, { kycExpiry: 1 });
    await refused(c1, 45);
    await updateInvestor(C, {});
    await send(f.roles.agent, "forcedTransfer", [a1, c1, 1n, 1]);
  });

  test("between wallets of one investor keeps the investor balance and the counts", async () => {
    assert.deepEqual(await send(f.roles.agent, "forcedTransfer", [a1, a2, 30n, 2]), [
      ev("Transfer", { from: a1, to: a2, value: 30n }),
      ev("ForcedTransfer", { from: a1, to: a2, value: 30n, reasonCode: 2 }),
    ]);
    assert.deepEqual(await balances(a1, a2), [70n, 30n]);
    assert.equal(await view("investorBalance", [A]), 100n);
    assert.deepEqual(await counts(), [2n, 0n, 0n, 0n]);
  });

  test("to the same wallet is refused: it would only release frozen tokens, which is the freezer's", async () => {
    await send(f.roles.freezer, "freezePartialTokens", [a1, 100n]);
    await rejects(f.roles.agent, "forcedTransfer", [a1, a1, 30n, 1], "SameWallet", [a1]);
    assert.equal(await view("getFrozenTokens", [a1]), 100n);
  });

  test("batchForcedTransfer moves each item, all or nothing", async () => {
    assert.deepEqual(
      await send(f.roles.agent, "batchForcedTransfer", [
        [a1, b1],
        [c1, a2],
        [1n, 2n],
        [4, 5],
      ]),
      [
        ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 0n }),
        ev("Transfer", { from: a1, to: c1, value: 1n }),
        ev("ForcedTransfer", { from: a1, to: c1, value: 1n, reasonCode: 4 }),
        ev("Transfer", { from: b1, to: a2, value: 2n }),
        ev("ForcedTransfer", { from: b1, to: a2, value: 2n, reasonCode: 5 }),
      ],
    );
    assert.deepEqual(await balances(a1, a2, b1, c1), [99n, 2n, 48n, 1n]);
    const agent = f.roles.agent;
    await rejects(
      agent,
      "batchForcedTransfer",
      [
        [a1, b1],
        [c1, a2],
        [1n, 2n],
        [4, 0],
      ],
      "InvalidReasonCode",
      [0],
    );
    await rejects(agent, "batchForcedTransfer", [[], [], [], []], "EmptyBatch");
    await rejects(agent, "batchForcedTransfer", [[a1, b1], [c1], [1n, 2n], [4, 5]], "ArrayLengthMismatch", [
      2n,
      1n,
    ]);
    await rejects(agent, "batchForcedTransfer", [[a1, b1], [c1, a2], [1n], [4, 5]], "ArrayLengthMismatch", [
      2n,
      1n,
    ]);
    await rejects(agent, "batchForcedTransfer", [[a1, b1], [c1, a2], [1n, 2n], [4]], "ArrayLengthMismatch", [
      2n,
      1n,
    ]);
  });
});

// ------------------------------------------------------------------ recovery

describe("recoveryAddress", () => {
  test("moves the balance, the frozen amount and the frozen flag to the investor's other wallet", async () => {
    await send(f.roles.freezer, "freezePartialTokens", [a1, 40n]);
    await send(f.roles.freezer, "setAddressFrozen", [a1, true]);
    assert.equal(await result(f.roles.agent, "recoveryAddress", [a1, a2]), true);
    assert.deepEqual(await send(f.roles.agent, "recoveryAddress", [a1, a2]), [
      ev("TokensUnfrozen", { userAddress: a1, amount: 40n }),
      ev("TokensFrozen", { userAddress: a2, amount: 40n }),
      ev("AddressFrozen", { userAddress: a2, isFrozen: true, owner: f.roles.agent }),
      ev("Transfer", { from: a1, to: a2, value: 100n }),
      ev("WalletRecovered", { lostWallet: a1, newWallet: a2, investorId: A, amount: 100n }),
    ]);
    assert.deepEqual(await balances(a1, a2), [0n, 100n]);
    assert.equal(await view("getFrozenTokens", [a1]), 0n);
    assert.equal(await view("getFrozenTokens", [a2]), 40n);
    assert.equal(await view("isFrozen", [a2]), true);
    assert.equal(await view("investorBalance", [A]), 100n);
    assert.equal(await view("totalSupply", []), 150n);
    assert.deepEqual(await counts(), [2n, 0n, 0n, 0n]);
  });

  test("of an unfrozen wallet emits only Transfer and WalletRecovered", async () => {
    assert.deepEqual(await send(f.roles.agent, "recoveryAddress", [a1, a2]), [
      ev("Transfer", { from: a1, to: a2, value: 100n }),
      ev("WalletRecovered", { lostWallet: a1, newWallet: a2, investorId: A, amount: 100n }),
    ]);
    assert.equal(await view("isFrozen", [a2]), false);
  });

  test("needs two distinct wallets of one investor and something to recover", async () => {
    const agent = f.roles.agent;
    await rejects(agent, "recoveryAddress", [a1, b1], "WalletsNotSameInvestor", [a1, b1]);
    await rejects(agent, "recoveryAddress", [a1, a1], "WalletsNotSameInvestor", [a1, a1]);
    await rejects(agent, "recoveryAddress", [u, a1], "WalletsNotSameInvestor", [u, a1]);
    await rejects(agent, "recoveryAddress", [a1, u], "WalletsNotSameInvestor", [a1, u]);
    await rejects(agent, "recoveryAddress", [a2, a1], "NothingToRecover", [a2]);
    await rejects(agent, "recoveryAddress", [zeroAddress, a1], "ZeroAddress");
    await rejects(agent, "recoveryAddress", [a1, zeroAddress], "ZeroAddress");
  });
});

// ------------------------------------------------------------------ freezes

describe("freezes", () => {
  test("setAddressFrozen sets the flag and emits AddressFrozen", async () => {
    const freezer = f.roles.freezer;
    assert.deepEqual(await send(freezer, "setAddressFrozen", [a1, true]), [
      ev("AddressFrozen", { userAddress: a1, isFrozen: true, owner: freezer }),
    ]);
    assert.equal(await view("isFrozen", [a1]), true);
    assert.deepEqual(await send(freezer, "setAddressFrozen", [a1, false]), [
      ev("AddressFrozen", { userAddress: a1, isFrozen: false, owner: freezer }),
    ]);
    assert.equal(await view("isFrozen", [a1]), false);
    await rejects(freezer, "setAddressFrozen", [zeroAddress, true], "ZeroAddress");
  });

  test("batchSetAddressFrozen freezes each wallet", async () => {
    const freezer = f.roles.freezer;
    assert.deepEqual(
      await send(freezer, "batchSetAddressFrozen", [
        [a1, b1],
        [true, false],
      ]),
      [
        ev("AddressFrozen", { userAddress: a1, isFrozen: true, owner: freezer }),
        ev("AddressFrozen", { userAddress: b1, isFrozen: false, owner: freezer }),
      ],
    );
    assert.deepEqual([await view("isFrozen", [a1]), await view("isFrozen", [b1])], [true, false]);
    await rejects(freezer, "batchSetAddressFrozen", [[], []], "EmptyBatch");
    await rejects(freezer, "batchSetAddressFrozen", [[a1, b1], [true]], "ArrayLengthMismatch", [2n, 1n]);
  });

  test("freezePartialTokens and unfreezePartialTokens within the balance", async () => {
    const freezer = f.roles.freezer;
    assert.deepEqual(await send(freezer, "freezePartialTokens", [a1, 60n]), [
      ev("TokensFrozen", { userAddress: a1, amount: 60n }),
    ]);
    assert.equal(await view("getFrozenTokens", [a1]), 60n);
    await rejects(freezer, "freezePartialTokens", [a1, 41n], "FreezeExceedsBalance", [a1, 40n, 41n]);
    await rejects(freezer, "freezePartialTokens", [a1, 0n], "ZeroAmount");
    await rejects(freezer, "unfreezePartialTokens", [a1, 61n], "UnfreezeExceedsFrozen", [a1, 60n, 61n]);
    await rejects(freezer, "unfreezePartialTokens", [a1, 0n], "ZeroAmount");
    assert.deepEqual(await send(freezer, "unfreezePartialTokens", [a1, 10n]), [
      ev("TokensUnfrozen", { userAddress: a1, amount: 10n }),
    ]);
    assert.equal(await view("getFrozenTokens", [a1]), 50n);
    await send(freezer, "freezePartialTokens", [a1, 50n]);
    assert.equal(await view("getFrozenTokens", [a1]), 100n);
  });

  test("batch partial freezes and unfreezes", async () => {
    const freezer = f.roles.freezer;
    assert.deepEqual(
      await send(freezer, "batchFreezePartialTokens", [
        [a1, b1],
        [10n, 20n],
      ]),
      [
        ev("TokensFrozen", { userAddress: a1, amount: 10n }),
        ev("TokensFrozen", { userAddress: b1, amount: 20n }),
      ],
    );
    assert.deepEqual(
      await send(freezer, "batchUnfreezePartialTokens", [
        [a1, b1],
        [10n, 5n],
      ]),
      [
        ev("TokensUnfrozen", { userAddress: a1, amount: 10n }),
        ev("TokensUnfrozen", { userAddress: b1, amount: 5n }),
      ],
    );
    assert.equal(await view("getFrozenTokens", [b1]), 15n);
    for (const fn of ["batchFreezePartialTokens", "batchUnfreezePartialTokens"] as const) {
      await rejects(freezer, fn, [[], []], "EmptyBatch");
      await rejects(freezer, fn, [[a1], [1n, 2n]], "ArrayLengthMismatch", [1n, 2n]);
    }
  });
});

// ------------------------------------------------------------------ pause

describe("pause", () => {
  test("the guardian pauses but cannot unpause; the admin does both", async () => {
    const { guardian, admin } = f.roles;
    assert.deepEqual(await send(guardian, "pause", []), [ev("Paused", { account: guardian })]);
    assert.equal(await view("paused", []), true);
    assert.equal((await view("classConfig", []))[0], true);
    await rejects(guardian, "pause", [], "EnforcedPause");
    await rejects(guardian, "unpause", [], ...denied(guardian, ROLE.DEFAULT_ADMIN));
    assert.deepEqual(await send(admin, "unpause", []), [ev("Unpaused", { account: admin })]);
    assert.equal(await view("paused", []), false);
    await rejects(admin, "unpause", [], "ExpectedPause");
    assert.deepEqual(await send(admin, "pause", []), [ev("Paused", { account: admin })]);
  });

  test("while paused holder transfers revert with 10 but the agent can still act", async () => {
    await send(a1, "approve", [b1, 10n]);
    await send(f.roles.guardian, "pause", []);
    await rejects(a1, "transfer", [b1, 1n], "TransferNotAllowed", [a1, b1, 1n, 10]);
    await rejects(b1, "transferFrom", [a1, b1, 1n], "TransferNotAllowed", [a1, b1, 1n, 10]);
    await rejects(a1, "batchTransfer", [[b1], [1n]], "TransferNotAllowed", [a1, b1, 1n, 10]);
    await send(f.roles.agent, "mint", [c1, 5n]);
    await send(f.roles.agent, "burn", [b1, 5n]);
    await send(f.roles.agent, "forcedTransfer", [b1, c1, 5n, 1]);
    await send(f.roles.agent, "recoveryAddress", [a1, a2]);
    assert.deepEqual(await balances(a1, a2, b1, c1), [0n, 100n, 40n, 10n]);
  });
});

// ------------------------------------------------------------------ configuration

describe("configuration", () => {
  test("initialize applies the class config", async () => {
    const t = Number(await f.now());
    const token2 = await f.createClass({
      name: "Acme Reg S",
      symbol: "ACME-S",
      decimals: 6,
      requireAccreditation: true,
      regS: true,
      regSDistributionEnd: t + 1000,
      transfersLockedUntil: t + 500,
      maxBalancePerInvestor: 1000n,
      maxHolders: 99,
      maxNonAccreditedHolders: 35,
      countryRule: 2,
      countries: [COUNTRY.KP, COUNTRY.IR],
    });
    const at = token2.address;
    assert.deepEqual(
      [await view("name", [], at), await view("symbol", [], at), await view("decimals", [], at)],
      ["Acme Reg S", "ACME-S", 6],
    );
    assert.deepEqual(await view("classConfig", [], at), [false, true, true, t + 1000, t + 500, 1000n, 2]);
    assert.deepEqual(await view("holderCounts", [], at), [0n, 0n, 99n, 35n]);
    assert.equal(await view("isCountryListed", [COUNTRY.KP], at), true);
    assert.equal(await view("isCountryListed", [COUNTRY.IR], at), true);
    assert.equal(await view("isCountryListed", [COUNTRY.US], at), false);
    assert.equal(await view("hasRole", [ROLE.DEFAULT_ADMIN, f.roles.admin], at), true);
    assert.equal(await view("hasRole", [ROLE.UPGRADER, f.roles.upgrader], at), true);
    assert.equal(await view("hasRole", [ROLE.UPGRADER, f.roles.admin], at), false);
    assert.equal(await view("getRoleAdmin", [ROLE.UPGRADER], at), ROLE.UPGRADER);
    assert.equal(await view("getRoleAdmin", [ROLE.AGENT], at), ROLE.DEFAULT_ADMIN);
    const { admin, upgrader, agent, freezer, guardian } = f.roles;
    const factory = f.factory.address;
    const logs = await f.publicClient.getContractEvents({
      address: at,
      abi: securityTokenAbi,
      fromBlock: 0n,
    });
    assert.deepEqual(
      logs.map(({ eventName, args }) => ({ eventName, args })),
      [
        ev("Upgraded", { implementation: f.tokenImpl }),
        ev("RoleAdminChanged", {
          role: ROLE.UPGRADER,
          previousAdminRole: ROLE.DEFAULT_ADMIN,
          newAdminRole: ROLE.UPGRADER,
        }),
        ev("RoleGranted", { role: ROLE.DEFAULT_ADMIN, account: admin, sender: factory }),
        ev("RoleGranted", { role: ROLE.UPGRADER, account: upgrader, sender: factory }),
        ev("AccreditationRequirementSet", { required: true }),
        ev("RegSConfigured", { enabled: true, distributionEnd: t + 1000 }),
        ev("TransferLockupSet", { lockedUntil: t + 500 }),
        ev("MaxBalanceSet", { maxBalancePerInvestor: 1000n }),
        ev("HolderCapsSet", { maxHolders: 99, maxNonAccreditedHolders: 35 }),
        ev("CountryRuleSet", { rule: 2 }),
        ev("CountriesSet", { countries: [COUNTRY.KP, COUNTRY.IR], listed: true }),
        ev("Initialized", { version: 1n }),
        ev("RoleGranted", { role: ROLE.AGENT, account: agent, sender: admin }),
        ev("RoleGranted", { role: ROLE.FREEZER, account: freezer, sender: admin }),
        ev("RoleGranted", { role: ROLE.GUARDIAN, account: guardian, sender: admin }),
      ],
    );
  });

  test("initialize validates its arguments", async () => {
    // createTokenClass bubbles up the proxy's initialize revert; the token's errors decode it
    const abi = [...tokenFactoryAbi, ...securityTokenAbi] as const;
    const create = (overrides: Partial<TokenClassConfig>, admin = f.roles.admin) => ({
      address: f.factory.address,
      abi,
      functionName: "createTokenClass" as const,
      args: [classConfig(admin, f.roles.upgrader, overrides), keccak256(toHex("validation"))] as const,
    });
    const refused = async (overrides: Partial<TokenClassConfig>, errorName: string, args: unknown[] = []) =>
      assert.deepEqual(await f.revertOf(f.roles.admin, create(overrides)), { errorName, args });
    await refused({ countryRule: 3 }, "InvalidCountryRule", [3]);
    await refused({ countries: [COUNTRY.US, 1000] }, "InvalidCountry", [1000]);
    await refused({ upgrader: zeroAddress }, "ZeroAddress");
    assert.deepEqual(await f.revertOf(f.roles.admin, create({}, zeroAddress)), {
      errorName: "ZeroAddress",
      args: [],
    });
    assert.equal(await f.revertOf(f.roles.admin, create({})), undefined);
  });

  test("neither the proxy nor the implementation can be initialized again", async () => {
    const cfg = classConfig(f.roles.admin, f.roles.upgrader);
    const args = [f.registry.address, cfg] as const;
    assert.deepEqual(await f.revertOf(f.roles.admin, call("initialize", args)), {
      errorName: "InvalidInitialization",
      args: [],
    });
    assert.deepEqual(await f.revertOf(f.roles.admin, call("initialize", args, f.tokenImpl)), {
      errorName: "InvalidInitialization",
      args: [],
    });
  });

  test("the defaults of a class are all off", async () => {
    assert.deepEqual(await view("classConfig", []), [false, false, false, 0, 0, 0n, 0]);
  });

  test("admin setters emit their events and show in classConfig", async () => {
    const admin = f.roles.admin;
    const t = Number(await f.now());
    assert.deepEqual(await send(admin, "setAccreditationRequired", [true]), [
      ev("AccreditationRequirementSet", { required: true }),
    ]);
    assert.deepEqual(await send(admin, "setRegS", [true, t + 100]), [
      ev("RegSConfigured", { enabled: true, distributionEnd: t + 100 }),
    ]);
    assert.deepEqual(await send(admin, "setTransferLockup", [t + 50]), [
      ev("TransferLockupSet", { lockedUntil: t + 50 }),
    ]);
    assert.deepEqual(await send(admin, "setMaxBalancePerInvestor", [500n]), [
      ev("MaxBalanceSet", { maxBalancePerInvestor: 500n }),
    ]);
    assert.deepEqual(await send(admin, "setCountryRule", [1]), [ev("CountryRuleSet", { rule: 1 })]);
    assert.deepEqual(await view("classConfig", []), [false, true, true, t + 100, t + 50, 500n, 1]);
    assert.deepEqual(await send(admin, "setHolderCaps", [10, 5]), [
      ev("HolderCapsSet", { maxHolders: 10, maxNonAccreditedHolders: 5 }),
    ]);
    assert.deepEqual(await counts(), [2n, 0n, 10n, 5n]);
    // and back off: each setter clears its own field only
    await send(admin, "setAccreditationRequired", [false]);
    assert.deepEqual(await view("classConfig", []), [false, false, true, t + 100, t + 50, 500n, 1]);
    await send(admin, "setRegS", [false, 0]);
    await send(admin, "setTransferLockup", [0]);
    await send(admin, "setMaxBalancePerInvestor", [0n]);
    await send(admin, "setCountryRule", [0]);
    await send(admin, "setHolderCaps", [0, 0]);
    assert.deepEqual(await view("classConfig", []), [false, false, false, 0, 0, 0n, 0]);
    assert.deepEqual(await counts(), [2n, 0n, 0n, 0n]);
    assert.equal(await view("totalSupply", []), 150n);
  });

  test("setCountryRule accepts 0–2 and rejects anything else", async () => {
    await send(f.roles.admin, "setCountryRule", [2]);
    assert.equal((await view("classConfig", []))[6], 2);
    await rejects(f.roles.admin, "setCountryRule", [3], "InvalidCountryRule", [3]);
    await rejects(f.roles.admin, "setCountryRule", [255], "InvalidCountryRule", [255]);
  });

  test("setCountries lists and unlists ISO 3166-1 numeric codes", async () => {
    const admin = f.roles.admin;
    assert.deepEqual(await send(admin, "setCountries", [[COUNTRY.US, 999, 0], true]), [
      ev("CountriesSet", { countries: [COUNTRY.US, 999, 0], listed: true }),
    ]);
    for (const c of [COUNTRY.US, 999, 0]) assert.equal(await view("isCountryListed", [c]), true);
    assert.equal(await view("isCountryListed", [COUNTRY.DE]), false);
    assert.deepEqual(await send(admin, "setCountries", [[COUNTRY.US], false]), [
      ev("CountriesSet", { countries: [COUNTRY.US], listed: false }),
    ]);
    assert.equal(await view("isCountryListed", [COUNTRY.US]), false);
    assert.equal(await view("isCountryListed", [999]), true);
    await rejects(admin, "setCountries", [[COUNTRY.DE, 1000], true], "InvalidCountry", [1000]);
    await rejects(admin, "setCountries", [[], true], "EmptyBatch");
  });
});

// ------------------------------------------------------------------ holders and views

describe("holders of record and investor views", () => {
  test("investorOf, isVerified and investorBalance", async () => {
    await send(a1, "transfer", [a2, 30n]);
    assert.deepEqual(
      [await view("investorOf", [a1]), await view("investorOf", [a2]), await view("investorOf", [u])],
      [A, A, 0],
    );
    assert.equal(await view("investorBalance", [A]), 100n);
    assert.equal(await view("investorBalance", [C]), 0n);
    assert.equal(await view("isVerified", [a1]), true);
    assert.equal(await view("isVerified", [u]), false);
    await send(f.roles.freezer, "setAddressFrozen", [a2, true]);
    assert.equal(await view("isVerified", [a2]), false);
    assert.equal(await view("isVerified", [a1]), true);
    await updateInvestor(B, { frozen: true });
    assert.equal(await view("isVerified", [b1]), false);
    await updateInvestor(C, { kycExpiry: Number(await f.now()) });
    assert.equal(await view("isVerified", [c1]), false);
  });

  test("a non-accredited holder is counted while it holds", async () => {
    await f.registerInvestor(BigInt(D), d1, { accreditationExpiry: 0 });
    assert.deepEqual(await send(f.roles.agent, "mint", [d1, 10n]), [
      ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 1n }),
      ev("Transfer", { from: zeroAddress, to: d1, value: 10n }),
    ]);
    assert.equal(await view("isCountedNonAccredited", [D]), true);
    assert.deepEqual(await send(d1, "transfer", [b1, 10n]), [
      ev("HolderCountsChanged", { holders: 2n, nonAccreditedHolders: 0n }),
      ev("Transfer", { from: d1, to: b1, value: 10n }),
    ]);
    assert.equal(await view("isCountedNonAccredited", [D]), false);
  });

  test("syncHolderStatus counts a holder whose accreditation expired; a registry update recounts", async () => {
    await f.registerInvestor(BigInt(D), d1, { accreditationExpiry: Number(await f.now()) + 1000 });
    await send(f.roles.agent, "mint", [d1, 10n]);
    assert.equal(await view("isCountedNonAccredited", [D]), false);
    await f.testClient.increaseTime({ seconds: 2000 });
    await f.testClient.mine({ blocks: 1 });
    assert.deepEqual(await counts(), [3n, 0n, 0n, 0n]);
    // anyone may sync; investors that are not holders (C) or unchanged (A) are no-ops
    assert.deepEqual(await send(f.roles.outsider, "syncHolderStatus", [[A, D, C]]), [
      ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 1n }),
    ]);
    assert.equal(await view("isCountedNonAccredited", [D]), true);
    assert.equal(await view("isCountedNonAccredited", [C]), false);
    assert.deepEqual(await send(f.roles.outsider, "syncHolderStatus", [[D]]), []);
    assert.deepEqual(await send(f.roles.outsider, "syncHolderStatus", [[]]), []);
    const renewed = await updateInvestor(D, {});
    assert.deepEqual(tokenEvents(renewed), [
      ev("HolderCountsChanged", { holders: 3n, nonAccreditedHolders: 0n }),
    ]);
    assert.equal(await view("isCountedNonAccredited", [D]), false);
  });
});

// ------------------------------------------------------------------ registry hooks

describe("registry hooks", () => {
  test("only the registry may call them", async () => {
    for (const caller of [f.roles.outsider, f.roles.admin, f.roles.oracle]) {
      const error = ["UnauthorizedRegistry", [caller]] as const;
      await rejects(caller, "onInvestorUpdated", [A, 0n], ...error);
      await rejects(caller, "onWalletLinked", [u, A, 0n], ...error);
      await rejects(caller, "onWalletUnlinked", [a2, A], ...error);
    }
  });

  test("a wallet that holds tokens cannot be unlinked; an empty one can", async () => {
    const unlink = (wallet: Address) => ({
      ...f.registry,
      functionName: "unlinkWallet" as const,
      args: [wallet] as const,
    });
    assert.deepEqual(await f.revertOf(f.roles.oracle, unlink(a1)), {
      errorName: "WalletHasBalance",
      args: [f.token.address, a1, 100n],
    });
    await f.send(f.roles.oracle, unlink(a2));
    assert.equal(await view("investorOf", [a2]), 0);
    assert.equal(await view("investorOf", [a1]), A);
  });

  test("a wallet linked after binding is pushed into the class", async () => {
    await linkWallet(u, C);
    assert.equal(await view("investorOf", [u]), C);
    await send(f.roles.agent, "mint", [u, 3n]);
    assert.equal(await view("investorBalance", [C]), 3n);
  });

  test("an investor id removed and registered again is seen with its new record", async () => {
    await f.send(f.roles.oracle, { ...f.registry, functionName: "unlinkWallet", args: [c1] });
    await f.send(f.roles.oracle, { ...f.registry, functionName: "removeInvestor", args: [C] });
    await f.registerInvestor(BigInt(C), d1);
    assert.equal(await f.read({ ...f.registry, functionName: "isVerified", args: [d1] }), true);
    assert.equal(await view("investorOf", [d1]), C);
    // The class still holds the zeroed attributes that removeInvestor pushed (KYC missing → 41), because
    // onWalletLinked keeps the attributes of an investor already marked synced.
    assert.equal(await view("canMint", [d1, 1n]), 0);
    assert.equal(await view("isVerified", [d1]), true);
  });
});

// ------------------------------------------------------------------ upgrade and roles

describe("UUPS upgrade and role administration", () => {
  test("only UPGRADER_ROLE upgrades, and the state survives", async () => {
    const newImpl = await f.deploy(securityTokenAbi, securityTokenBytecode, []);
    await send(f.roles.freezer, "freezePartialTokens", [a1, 10n]);
    await send(f.roles.admin, "setMaxBalancePerInvestor", [1000n]);
    await send(a1, "approve", [b1, 7n]);
    const before = {
      balances: await balances(a1, b1),
      supply: await view("totalSupply", []),
      counts: await counts(),
      config: await view("classConfig", []),
    };
    for (const caller of [f.roles.admin, f.roles.agent]) {
      await rejects(caller, "upgradeToAndCall", [newImpl, "0x"], ...denied(caller, ROLE.UPGRADER));
    }
    const notUups = f.anchor.address;
    await rejects(f.roles.upgrader, "upgradeToAndCall", [notUups, "0x"], "ERC1967InvalidImplementation", [
      notUups,
    ]);
    assert.deepEqual(await send(f.roles.upgrader, "upgradeToAndCall", [newImpl, "0x"]), [
      ev("Upgraded", { implementation: newImpl }),
    ]);
    const slot = await f.publicClient.getStorageAt({ address: f.token.address, slot: IMPLEMENTATION_SLOT });
    assert.equal(slot, `0x${newImpl.slice(2).toLowerCase().padStart(64, "0")}`);
    assert.deepEqual(
      {
        balances: await balances(a1, b1),
        supply: await view("totalSupply", []),
        counts: await counts(),
        config: await view("classConfig", []),
      },
      before,
    );
    assert.equal(await view("getFrozenTokens", [a1]), 10n);
    assert.equal(await view("allowance", [a1, b1]), 7n);
    assert.equal(await view("hasRole", [ROLE.AGENT, f.roles.agent]), true);
    assert.equal(await view("investorOf", [a2]), A);
    await send(a1, "transfer", [b1, 5n]);
    assert.deepEqual(await balances(a1, b1), [95n, 55n]);
  });

  test("the implementation itself can be neither upgraded nor used as a proxy", async () => {
    const direct = call("upgradeToAndCall", [f.tokenImpl, "0x"], f.tokenImpl);
    assert.deepEqual(await f.revertOf(f.roles.upgrader, direct), {
      errorName: "UUPSUnauthorizedCallContext",
      args: [],
    });
    assert.equal(await view("proxiableUUID", [], f.tokenImpl), IMPLEMENTATION_SLOT);
  });

  test("the admin cannot grant itself UPGRADER_ROLE; the upgrader hands it on", async () => {
    const { admin, upgrader, outsider } = f.roles;
    assert.equal(await view("getRoleAdmin", [ROLE.UPGRADER]), ROLE.UPGRADER);
    await rejects(admin, "grantRole", [ROLE.UPGRADER, admin], ...denied(admin, ROLE.UPGRADER));
    assert.deepEqual(await send(upgrader, "grantRole", [ROLE.UPGRADER, outsider]), [
      ev("RoleGranted", { role: ROLE.UPGRADER, account: outsider, sender: upgrader }),
    ]);
    const newImpl = await f.deploy(securityTokenAbi, securityTokenBytecode, []);
    await send(outsider, "upgradeToAndCall", [newImpl, "0x"]);
    assert.deepEqual(await send(upgrader, "revokeRole", [ROLE.UPGRADER, outsider]), [
      ev("RoleRevoked", { role: ROLE.UPGRADER, account: outsider, sender: upgrader }),
    ]);
  });

  test("the admin grants and revokes operational roles; holders may renounce", async () => {
    const { admin, agent, outsider } = f.roles;
    assert.deepEqual(await send(admin, "grantRole", [ROLE.AGENT, outsider]), [
      ev("RoleGranted", { role: ROLE.AGENT, account: outsider, sender: admin }),
    ]);
    await send(outsider, "mint", [c1, 1n]);
    assert.deepEqual(await send(admin, "revokeRole", [ROLE.AGENT, outsider]), [
      ev("RoleRevoked", { role: ROLE.AGENT, account: outsider, sender: admin }),
    ]);
    await rejects(agent, "renounceRole", [ROLE.AGENT, admin], "AccessControlBadConfirmation");
    assert.deepEqual(await send(agent, "renounceRole", [ROLE.AGENT, agent]), [
      ev("RoleRevoked", { role: ROLE.AGENT, account: agent, sender: agent }),
    ]);
    await rejects(agent, "mint", [c1, 1n], ...denied(agent, ROLE.AGENT));
  });
});

// ------------------------------------------------------------------ role denials

describe("every privileged function denies accounts without its role", () => {
  type Privileged = { role: Hex; alsoAllowed?: Hex; tx: () => ReturnType<typeof call> };
  const privileged: Record<string, Privileged> = {
    mint: { role: ROLE.AGENT, tx: () => call("mint", [a1, 1n]) },
    batchMint: { role: ROLE.AGENT, tx: () => call("batchMint", [[a1], [1n]]) },
    burn: { role: ROLE.AGENT, tx: () => call("burn", [a1, 1n]) },
    batchBurn: { role: ROLE.AGENT, tx: () => call("batchBurn", [[a1], [1n]]) },
    forcedTransfer: { role: ROLE.AGENT, tx: () => call("forcedTransfer", [a1, b1, 1n, 1]) },
    batchForcedTransfer: { role: ROLE.AGENT, tx: () => call("batchForcedTransfer", [[a1], [b1], [1n], [1]]) },
    recoveryAddress: { role: ROLE.AGENT, tx: () => call("recoveryAddress", [a1, a2]) },
    setAddressFrozen: { role: ROLE.FREEZER, tx: () => call("setAddressFrozen", [a1, true]) },
    batchSetAddressFrozen: { role: ROLE.FREEZER, tx: () => call("batchSetAddressFrozen", [[a1], [true]]) },
    freezePartialTokens: { role: ROLE.FREEZER, tx: () => call("freezePartialTokens", [a1, 1n]) },
    batchFreezePartialTokens: {
      role: ROLE.FREEZER,
      tx: () => call("batchFreezePartialTokens", [[a1], [1n]]),
    },
    unfreezePartialTokens: { role: ROLE.FREEZER, tx: () => call("unfreezePartialTokens", [a1, 1n]) },
    batchUnfreezePartialTokens: {
      role: ROLE.FREEZER,
      tx: () => call("batchUnfreezePartialTokens", [[a1], [1n]]),
    },
    pause: { role: ROLE.DEFAULT_ADMIN, alsoAllowed: ROLE.GUARDIAN, tx: () => call("pause", []) },
    unpause: { role: ROLE.DEFAULT_ADMIN, tx: () => call("unpause", []) },
    setAccreditationRequired: {
      role: ROLE.DEFAULT_ADMIN,
      tx: () => call("setAccreditationRequired", [true]),
    },
    setRegS: { role: ROLE.DEFAULT_ADMIN, tx: () => call("setRegS", [true, 1]) },
    setTransferLockup: { role: ROLE.DEFAULT_ADMIN, tx: () => call("setTransferLockup", [1]) },
    setMaxBalancePerInvestor: { role: ROLE.DEFAULT_ADMIN, tx: () => call("setMaxBalancePerInvestor", [1n]) },
    setHolderCaps: { role: ROLE.DEFAULT_ADMIN, tx: () => call("setHolderCaps", [1, 1]) },
    setCountryRule: { role: ROLE.DEFAULT_ADMIN, tx: () => call("setCountryRule", [1]) },
    setCountries: { role: ROLE.DEFAULT_ADMIN, tx: () => call("setCountries", [[COUNTRY.US], true]) },
    "grantRole(AGENT)": {
      role: ROLE.DEFAULT_ADMIN,
      tx: () => call("grantRole", [ROLE.AGENT, f.roles.outsider]),
    },
    "revokeRole(AGENT)": {
      role: ROLE.DEFAULT_ADMIN,
      tx: () => call("revokeRole", [ROLE.AGENT, f.roles.agent]),
    },
    upgradeToAndCall: { role: ROLE.UPGRADER, tx: () => call("upgradeToAndCall", [f.tokenImpl, "0x"]) },
    "grantRole(UPGRADER)": {
      role: ROLE.UPGRADER,
      tx: () => call("grantRole", [ROLE.UPGRADER, f.roles.admin]),
    },
    "revokeRole(UPGRADER)": {
      role: ROLE.UPGRADER,
      tx: () => call("revokeRole", [ROLE.UPGRADER, f.roles.upgrader]),
    },
  };
  const callers: RoleHolder[] = ["admin", "agent", "freezer", "guardian", "upgrader", "oracle", "outsider"];

  for (const [name, { role, alsoAllowed, tx }] of Object.entries(privileged)) {
    test(name, async () => {
      let checked = 0;
      for (const who of callers) {
        const account = f.roles[who];
        if (await view("hasRole", [role, account])) continue;
        if (alsoAllowed && (await view("hasRole", [alsoAllowed, account]))) continue;
        const [errorName, args] = denied(account, role);
        assert.deepEqual(await f.revertOf(account, tx()), { errorName, args }, `${name} from ${who}`);
        checked++;
      }
      assert.ok(checked >= 4, `${name}: only ${checked} callers checked`);
    });
  }
});
