import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { informationReturnFor, withholdingFor, type YearTotals } from "./distributionTax.ts";

const year = (over: Partial<YearTotals>): YearTotals => ({
  taxForm: "W-9",
  dividendsCents: 0n,
  liquidationCents: 0n,
  backupWithheldCents: 0n,
  foreignTaxPaidCents: 0n,
  ...over,
});

describe("distribution tax (P-02–P-04)", () => {
  it("48. 1099-DIV threshold: $9.99 → none; $10.00 → 1099-DIV; no W-9, $5 with 24 % backup withholding → 1099-DIV; W-8BEN → 1042-S", () => {
    assert.equal(informationReturnFor(year({ dividendsCents: 999n })), null);
    assert.equal(informationReturnFor(year({ dividendsCents: 1_000n })), "1099-DIV");
    const backup = withholdingFor({ grossCents: 500n, taxForm: null });
    assert.deepEqual(backup, { rule: "P-03", percent: 24n, withheldCents: 120n }); // $1.20
    assert.equal(
      informationReturnFor(
        year({ taxForm: null, dividendsCents: 500n, backupWithheldCents: backup.withheldCents }),
      ),
      "1099-DIV",
    );
    assert.equal(informationReturnFor(year({ taxForm: "W-8BEN", dividendsCents: 100_000n })), "1042-S");
  });

  it("liquidation distributions from $600, and any foreign tax withheld, need a 1099-DIV", () => {
    assert.equal(informationReturnFor(year({ liquidationCents: 59_999n })), null);
    assert.equal(informationReturnFor(year({ liquidationCents: 60_000n })), "1099-DIV");
    assert.equal(informationReturnFor(year({ dividendsCents: 1n, foreignTaxPaidCents: 1n })), "1099-DIV");
  });

  it("withholding: none with a W-9, 24 % without, 30 % or the treaty rate for a foreign holder; half-cents round up", () => {
    assert.deepEqual(withholdingFor({ grossCents: 10_000n, taxForm: "W-9" }), {
      rule: null,
      percent: 0n,
      withheldCents: 0n,
    });
    assert.equal(withholdingFor({ grossCents: 10_000n, taxForm: "W-8BEN" }).withheldCents, 3_000n);
    assert.equal(
      withholdingFor({ grossCents: 10_000n, taxForm: "W-8BEN-E", treatyPercent: 15n }).withheldCents,
      1_500n,
    );
    assert.equal(withholdingFor({ grossCents: 1_003n, taxForm: null }).withheldCents, 241n); // 240.72 → 241
    assert.throws(
      () => withholdingFor({ grossCents: 1n, taxForm: "W-8BEN", treatyPercent: 31n }),
      RangeError,
    );
    assert.throws(() => withholdingFor({ grossCents: -1n, taxForm: null }), RangeError);
  });

  it("withholding is never negative, never above the payment, never above its rate (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.constantFrom(null, "W-9" as const, "W-8BEN" as const),
        (gross, form) => {
          const w = withholdingFor({ grossCents: gross, taxForm: form });
          assert.ok(w.withheldCents >= 0n && w.withheldCents <= gross);
          assert.ok(w.withheldCents * 100n <= gross * w.percent + 50n);
        },
      ),
    );
  });
});
