import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { COUNTRY, deployFixture, type Fixture, walletAddress } from "./helpers/fixture.ts";

// The jurisdiction verdict is cached per investor with the epoch of the class's country list (a gas saving);
// these tests check that no list, rule or record change can ever leave a stale verdict in force.

let f: Fixture;
const A = walletAddress(1);
const B = walletAddress(2);
const C = walletAddress(3);
const ids = { [A]: 1, [B]: 2, [C]: 3 } as Record<string, number>;

before(async () => {
  f = await deployFixture({ tokenConfig: { countryRule: 1, countries: [COUNTRY.DE] } });
  await f.registerInvestor(1n, A, { country: COUNTRY.DE });
  await f.registerInvestor(2n, B, { country: COUNTRY.FR });
  await f.registerInvestor(3n, C, { country: COUNTRY.DE });
  await f.send(f.roles.agent, { ...f.token, functionName: "mint", args: [A, 1_000_000n] });
});
after(async () => {
  await f?.stop();
});

const can = (to: `0x${string}`) =>
  f.read<number>({ ...f.token, functionName: "canTransfer", args: [A, to, 1n] });
const admin = (functionName: "setCountries" | "setCountryRule", args: readonly unknown[]) =>
  f.send(f.roles.admin, { ...f.token, functionName, args } as never);
const setCountry = async (wallet: `0x${string}`, country: number) =>
  f.send(f.roles.oracle, {
    ...f.registry,
    functionName: "updateInvestor",
    args: [ids[wallet] as number, await f.goodRecord({ country })],
  });

describe("jurisdiction rule and its cached verdict", () => {
  test("list changes, rule changes and country updates take effect at once", async () => {
    assert.equal(await can(B), 50);
    assert.equal(await can(C), 0);
    await f.send(A, { ...f.token, functionName: "transfer", args: [C, 1n] }); // stores C's cached verdict
    await admin("setCountries", [[COUNTRY.DE], false]);
    assert.equal(await can(C), 50, "delisting DE blocks C although C's verdict was cached as allowed");
    await admin("setCountries", [[COUNTRY.FR, COUNTRY.DE], true]);
    assert.equal(await can(B), 0);
    await setCountry(C, COUNTRY.JP);
    assert.equal(await can(C), 50, "a country update re-evaluates the verdict");
    await admin("setCountryRule", [2]); // deny-list: FR and DE are now denied
    assert.equal(await can(B), 50);
    assert.equal(await can(C), 0);
    await admin("setCountryRule", [0]);
    assert.equal(await can(B), 0);
    await admin("setCountryRule", [1]);
    await admin("setCountries", [[COUNTRY.FR], false]);
    assert.equal(await can(B), 50);
  });

  test("property: after any sequence of changes the verdict equals a fresh evaluation", async () => {
    // 0 = unknown: never allowed under an ON rule, even when listed (fail closed, compliance-rules.md §0).
    const countries = [0, COUNTRY.DE, COUNTRY.FR, COUNTRY.JP, COUNTRY.US];
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("list" as const),
        country: fc.constantFrom(...countries),
        listed: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("rule" as const), rule: fc.constantFrom(0, 1, 2) }),
      fc.record({ kind: fc.constant("move" as const), to: fc.constantFrom(B, C) }),
      fc.record({
        kind: fc.constant("record" as const),
        who: fc.constantFrom(B, C),
        country: fc.constantFrom(...countries),
      }),
    );
    // The model of what the class's settings are; starts from what the first test left.
    const listed = new Set<number>([COUNTRY.DE]);
    let rule = 1;
    const countryOf: Record<string, number> = { [B]: COUNTRY.FR, [C]: COUNTRY.JP };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        for (const s of steps) {
          if (s.kind === "list") {
            await admin("setCountries", [[s.country], s.listed]);
            if (s.listed) listed.add(s.country);
            else listed.delete(s.country);
          } else if (s.kind === "rule") {
            await admin("setCountryRule", [s.rule]);
            rule = s.rule;
          } else if (s.kind === "record") {
            await setCountry(s.who, s.country);
            countryOf[s.who] = s.country;
          } else if ((await can(s.to)) === 0) {
            await f.send(A, { ...f.token, functionName: "transfer", args: [s.to, 1n] });
          }
          for (const w of [B, C]) {
            const c = countryOf[w] as number;
            const allowed = c !== 0 && (rule === 0 || (rule === 1 ? listed.has(c) : !listed.has(c)));
            assert.equal(await can(w), allowed ? 0 : 50, `rule ${rule}, list [${[...listed]}], country ${c}`);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
