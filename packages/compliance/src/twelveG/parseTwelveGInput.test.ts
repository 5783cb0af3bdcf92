import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assessTwelveG } from "./assessTwelveG.ts";
import { TwelveGInputError } from "./errors.ts";
import { parseTwelveGInput } from "./parseTwelveGInput.ts";
import { twelveGInputJsonSchema } from "./schemas.ts";

const file = {
  classId: "ACME-COMMON",
  asOf: "2025-12-31",
  fiscalYearEnd: "2025-12-31",
  issuer: {
    transferAgentRegistered: true,
    totalAssets: [{ fiscalYearEnd: "2025-12-31", usd: "10000000.01" }],
    regCf: { currentInAnnualReports: true },
  },
  holders: [
    {
      kind: "natural",
      personId: "alice",
      accreditation: { status: "accredited", expiresAt: "2026-03-01" },
      lots: [
        { qty: "1000000000000000000000", chain: "base", wallet: "0xA" },
        { qty: 5, chain: "ethereum" },
      ],
    },
    { kind: "joint", coOwnerIds: ["bob", "carol"], lots: [{ qty: "10", exemption: "reg_cf" }] },
    {
      kind: "unlinked_wallet",
      address: "0x00000000000000000000000000000000000000Ab",
      chain: "base",
      lots: [{ qty: "3" }],
    },
  ],
  policy: { holderCap: { holders: 1999 }, thresholds: { holders: 2 } },
};

describe("holders.json", () => {
  it("parses decimal strings to bigint (units) and cents (dollars), fills defaults, and feeds the monitor", () => {
    const input = parseTwelveGInput(file);
    assert.equal(input.holders[0]?.lots[0]?.qty, 10n ** 21n);
    assert.equal(input.issuer.totalAssets[0]?.usd, 1_000_000_001n);
    assert.equal(input.holders[1]?.lots[0]?.acquiredVia, "issuance");
    const report = assessTwelveG(input);
    // alice + the unlinked wallet (the joint holds only excluded Reg CF units) against a policy threshold of 2.
    assert.deepEqual(report.counts.registration, { holders: 2, nonAccredited: 1 });
    assert.equal(report.level, "BREACH");
    assert.equal(report.totalAssetsUsd, "10000000.01");
    assert.doesNotThrow(() => JSON.stringify(report));
  });

  it("rejects a bad file with code TWELVE_G_INPUT_INVALID and every issue's path", () => {
    const bad = {
      ...file,
      asOf: "2025-02-30",
      holders: [
        { kind: "natural", personId: "", lots: [{ qty: "-1" }] },
        { kind: "joint", coOwnerIds: ["x", "x"], lots: [] },
        { kind: "robot", lots: [] },
      ],
    };
    assert.throws(
      () => parseTwelveGInput(bad),
      (e: unknown) => {
        assert.ok(e instanceof TwelveGInputError);
        assert.equal(e.code, "TWELVE_G_INPUT_INVALID");
        const paths = e.issues.map((i) => i.path);
        for (const p of [
          "asOf",
          "holders.0.personId",
          "holders.0.lots.0.qty",
          "holders.1.coOwnerIds",
          "holders.2.kind",
        ])
          assert.ok(paths.includes(p), `${p} in ${paths.join(", ")}`);
        return true;
      },
    );
    assert.throws(() => parseTwelveGInput({ ...file, extra: 1 }), TwelveGInputError);
    assert.throws(
      () => parseTwelveGInput({ ...file, policy: { alertPercent: { amber: 95, red: 90 } } }),
      (e: TwelveGInputError) => {
        assert.equal(e.code, "TWELVE_G_INPUT_INVALID");
        return true;
      },
    );
    assert.throws(
      () => assessTwelveG(parseTwelveGInput({ ...file, policy: { alertPercent: { amber: 95 } } })),
      TwelveGInputError,
    );
  });

  it("exports a JSON Schema of the file as written (strings for amounts)", () => {
    const s = twelveGInputJsonSchema as {
      type?: string;
      required?: string[];
      properties?: Record<string, unknown>;
    };
    assert.equal(s.type, "object");
    assert.deepEqual([...(s.required ?? [])].sort(), [
      "asOf",
      "classId",
      "fiscalYearEnd",
      "holders",
      "issuer",
    ]);
    assert.match(JSON.stringify(s.properties?.holders), /"unlinked_wallet"/);
    assert.match(JSON.stringify(s.properties?.holders), /"pattern":"\^\(0\|\[1-9\]\\\\d\{0,77\}\)\$"/);
  });
});
