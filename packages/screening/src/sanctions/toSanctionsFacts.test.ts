import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkTransfer } from "@coinscious/compliance";
import { transfer, WALLET } from "@coinscious/compliance/testing";
import { screenAddress } from "./screenAddress.ts";
import { toSanctionsFacts } from "./toSanctionsFacts.ts";

const ALICE = WALLET.alice;
const BOB = WALLET.bob;
const NOW = new Date("2025-09-10T14:00:00Z");
const fresh = {
  addresses: new Map(),
  lastCheckedAt: new Date("2025-09-10T06:00:00Z"),
  publishDate: "2025-09-09",
  versionId: 1n,
};
const listing = (address: string) =>
  new Map([[address, { address: address as `0x${string}`, tickers: ["ETH"], entryIds: ["1"] }]]);

/** Compliance's own ALLOW transfer, but for the sanctions facts given. */
function decide(f: ReturnType<typeof toSanctionsFacts>) {
  return checkTransfer(
    transfer({
      sanctions: f.sanctions,
      from: { sanctioned: f.fromSanctioned ?? false },
      to: { sanctioned: f.toSanctioned },
    }),
    {},
  );
}
const codes = (d: ReturnType<typeof decide>) => d.reasons.map((r) => r.code);

describe("toSanctionsFacts: screening results as the engine's facts", () => {
  it("clear parties on a fresh list allow", () => {
    const f = toSanctionsFacts({
      list: fresh,
      oracleConfigured: false,
      from: screenAddress({ list: fresh, address: ALICE, now: NOW }),
      to: screenAddress({ list: fresh, address: BOB, now: NOW }),
    });
    assert.deepEqual(f.sanctions, { listRefreshedAt: "2025-09-10T06:00:00.000Z", oracle: "not_configured" });
    assert.equal(decide(f).decision, "ALLOW");
  });

  it("a listed recipient (any case, §7 case 41) is DENY 31; a listed sender DENY 30", () => {
    const list = { ...fresh, addresses: listing(BOB) };
    const to = screenAddress({ list, address: BOB.toUpperCase().replace("0X", "0x"), now: NOW });
    assert.deepEqual(codes(decide(toSanctionsFacts({ list, oracleConfigured: false, to }))), [31]);
    const senderList = { ...fresh, addresses: listing(ALICE) };
    const f = toSanctionsFacts({
      list: senderList,
      oracleConfigured: false,
      from: screenAddress({ list: senderList, address: ALICE, now: NOW }),
      to: screenAddress({ list: senderList, address: BOB, now: NOW }),
    });
    assert.deepEqual(codes(decide(f)), [30]);
  });

  it("no list, an old list or an unreachable oracle never reach the engine as clean: DENY 32", () => {
    const none = toSanctionsFacts({
      list: undefined,
      oracleConfigured: false,
      to: screenAddress({ list: undefined, address: BOB, now: NOW }),
    });
    assert.equal(none.sanctions.listRefreshedAt, null);
    assert.deepEqual(codes(decide(none)), [32]);
    const old = { ...fresh, lastCheckedAt: new Date("2025-09-08T06:00:00Z") };
    assert.deepEqual(
      codes(
        decide(
          toSanctionsFacts({
            list: old,
            oracleConfigured: false,
            to: screenAddress({ list: old, address: BOB, now: NOW }),
          }),
        ),
      ),
      [32],
    );
    const unreachable = {
      oracle: BOB as `0x${string}`,
      address: BOB as `0x${string}`,
      status: "STALE" as const,
    };
    const f = toSanctionsFacts({
      list: fresh,
      oracleConfigured: true,
      from: screenAddress({
        list: fresh,
        address: ALICE,
        now: NOW,
        oracle: { ...unreachable, status: "CLEAR" },
      }),
      to: screenAddress({ list: fresh, address: BOB, now: NOW, oracle: unreachable }),
    });
    assert.equal(f.sanctions.oracle, "unreachable");
    assert.equal(f.toSanctioned, false);
    assert.deepEqual(codes(decide(f)), [32]);
  });
});
