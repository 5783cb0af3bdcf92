import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { checkSanctionsListSanity } from "./checkSanctionsListSanity.ts";
import { SanctionsListError } from "./errors.ts";
import type { SanctionedAddress, SanctionsList } from "./types.ts";

function list(evmCount: number, overrides: Partial<SanctionsList> = {}): SanctionsList {
  const addresses = new Map<string, SanctionedAddress>();
  for (let i = 1; i <= evmCount; i++) {
    const address = `0x${i.toString(16).padStart(40, "0")}` as const;
    addresses.set(address, { address, tickers: ["ETH"], entryIds: [String(i)] });
  }
  return {
    format: "sdn_xml",
    source: "SDN.XML",
    publishDate: "2025-06-30",
    sha256: "0".repeat(64),
    byteLength: 1,
    entryCount: evmCount + 1,
    digitalCurrencyAddressCount: evmCount + 1,
    tickerCounts: { ETH: evmCount, XBT: 1 },
    addresses,
    ...overrides,
  };
}
const code = (fn: () => void) => {
  try {
    fn();
    return "OK";
  } catch (e) {
    assert.ok(e instanceof SanctionsListError);
    return e.code;
  }
};

describe("checkSanctionsListSanity", () => {
  it("accepts a first list, a newer one, a same-day one, a small shrink", () => {
    assert.equal(
      code(() => checkSanctionsListSanity(list(10), undefined)),
      "OK",
    );
    assert.equal(
      code(() => checkSanctionsListSanity(list(10), { publishDate: "2025-06-29", evmAddressCount: 10 })),
      "OK",
    );
    assert.equal(
      code(() => checkSanctionsListSanity(list(9), { publishDate: "2025-06-30", evmAddressCount: 10 })),
      "OK",
    );
  });

  it("refuses an empty list, a missing canary, an older list, a large shrink — each with its code", () => {
    assert.equal(
      code(() => checkSanctionsListSanity(list(0), undefined)),
      "SANCTIONS_LIST_EMPTY",
    );
    assert.equal(
      code(() => checkSanctionsListSanity(list(5, { entryCount: 0 }), undefined)),
      "SANCTIONS_LIST_EMPTY",
    );
    assert.equal(
      code(() => checkSanctionsListSanity(list(5, { tickerCounts: { ETH: 5 } }), undefined)),
      "SANCTIONS_LIST_CANARY_MISSING",
    );
    assert.equal(
      code(() =>
        checkSanctionsListSanity(list(5, { tickerCounts: { XBT: 5 } }), undefined, {
          canaryTickers: ["XBT"],
        }),
      ),
      "OK",
    );
    assert.equal(
      code(() => checkSanctionsListSanity(list(10), { publishDate: "2025-07-01", evmAddressCount: 10 })),
      "SANCTIONS_LIST_OLDER",
    );
    assert.equal(
      code(() => checkSanctionsListSanity(list(8), { publishDate: "2025-06-01", evmAddressCount: 10 })),
      "SANCTIONS_LIST_SHRUNK",
    );
    assert.equal(
      code(() =>
        checkSanctionsListSanity(
          list(8),
          { publishDate: "2025-06-01", evmAddressCount: 10 },
          { maxShrinkFraction: 0.25 },
        ),
      ),
      "OK",
    );
  });

  it("refuses exactly the drops beyond the configured fraction (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (stored, now, fraction) => {
          const result = code(() =>
            checkSanctionsListSanity(
              list(now),
              { publishDate: "2025-01-01", evmAddressCount: stored },
              { maxShrinkFraction: fraction },
            ),
          );
          assert.equal(result, now < stored * (1 - fraction) ? "SANCTIONS_LIST_SHRUNK" : "OK");
        },
      ),
      { numRuns: 200 },
    );
  });
});
