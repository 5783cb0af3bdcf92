import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValidationError } from "@coinscious/core";
import fc from "fast-check";
import type { OracleCheckResult } from "./checkSanctionsOracle.ts";
import { screenAddress } from "./screenAddress.ts";

const LISTED = "0x098b716b8aaf21512996dc57eb0615e2383e2f96";
const OTHER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const H = 3_600_000;
const checkedAt = new Date("2025-07-01T12:00:00Z");
const list = {
  versionId: 7n,
  publishDate: "2025-06-30",
  lastCheckedAt: checkedAt,
  addresses: new Map([[LISTED, { address: LISTED as `0x${string}`, tickers: ["ETH"], entryIds: ["1001"] }]]),
};
const at = (hours: number) => new Date(checkedAt.getTime() + hours * H);
const oracle = (status: OracleCheckResult["status"]): OracleCheckResult => ({
  oracle: "0x3A91A31cB3dC49b4db9Ce721F50a9D076c8D739B",
  address: OTHER,
  status,
});

describe("screenAddress", () => {
  it("SANCTIONED for a listed address in any case; CLEAR for another on a fresh list", () => {
    const hit = screenAddress({ list, address: LISTED.toUpperCase().replace("0X", "0x"), now: at(1) });
    assert.equal(hit.status, "SANCTIONED");
    assert.deepEqual(hit.matchedBy, ["sdn_list"]);
    assert.deepEqual(hit.listing?.entryIds, ["1001"]);
    assert.equal(screenAddress({ list, address: OTHER, now: at(1) }).status, "CLEAR");
  });

  it("fails closed: STALE without a list, and once the last refresh is older than the policy (default 24 h)", () => {
    assert.deepEqual(screenAddress({ list: undefined, address: OTHER, now: at(0) }).staleReasons, [
      "NO_LIST",
    ]);
    assert.equal(screenAddress({ list, address: OTHER, now: at(24) }).status, "CLEAR");
    const old = screenAddress({ list, address: OTHER, now: at(24.001) });
    assert.equal(old.status, "STALE");
    assert.deepEqual(old.staleReasons, ["LIST_TOO_OLD"]);
    assert.equal(
      screenAddress({ list, address: OTHER, now: at(2), policy: { maxAgeMs: H } }).status,
      "STALE",
    );
    const published = screenAddress({
      list,
      address: OTHER,
      now: at(1),
      policy: { maxPublishAgeMs: 24 * H },
    });
    assert.deepEqual(published.staleReasons, ["LIST_PUBLISH_TOO_OLD"]);
  });

  it("a listed address stays SANCTIONED on a stale list", () => {
    assert.equal(screenAddress({ list, address: LISTED, now: at(1000) }).status, "SANCTIONED");
  });

  it("combines the oracle: its hit sanctions, its failure is STALE, never clean", () => {
    assert.deepEqual(
      screenAddress({ list, address: OTHER, now: at(1), oracle: oracle("SANCTIONED") }).matchedBy,
      ["oracle"],
    );
    const down = screenAddress({ list, address: OTHER, now: at(1), oracle: oracle("STALE") });
    assert.equal(down.status, "STALE");
    assert.deepEqual(down.staleReasons, ["ORACLE_UNAVAILABLE"]);
    assert.equal(
      screenAddress({ list, address: OTHER, now: at(1), oracle: oracle("CLEAR") }).status,
      "CLEAR",
    );
    assert.equal(
      screenAddress({ list, address: LISTED, now: at(1), oracle: oracle("STALE") }).status,
      "SANCTIONED",
    );
  });

  it("CLEAR only when every source is fresh and silent (property)", () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom<OracleCheckResult["status"] | undefined>(undefined, "CLEAR", "STALE", "SANCTIONED"),
        fc.boolean(),
        (hasList, hours, oracleStatus, listed) => {
          const r = screenAddress({
            list: hasList ? list : undefined,
            address: listed ? LISTED : OTHER,
            now: at(hours),
            oracle: oracleStatus === undefined ? undefined : oracle(oracleStatus),
          });
          const fresh = hasList && hours <= 24 && oracleStatus !== "STALE";
          const sanctioned = (hasList && listed) || oracleStatus === "SANCTIONED";
          assert.equal(r.status, sanctioned ? "SANCTIONED" : fresh ? "CLEAR" : "STALE");
        },
      ),
    );
  });

  it("refuses a non-EVM address", () => {
    assert.throws(
      () => screenAddress({ list, address: "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", now: at(0) }),
      ValidationError,
    );
  });
});
