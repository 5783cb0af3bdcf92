/**
 * Agent, freezer and pause actions: the calldata decodes back to the contract call with the normalized
 * arguments, and every invalid input is refused with INVALID_ACTION naming its field.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { securityTokenAbi } from "@coinscious/contracts";
import { MAX_SUPPLY } from "@coinscious/core";
import { type Address, decodeFunctionData, getAddress } from "viem";
import { batchBurn } from "./batchBurn.ts";
import { batchForcedTransfer } from "./batchForcedTransfer.ts";
import { batchFreezePartialTokens } from "./batchFreezePartialTokens.ts";
import { batchMint } from "./batchMint.ts";
import { batchSetAddressFrozen } from "./batchSetAddressFrozen.ts";
import { batchUnfreezePartialTokens } from "./batchUnfreezePartialTokens.ts";
import { burn } from "./burn.ts";
import { InvalidActionError } from "./errors.ts";
import { forcedTransfer } from "./forcedTransfer.ts";
import { freezePartialTokens } from "./freezePartialTokens.ts";
import { mint } from "./mint.ts";
import { pause } from "./pause.ts";
import { recoveryAddress } from "./recoveryAddress.ts";
import { setAddressFrozen } from "./setAddressFrozen.ts";
import type { Action } from "./types.ts";
import { unfreezePartialTokens } from "./unfreezePartialTokens.ts";
import { unpause } from "./unpause.ts";

const TOKEN = getAddress("0x1111111111111111111111111111111111111111");
const A = getAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
const B = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const ZERO = "0x0000000000000000000000000000000000000000";
/** A's checksum with one letter's case flipped: a typo that a checksum catches. */
const BAD_CHECKSUM = A.replace(/[a-f]/, (c) => c.toUpperCase());
const NOT_AN_ADDRESS = "0x1234";

/** Asserts INVALID_ACTION on `field`. */
function assertInvalid(fn: () => unknown, field: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidActionError, `expected InvalidActionError, got ${String(e)}`);
    assert.equal(e.code, "INVALID_ACTION");
    assert.equal(e.details.field, field);
    return true;
  });
}

/** The contract call the action's calldata encodes. */
function call(action: Action) {
  const d = decodeFunctionData({ abi: securityTokenAbi, data: action.data });
  return { functionName: d.functionName, args: d.args ?? [] };
}

/** Address checks every address field gets. */
function addressCases(build: (v: unknown) => unknown, field: string) {
  for (const bad of [ZERO, BAD_CHECKSUM, NOT_AN_ADDRESS, 42, undefined])
    assertInvalid(() => build(bad), field);
}

/** Amount checks: bigint, > 0, ≤ 2^96-1. */
function amountCases(build: (v: unknown) => unknown, field: string) {
  for (const bad of [0n, -1n, MAX_SUPPLY + 1n, 5, "5", undefined]) assertInvalid(() => build(bad), field);
}

describe("mint", () => {
  const valid = { token: TOKEN, to: A.toLowerCase() as Address, amount: 100n };
  test("encodes SecurityToken.mint for the agent, addresses checksummed", () => {
    const a = mint(valid);
    assert.deepEqual(call(a), { functionName: "mint", args: [A, 100n] });
    assert.equal(a.kind, "mint");
    assert.equal(a.role, "agent");
    assert.equal(a.target, TOKEN);
    assert.equal(a.value, 0n);
    assert.deepEqual(a.params, { token: TOKEN, to: A, amount: 100n });
    assert.match(a.description, /100/);
    assert.deepEqual(call(mint({ ...valid, amount: MAX_SUPPLY })).args, [A, MAX_SUPPLY]);
  });
  test("refuses bad input; the error's details are JSON-safe", () => {
    assert.throws(
      () => mint({ ...valid, amount: -1n }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidActionError);
        assert.deepEqual(JSON.parse(JSON.stringify(e.toJSON())).details, {
          field: "amount",
          reason: "must be greater than zero",
          value: "-1",
        });
        return true;
      },
    );
    addressCases((v) => mint({ ...valid, token: v as Address }), "token");
    addressCases((v) => mint({ ...valid, to: v as Address }), "to");
    amountCases((v) => mint({ ...valid, amount: v as bigint }), "amount");
  });
});

describe("batchMint", () => {
  const valid = { token: TOKEN, toList: [A, B], amounts: [1n, 2n] };
  test("encodes SecurityToken.batchMint", () => {
    const a = batchMint(valid);
    assert.deepEqual(call(a), {
      functionName: "batchMint",
      args: [
        [A, B],
        [1n, 2n],
      ],
    });
    assert.equal(a.role, "agent");
    assert.deepEqual(a.params, valid);
  });
  test("refuses bad input", () => {
    addressCases((v) => batchMint({ ...valid, token: v as Address }), "token");
    assertInvalid(() => batchMint({ ...valid, toList: [], amounts: [] }), "toList");
    assertInvalid(() => batchMint({ ...valid, amounts: [1n] }), "amounts");
    assertInvalid(() => batchMint({ ...valid, toList: "x" as never }), "toList");
    addressCases((v) => batchMint({ ...valid, toList: [A, v as Address] }), "toList[1]");
    amountCases((v) => batchMint({ ...valid, amounts: [1n, v as bigint] }), "amounts[1]");
  });
});

describe("burn", () => {
  const valid = { token: TOKEN, from: A, amount: 7n };
  test("encodes SecurityToken.burn", () => {
    const a = burn(valid);
    assert.deepEqual(call(a), { functionName: "burn", args: [A, 7n] });
    assert.equal(a.role, "agent");
  });
  test("refuses bad input", () => {
    addressCases((v) => burn({ ...valid, token: v as Address }), "token");
    addressCases((v) => burn({ ...valid, from: v as Address }), "from");
    amountCases((v) => burn({ ...valid, amount: v as bigint }), "amount");
  });
});

describe("batchBurn", () => {
  const valid = { token: TOKEN, fromList: [A, B], amounts: [3n, 4n] };
  test("encodes SecurityToken.batchBurn", () => {
    assert.deepEqual(call(batchBurn(valid)), {
      functionName: "batchBurn",
      args: [
        [A, B],
        [3n, 4n],
      ],
    });
  });
  test("refuses bad input", () => {
    assertInvalid(() => batchBurn({ ...valid, fromList: [], amounts: [] }), "fromList");
    assertInvalid(() => batchBurn({ ...valid, amounts: [1n, 2n, 3n] }), "amounts");
    addressCases((v) => batchBurn({ ...valid, fromList: [v as Address, B] }), "fromList[0]");
    amountCases((v) => batchBurn({ ...valid, amounts: [v as bigint, 1n] }), "amounts[0]");
  });
});

describe("forcedTransfer", () => {
  const valid = { token: TOKEN, from: A, to: B, amount: 9n, reason: 1 };
  test("encodes SecurityToken.forcedTransfer with the reason's code (by code or name)", () => {
    const a = forcedTransfer(valid);
    assert.deepEqual(call(a), { functionName: "forcedTransfer", args: [A, B, 9n, 1] });
    assert.equal(a.params.reasonCode, 1);
    assert.match(a.description, /COURT_ORDER/);
    assert.deepEqual(call(forcedTransfer({ ...valid, reason: "LOST_WALLET" })).args, [A, B, 9n, 4]);
  });
  test("refuses bad input, including reasons outside core's forcedTransferReasons", () => {
    addressCases((v) => forcedTransfer({ ...valid, from: v as Address }), "from");
    addressCases((v) => forcedTransfer({ ...valid, to: v as Address }), "to");
    // A self-move would only release partial freezes (the freezer's job), never meaningful.
    assertInvalid(() => forcedTransfer({ ...valid, to: A.toLowerCase() as Address }), "to");
    amountCases((v) => forcedTransfer({ ...valid, amount: v as bigint }), "amount");
    for (const bad of [0, 10, 255, -1, 1.5, "NOPE", "court_order", undefined]) {
      assertInvalid(() => forcedTransfer({ ...valid, reason: bad as number }), "reason");
    }
  });
});

describe("batchForcedTransfer", () => {
  const valid = {
    token: TOKEN,
    fromList: [A, B],
    toList: [B, A],
    amounts: [1n, 2n],
    reasons: [1, "ERROR_CORRECTION"] as const,
  };
  test("encodes SecurityToken.batchForcedTransfer", () => {
    const a = batchForcedTransfer({ ...valid, reasons: [...valid.reasons] });
    assert.deepEqual(call(a), {
      functionName: "batchForcedTransfer",
      args: [
        [A, B],
        [B, A],
        [1n, 2n],
        [1, 3],
      ],
    });
    assert.deepEqual(a.params.reasonCodes, [1, 3]);
  });
  test("refuses bad input", () => {
    const v = { ...valid, reasons: [...valid.reasons] };
    assertInvalid(() => batchForcedTransfer({ ...v, fromList: [] }), "fromList");
    assertInvalid(() => batchForcedTransfer({ ...v, toList: [A] }), "toList");
    assertInvalid(() => batchForcedTransfer({ ...v, amounts: [1n] }), "amounts");
    assertInvalid(() => batchForcedTransfer({ ...v, reasons: [1] }), "reasons");
    addressCases((x) => batchForcedTransfer({ ...v, toList: [B, x as Address] }), "toList[1]");
    assertInvalid(() => batchForcedTransfer({ ...v, toList: [B, B] }), "toList[1]");
    amountCases((x) => batchForcedTransfer({ ...v, amounts: [1n, x as bigint] }), "amounts[1]");
    assertInvalid(() => batchForcedTransfer({ ...v, reasons: [1, 0] }), "reasons[1]");
  });
});

describe("recoveryAddress", () => {
  const valid = { token: TOKEN, lostWallet: A, newWallet: B };
  test("encodes SecurityToken.recoveryAddress", () => {
    const a = recoveryAddress(valid);
    assert.deepEqual(call(a), { functionName: "recoveryAddress", args: [A, B] });
    assert.equal(a.role, "agent");
  });
  test("refuses bad input and the same wallet twice", () => {
    addressCases((v) => recoveryAddress({ ...valid, lostWallet: v as Address }), "lostWallet");
    addressCases((v) => recoveryAddress({ ...valid, newWallet: v as Address }), "newWallet");
    assertInvalid(() => recoveryAddress({ ...valid, newWallet: A.toLowerCase() as Address }), "newWallet");
  });
});

describe("setAddressFrozen / batchSetAddressFrozen", () => {
  test("encode the freezer's calls", () => {
    const a = setAddressFrozen({ token: TOKEN, wallet: A, frozen: true });
    assert.deepEqual(call(a), { functionName: "setAddressFrozen", args: [A, true] });
    assert.equal(a.role, "freezer");
    const b = batchSetAddressFrozen({ token: TOKEN, wallets: [A, B], frozen: [true, false] });
    assert.deepEqual(call(b), {
      functionName: "batchSetAddressFrozen",
      args: [
        [A, B],
        [true, false],
      ],
    });
    assert.equal(b.role, "freezer");
  });
  test("refuse bad input", () => {
    addressCases((v) => setAddressFrozen({ token: TOKEN, wallet: v as Address, frozen: true }), "wallet");
    assertInvalid(() => setAddressFrozen({ token: TOKEN, wallet: A, frozen: 1 as never }), "frozen");
    assertInvalid(() => batchSetAddressFrozen({ token: TOKEN, wallets: [], frozen: [] }), "wallets");
    assertInvalid(
      () => batchSetAddressFrozen({ token: TOKEN, wallets: [A], frozen: [true, true] }),
      "frozen",
    );
    assertInvalid(
      () => batchSetAddressFrozen({ token: TOKEN, wallets: [A, B], frozen: [true, "no" as never] }),
      "frozen[1]",
    );
  });
});

describe("freezePartialTokens / unfreezePartialTokens and batch forms", () => {
  test("encode the freezer's calls", () => {
    for (const [build, fn] of [
      [freezePartialTokens, "freezePartialTokens"],
      [unfreezePartialTokens, "unfreezePartialTokens"],
    ] as const) {
      const a = build({ token: TOKEN, wallet: A, amount: 5n });
      assert.deepEqual(call(a), { functionName: fn, args: [A, 5n] });
      assert.equal(a.role, "freezer");
      assert.equal(a.kind, fn);
    }
    for (const [build, fn] of [
      [batchFreezePartialTokens, "batchFreezePartialTokens"],
      [batchUnfreezePartialTokens, "batchUnfreezePartialTokens"],
    ] as const) {
      const a = build({ token: TOKEN, wallets: [A, B], amounts: [5n, 6n] });
      assert.deepEqual(call(a), {
        functionName: fn,
        args: [
          [A, B],
          [5n, 6n],
        ],
      });
      assert.equal(a.role, "freezer");
    }
  });
  test("refuse bad input", () => {
    for (const build of [freezePartialTokens, unfreezePartialTokens]) {
      addressCases((v) => build({ token: TOKEN, wallet: v as Address, amount: 1n }), "wallet");
      amountCases((v) => build({ token: TOKEN, wallet: A, amount: v as bigint }), "amount");
    }
    for (const build of [batchFreezePartialTokens, batchUnfreezePartialTokens]) {
      assertInvalid(() => build({ token: TOKEN, wallets: [], amounts: [] }), "wallets");
      assertInvalid(() => build({ token: TOKEN, wallets: [A], amounts: [1n, 1n] }), "amounts");
      amountCases((v) => build({ token: TOKEN, wallets: [A], amounts: [v as bigint] }), "amounts[0]");
    }
  });
});

describe("pause / unpause", () => {
  test("pause is the guardian's, unpause the admin's", () => {
    const p = pause({ token: TOKEN });
    assert.deepEqual(call(p), { functionName: "pause", args: [] });
    assert.equal(p.role, "guardian");
    const u = unpause({ token: TOKEN });
    assert.deepEqual(call(u), { functionName: "unpause", args: [] });
    assert.equal(u.role, "admin");
  });
  test("refuse a bad token", () => {
    addressCases((v) => pause({ token: v as Address }), "token");
    addressCases((v) => unpause({ token: v as Address }), "token");
  });
});
