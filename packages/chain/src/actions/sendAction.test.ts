/** sendAction against anvil: success, role gate, revert at estimation, mined revert replayed with eth_call. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { investorRegistryAbi } from "@coinscious/contracts";
import { type Hex, keccak256, toHex } from "viem";
import { ANCHORER, type Fixture, GUARDIAN, ORACLE, startFixture, wallet } from "../preflight/testFixture.ts";
import { anchorRoot } from "./anchorRoot.ts";
import { ActionRevertedError, InvalidActionError } from "./errors.ts";
import { mint } from "./mint.ts";
import { pause } from "./pause.ts";
import { registerInvestor } from "./registerInvestor.ts";
import { roleIds } from "./roleIds.ts";
import { sendAction } from "./sendAction.ts";
import { unpause } from "./unpause.ts";
import { updateInvestor } from "./updateInvestor.ts";

describe("sendAction", () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(async () => {
    await f?.stop();
  });

  const record = (kycExpiry: number) => ({
    country: 276,
    kycExpiry,
    accreditationExpiry: 0,
    lockupUntil: 0,
    usPerson: false,
    frozen: false,
  });

  test("sends a registry-oracle action and returns the successful receipt", async () => {
    const action = registerInvestor({
      registry: f.registry,
      investorId: 1n,
      wallet: wallet(1),
      record: record(2_000_000_000),
    });
    const { receipt, hash } = await sendAction({
      walletClient: f.walletFor(ORACLE),
      publicClient: f.publicClient,
      action,
    });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.transactionHash, hash);
    const id = await f.publicClient.readContract({
      address: f.registry,
      abi: investorRegistryAbi,
      functionName: "investorOf",
      args: [wallet(1)],
    });
    assert.equal(id, 1);
  });

  test("sends guardian and anchorer actions", async () => {
    const p = await sendAction({
      walletClient: f.walletFor(GUARDIAN),
      publicClient: f.publicClient,
      action: pause({ token: f.token }),
    });
    assert.equal(p.receipt.status, "success");
    const day = Math.floor((await f.now()) / 86_400);
    const a = await sendAction({
      walletClient: f.walletFor(ANCHORER),
      publicClient: f.publicClient,
      action: anchorRoot({ logAnchor: f.logAnchor, day, root: keccak256(toHex("log")), leafCount: 3n }),
    });
    assert.equal(a.receipt.status, "success");
  });

  test("refuses Safe-held roles unless allowed, before sending anything", async () => {
    const before = await f.publicClient.getBlockNumber({ cacheTime: 0 });
    for (const action of [mint({ token: f.token, to: wallet(1), amount: 1n }), unpause({ token: f.token })]) {
      await assert.rejects(
        sendAction({ walletClient: f.walletFor(ORACLE), publicClient: f.publicClient, action }),
        (e: unknown) => e instanceof InvalidActionError && e.details.field === "role",
      );
    }
    assert.equal(await f.publicClient.getBlockNumber({ cacheTime: 0 }), before);
  });

  test("a revert at estimation throws ACTION_REVERTED with the decoded error; nothing is sent", async () => {
    const before = await f.publicClient.getBlockNumber({ cacheTime: 0 });
    const action = updateInvestor({ registry: f.registry, investorId: 99n, record: record(2_000_000_000) });
    await assert.rejects(
      sendAction({ walletClient: f.walletFor(ORACLE), publicClient: f.publicClient, action }),
      (e: unknown) => {
        assert.ok(e instanceof ActionRevertedError);
        assert.equal(e.code, "ACTION_REVERTED");
        assert.equal(e.transactionHash, undefined);
        assert.deepEqual(e.revert && { name: e.revert.errorName, args: e.revert.args }, {
          name: "UnknownInvestor",
          args: [99],
        });
        assert.equal(e.details?.errorName, "UnknownInvestor");
        JSON.stringify(e.toJSON()); // details are JSON-safe
        return true;
      },
    );
    assert.equal(await f.publicClient.getBlockNumber({ cacheTime: 0 }), before);
  });

  test("a mined revert is replayed with eth_call to decode it", async () => {
    // The guardian may pause but not unpause: with a fixed gas limit nothing is estimated and the call is mined.
    const action = { ...unpause({ token: f.token }), role: "guardian" as const };
    await assert.rejects(
      sendAction({
        walletClient: f.walletFor(GUARDIAN),
        publicClient: f.publicClient,
        action,
        gas: 200_000n,
      }),
      (e: unknown) => {
        assert.ok(e instanceof ActionRevertedError);
        assert.match(e.transactionHash as Hex, /^0x[0-9a-f]{64}$/);
        assert.equal(e.revert?.errorName, "AccessControlUnauthorizedAccount");
        assert.deepEqual(e.revert?.args, [GUARDIAN, roleIds.DEFAULT_ADMIN_ROLE]);
        return true;
      },
    );
  });
});
