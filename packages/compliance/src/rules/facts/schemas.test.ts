import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CoinsciousError, findReasonCode } from "@coinscious/core";
import fc from "fast-check";
import { compilePolicy } from "../../policy/compilePolicy.ts";
import { RULES } from "../catalogue.ts";
import { InvalidFactsError, InvalidPolicyError } from "../errors.ts";
import { parseIssuanceFacts } from "../issuance/evaluateIssuance.ts";
import { issuanceFactsJsonSchema, policyJsonSchema, transferFactsJsonSchema } from "../jsonSchemas.ts";
import { issuance, lot, transfer } from "../testing/fixtures.ts";
import { checkTransfer } from "../transfer/evaluateTransfer.ts";
import { parseTransferFacts } from "../transfer/parseTransferFacts.ts";

const invalidFacts = (e: unknown) =>
  e instanceof InvalidFactsError && e instanceof CoinsciousError && e.code === "INVALID_COMPLIANCE_FACTS";

describe("facts schemas", () => {
  it("parse amounts from decimal strings or bigint, instants to epoch ms", () => {
    const f = parseTransferFacts(transfer({ amount: 5n }));
    assert.equal(f.amount, 5n);
    assert.equal(f.from.lots[0]?.qty, 1000n);
    assert.equal(f.now, Date.parse("2025-09-10T14:00:00Z"));
    assert.equal(f.exemption, "rule_144");
    assert.equal(f.to.usPerson, true); // fail-closed default
  });

  it("invalid facts throw INVALID_COMPLIANCE_FACTS, never decide", () => {
    const bad: unknown[] = [
      {},
      transfer({ amount: "1.5" }),
      transfer({ amount: "0" }),
      transfer({ amount: "-3" }),
      transfer({ date: "2025-02-29" }),
      transfer({ now: "2025-09-10 14:00" }),
      transfer({ to: { wallet: "0x1234" } }),
      transfer({ to: { kyc: { status: "GREEN" } } }),
      transfer({ to: { country: "usa" } }),
      transfer({ lotIds: ["nope"] }),
      transfer({ from: { lots: [lot(), lot()] } }), // duplicate id
      transfer({ from: { lots: [lot({ exemption: "reg_s" })] } }), // Reg S lot without terms
      transfer({ from: { lots: [lot({ tackedFrom: { via: "purchase", holdingStart: "2024-01-01" } })] } }),
      transfer({ from: { sanctioned: "no" } }),
    ];
    for (const input of bad)
      assert.throws(() => checkTransfer(input), invalidFacts, JSON.stringify(input).slice(0, 80));
    assert.throws(() => parseIssuanceFacts(issuance({ offering: { exemption: "reg_x" } })), invalidFacts);
  });

  it("random junk never comes back as a decision", () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        assert.throws(() => checkTransfer(junk), invalidFacts);
      }),
    );
  });

  it("errors list every problem with a path", () => {
    try {
      parseTransferFacts(transfer({ amount: "x", to: { country: "usa" } }));
      assert.fail("should throw");
    } catch (e) {
      assert.ok(e instanceof InvalidFactsError);
      assert.deepEqual(e.issues.map((i) => i.path).sort(), ["amount", "to.country"]);
    }
  });

  it("are exported as JSON Schema, amounts as integer strings", () => {
    const props = transferFactsJsonSchema.properties as Record<string, Record<string, unknown>>;
    assert.equal(props.amount?.type, "string");
    assert.deepEqual(
      (transferFactsJsonSchema.required as string[]).sort(),
      ["class", "date", "from", "issuer", "now", "sanctions", "to", "amount"].sort(),
    );
    assert.equal(issuanceFactsJsonSchema.type, "object");
    const policyProps = policyJsonSchema.properties as Record<string, Record<string, unknown>>;
    assert.equal(policyProps.timeZone?.default, "America/New_York");
    assert.doesNotThrow(() => JSON.stringify(policyJsonSchema));
  });
});

describe("policy", () => {
  it("defaults to the §0 conventions", () => {
    const p = compilePolicy();
    assert.equal(p.timeZone, "America/New_York");
    assert.equal(p.monthOverflow, "roll-forward");
    assert.equal(p.kyc.expiredBlocksSender, true);
    assert.equal(p.kyc.senderMayRedeemWhenExpired, true);
    assert.equal(p.sanctions.staleDecision, "DENY");
    assert.equal(p.holderCaps.total, null);
    assert.equal(p.twelveG.countAloneAndJointSeparately, true);
    assert.equal(p.twelveG.unlinkedWalletCountsPerWallet, true);
    assert.equal(p.sanctionsMaxAgeMs, 24 * 3_600_000);
  });
  it("an invalid policy throws INVALID_COMPLIANCE_POLICY", () => {
    for (const bad of [
      { monthOverflow: "clip" },
      { sanctions: { staleDecision: "ALLOW" } },
      { holderCaps: { total: -1 } },
      { regCf: { issuerCapCents: "5M" } },
    ])
      assert.throws(
        () => compilePolicy(bad as never),
        (e: unknown) => e instanceof InvalidPolicyError && e.code === "INVALID_COMPLIANCE_POLICY",
      );
    assert.throws(
      () => checkTransfer(transfer(), { jurisdiction: { blockedCountries: ["Iran"] } }),
      InvalidPolicyError,
    );
  });
  it("compiling is idempotent and a plain policy object is compiled once", () => {
    const p = compilePolicy({ holderCaps: { total: 5 } });
    assert.equal(compilePolicy(p), p);
    const plain = { holderCaps: { total: 0 } };
    assert.equal(checkTransfer(transfer(), plain).decision, "DENY");
    assert.equal(checkTransfer(transfer({ to: { isCountedHolder: true } }), plain).decision, "ALLOW");
  });
});

describe("catalogue", () => {
  it("every template names a registry code with its number, a citation and text", () => {
    for (const r of Object.values(RULES)) {
      const entry = findReasonCode(r.code);
      assert.equal(entry?.name, r.name, r.rule);
      assert.ok(r.citation.length > 0 && r.text.length > 0, r.rule);
      assert.ok(r.step >= 1 && r.step <= 9, r.rule);
      assert.ok(Object.isFrozen(r));
    }
  });
});
