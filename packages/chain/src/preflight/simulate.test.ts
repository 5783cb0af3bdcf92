/** simulate against anvil: verdicts, every reason (revert, rules, batch items), gas and balance changes. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ReasonCode } from "@coinscious/core";
import { keccak256, toHex } from "viem";
import { anchorRoot } from "../actions/anchorRoot.ts";
import { batchForcedTransfer } from "../actions/batchForcedTransfer.ts";
import { batchMint } from "../actions/batchMint.ts";
import { burn } from "../actions/burn.ts";
import { InvalidActionError } from "../actions/errors.ts";
import { forcedTransfer } from "../actions/forcedTransfer.ts";
import { linkWallet } from "../actions/linkWallet.ts";
import { mint } from "../actions/mint.ts";
import { pause } from "../actions/pause.ts";
import { recoveryAddress } from "../actions/recoveryAddress.ts";
import { registerInvestor } from "../actions/registerInvestor.ts";
import type { InvestorRecord } from "../actions/types.ts";
import { unlinkWallet } from "../actions/unlinkWallet.ts";
import { unpause } from "../actions/unpause.ts";
import { updateInvestor } from "../actions/updateInvestor.ts";
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
import type { PreflightReason } from "./types.ts";

const DE = 276;
const JP = 392;
const W = {
  a1: wallet(1),
  a2: wallet(2),
  b: wallet(3),
  frozen: wallet(4),
  jp: wallet(5),
  unlinked: wallet(9),
};

/** The reasons without titles, for compact comparisons. */
const brief = (reasons: PreflightReason[]) =>
  reasons.map((r) => ({
    code: r.code,
    name: r.name,
    source: r.source,
    ...(r.item === undefined ? {} : { item: r.item }),
  }));

describe("simulate", () => {
  let f: Fixture;
  let blockBeforeB: bigint;
  before(async () => {
    f = await startFixture({ countryRule: 1, countries: [DE, 250, 840], maxBalancePerInvestor: 1000n });
    const t = await f.now();
    const rec = (over: Partial<InvestorRecord> = {}): InvestorRecord => ({
      country: DE,
      kycExpiry: t + 365 * 86_400,
      accreditationExpiry: 0,
      lockupUntil: 0,
      usPerson: false,
      frozen: false,
      ...over,
    });
    const r = f.registry;
    await f.send(ORACLE, registerInvestor({ registry: r, investorId: 1n, wallet: W.a1, record: rec() }));
    await f.send(ORACLE, linkWallet({ registry: r, wallet: W.a2, investorId: 1n }));
    blockBeforeB = await f.publicClient.getBlockNumber({ cacheTime: 0 });
    await f.send(ORACLE, registerInvestor({ registry: r, investorId: 2n, wallet: W.b, record: rec() }));
    await f.send(
      ORACLE,
      registerInvestor({ registry: r, investorId: 3n, wallet: W.frozen, record: rec({ frozen: true }) }),
    );
    await f.send(
      ORACLE,
      registerInvestor({ registry: r, investorId: 4n, wallet: W.jp, record: rec({ country: JP }) }),
    );
    await f.send(SAFE, mint({ token: f.token, to: W.a1, amount: 300n }));
    await f.send(SAFE, mint({ token: f.token, to: W.b, amount: 100n }));
  });
  after(async () => {
    await f?.stop();
  });

  test("ok: no reasons, a gas estimate, the recipient's balance change", async () => {
    const r = await simulate({
      publicClient: f.publicClient,
      action: mint({ token: f.token, to: W.a2, amount: 50n }),
      from: SAFE,
    });
    assert.equal(r.ok, true);
    assert.deepEqual(r.reasons, []);
    assert.equal(r.revert, undefined);
    assert.ok((r.gasEstimate ?? 0n) > 21_000n);
    assert.deepEqual(r.balanceChanges, [
      { token: f.token, wallet: W.a2, before: 0n, after: 50n, delta: 50n },
    ]);
    assert.equal(r.blockNumber, await f.publicClient.getBlockNumber({ cacheTime: 0 }));
  });

  test("a rule failure: TransferNotAllowed's code mapped to core's registry", async () => {
    const r = await simulate({
      publicClient: f.publicClient,
      action: mint({ token: f.token, to: W.jp, amount: 1n }),
      from: SAFE,
    });
    assert.equal(r.ok, false);
    assert.equal(r.revert?.errorName, "TransferNotAllowed");
    assert.deepEqual(r.revert?.args, [
      "0x0000000000000000000000000000000000000000",
      W.jp,
      1n,
      ReasonCode.JURISDICTION_BLOCKED,
    ]);
    assert.deepEqual(brief(r.reasons), [{ code: 50, name: "JURISDICTION_BLOCKED", source: "revert" }]);
    assert.equal(r.reasons[0]?.title, "Recipient jurisdiction blocked");
    assert.equal(r.gasEstimate, undefined);
    assert.deepEqual(r.balanceChanges, []);
  });

  test("a missing role and, from the rule views, what else is wrong", async () => {
    const r = await simulate({
      publicClient: f.publicClient,
      action: mint({ token: f.token, to: W.unlinked, amount: 1n }),
      from: OUTSIDER,
    });
    assert.equal(r.ok, false);
    assert.equal(r.revert?.errorName, "AccessControlUnauthorizedAccount");
    assert.deepEqual(brief(r.reasons), [
      { code: null, name: "MISSING_ROLE", source: "revert" },
      { code: 21, name: "WALLET_NOT_WHITELISTED_TO", source: "rules" },
    ]);
    assert.equal(r.reasons[0]?.title, "The sender lacks AGENT_ROLE");
  });

  test("batchMint: every failing item with its first failure, later items judged after earlier ones", async () => {
    // a1 holds 300: item 0 takes investor 1 to 900, so item 3 (+200 for investor 1 through a2) exceeds 1000.
    const action = batchMint({
      token: f.token,
      toList: [W.a1, W.unlinked, W.frozen, W.a2, W.b],
      amounts: [600n, 1n, 1n, 200n, 5n],
    });
    const r = await simulate({ publicClient: f.publicClient, action, from: SAFE });
    assert.equal(r.ok, false);
    assert.deepEqual(r.revert?.args, ["0x0000000000000000000000000000000000000000", W.unlinked, 1n, 21]);
    assert.deepEqual(brief(r.reasons), [
      { code: 21, name: "WALLET_NOT_WHITELISTED_TO", source: "revert", item: 1 },
      { code: 11, name: "STOP_ORDER", source: "revert", item: 2 },
      { code: 112, name: "MAX_BALANCE_EXCEEDED", source: "revert", item: 3 },
    ]);
    // Without the role the items are judged by the views, each on today's state (item 3 alone fits).
    const denied = await simulate({ publicClient: f.publicClient, action, from: GUARDIAN });
    assert.deepEqual(brief(denied.reasons), [
      { code: null, name: "MISSING_ROLE", source: "revert" },
      { code: 21, name: "WALLET_NOT_WHITELISTED_TO", source: "rules", item: 1 },
      { code: 11, name: "STOP_ORDER", source: "rules", item: 2 },
    ]);
  });

  test("burn beyond the balance: ERC20InsufficientBalance is reason 120", async () => {
    const r = await simulate({
      publicClient: f.publicClient,
      action: burn({ token: f.token, from: W.b, amount: 101n }),
      from: SAFE,
    });
    assert.equal(r.revert?.errorName, "ERC20InsufficientBalance");
    assert.deepEqual(brief(r.reasons), [
      { code: 120, name: "INSUFFICIENT_UNRESTRICTED_BALANCE", source: "revert" },
    ]);
  });

  test("forced transfers: both sides' balances; the recipient rules only", async () => {
    const ok = await simulate({
      publicClient: f.publicClient,
      action: forcedTransfer({ token: f.token, from: W.a1, to: W.jp, amount: 10n, reason: "COURT_ORDER" }),
      from: SAFE,
    });
    // JP is blocked for holders' transfers and mints, but a forced move keeps only the recipient's stop order,
    // link and KYC.
    assert.equal(ok.ok, true);
    assert.deepEqual(
      ok.balanceChanges.map((c) => [c.wallet, c.delta, c.after]),
      [
        [W.a1, -10n, 290n],
        [W.jp, 10n, 10n],
      ],
    );
    const batch = batchForcedTransfer({
      token: f.token,
      fromList: [W.a1, W.b, W.b],
      toList: [W.b, W.frozen, W.a1],
      amounts: [50n, 1n, 151n],
      reasons: [1, 1, 1],
    });
    const r = await simulate({ publicClient: f.publicClient, action: batch, from: SAFE });
    // Item 2 moves 151 from b, which holds 100 + the 50 of item 0: one short.
    assert.deepEqual(brief(r.reasons), [
      { code: 11, name: "STOP_ORDER", source: "revert", item: 1 },
      { code: 120, name: "INSUFFICIENT_UNRESTRICTED_BALANCE", source: "revert", item: 2 },
    ]);
  });

  test("recovery: balance changes when ok; view reasons without the role", async () => {
    const ok = await simulate({
      publicClient: f.publicClient,
      action: recoveryAddress({ token: f.token, lostWallet: W.a1, newWallet: W.a2 }),
      from: SAFE,
    });
    assert.equal(ok.ok, true);
    assert.deepEqual(
      ok.balanceChanges.map((c) => [c.wallet, c.before, c.after]),
      [
        [W.a1, 300n, 0n],
        [W.a2, 0n, 300n],
      ],
    );
    const r = await simulate({
      publicClient: f.publicClient,
      action: recoveryAddress({ token: f.token, lostWallet: W.a1, newWallet: W.b }),
      from: OUTSIDER,
    });
    assert.deepEqual(brief(r.reasons), [
      { code: null, name: "MISSING_ROLE", source: "revert" },
      { code: null, name: "WALLETS_NOT_SAME_INVESTOR", source: "rules" },
    ]);
  });

  test("non-rule reverts keep code null and a name of their own", async () => {
    const cases = [
      [pause({ token: f.token }), GUARDIAN, "ALREADY_PAUSED", true],
      [unpause({ token: f.token }), SAFE, "NOT_PAUSED", false],
      [unlinkWallet({ registry: f.registry, wallet: W.a1 }), ORACLE, "WALLET_HAS_BALANCE", false],
      [
        updateInvestor({
          registry: f.registry,
          investorId: 77n,
          record: {
            country: 0,
            kycExpiry: 0,
            accreditationExpiry: 0,
            lockupUntil: 0,
            usPerson: false,
            frozen: false,
          },
        }),
        ORACLE,
        "UNKNOWN_INVESTOR",
        false,
      ],
      [
        anchorRoot({ logAnchor: f.logAnchor, day: 2 ** 32 - 1, root: keccak256(toHex("x")), leafCount: 1n }),
        ANCHORER,
        "DAY_IN_FUTURE",
        false,
      ],
    ] as const;
    for (const [action, from, name, pauseFirst] of cases) {
      if (pauseFirst) await f.send(GUARDIAN, pause({ token: f.token }));
      const r = await simulate({ publicClient: f.publicClient, action, from });
      assert.equal(r.ok, false, name);
      assert.deepEqual(brief(r.reasons), [{ code: null, name, source: "revert" }]);
      if (pauseFirst) await f.send(SAFE, unpause({ token: f.token }));
    }
  });

  test("pending and explicit blocks; a malformed from is INVALID_ACTION", async () => {
    const action = mint({ token: f.token, to: W.b, amount: 1n });
    const pending = await simulate({ publicClient: f.publicClient, action, from: SAFE, blockTag: "pending" });
    assert.equal(pending.ok, true);
    assert.equal(pending.blockNumber, undefined);
    // Before investor 2 was registered, the recipient was not linked.
    const early = await simulate({
      publicClient: f.publicClient,
      action,
      from: SAFE,
      blockNumber: blockBeforeB,
    });
    assert.equal(early.ok, false);
    assert.equal(early.blockNumber, blockBeforeB);
    assert.deepEqual(brief(early.reasons), [
      { code: 21, name: "WALLET_NOT_WHITELISTED_TO", source: "revert" },
    ]);
    // Before the token existed: no contract, which a bare eth_call would report as success.
    const none = await simulate({ publicClient: f.publicClient, action, from: SAFE, blockNumber: 1n });
    assert.equal(none.ok, false);
    assert.equal(none.revert, undefined);
    assert.deepEqual(brief(none.reasons), [{ code: null, name: "NO_CONTRACT", source: "revert" }]);
    await assert.rejects(
      simulate({ publicClient: f.publicClient, action, from: "0x12" }),
      (e: unknown) => e instanceof InvalidActionError && e.details.field === "from",
    );
  });
});
