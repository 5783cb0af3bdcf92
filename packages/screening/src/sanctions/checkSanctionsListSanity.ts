import { SanctionsListError } from "./errors.ts";
import type { SanctionsList } from "./types.ts";

/** What a new list is compared with: the stored current version (see {@link findCurrentSanctionsList}). */
export type SanctionsListBaseline = {
  publishDate: string;
  evmAddressCount: number;
};

export type SanctionsRefreshPolicy = {
  /**
   * Refuse when the EVM address count falls by more than this fraction of the stored one (§4.2 "record count not
   * shrunk > X%"). OFAC delistings are rare and small; a large drop is a broken download. Default 0.1.
   */
  maxShrinkFraction?: number;
  /**
   * Ticker tags that must appear on the list (§4.2 canaries: "Digital Currency Address - XBT" and "- ETH").
   * Default `["XBT", "ETH"]`.
   */
  canaryTickers?: readonly string[];
};

/**
 * The sanity checks a refresh must pass before anything is written (§4.2 "Sanity/canary checks on each
 * refresh"): entries and EVM addresses present, the canary tickers present, a publish date not before the stored
 * one (an equal date is accepted: OFAC can publish twice a day), and no drop in EVM addresses beyond the policy's
 * fraction. Pure: the first failure is thrown, in that order.
 *
 * @throws {SanctionsListError} `SANCTIONS_LIST_EMPTY`, `SANCTIONS_LIST_CANARY_MISSING`, `SANCTIONS_LIST_OLDER`,
 *   `SANCTIONS_LIST_SHRUNK`
 * @example
 * checkSanctionsListSanity(list, { publishDate: "2025-06-01", evmAddressCount: 120 }, { maxShrinkFraction: 0.05 });
 */
export function checkSanctionsListSanity(
  list: SanctionsList,
  baseline: SanctionsListBaseline | undefined,
  policy: SanctionsRefreshPolicy = {},
): void {
  const { maxShrinkFraction = 0.1, canaryTickers = ["XBT", "ETH"] } = policy;
  const source = list.source;
  if (list.entryCount === 0 || list.addresses.size === 0) {
    throw new SanctionsListError(
      "SANCTIONS_LIST_EMPTY",
      `${source} has ${list.entryCount} entries and ${list.addresses.size} EVM addresses`,
      { details: { source, entryCount: list.entryCount, evmAddressCount: list.addresses.size } },
    );
  }
  const missing = canaryTickers.filter((t) => (list.tickerCounts[t.toUpperCase()] ?? 0) === 0);
  if (missing.length > 0) {
    throw new SanctionsListError(
      "SANCTIONS_LIST_CANARY_MISSING",
      `${source} lists no "Digital Currency Address - ${missing.join("/")}"`,
      { details: { source, missing } },
    );
  }
  if (baseline === undefined) return;
  if (list.publishDate < baseline.publishDate) {
    throw new SanctionsListError(
      "SANCTIONS_LIST_OLDER",
      `${source} was published ${list.publishDate}, before the stored list (${baseline.publishDate})`,
      { details: { source, publishDate: list.publishDate, storedPublishDate: baseline.publishDate } },
    );
  }
  const floor = baseline.evmAddressCount * (1 - maxShrinkFraction);
  if (list.addresses.size < floor) {
    throw new SanctionsListError(
      "SANCTIONS_LIST_SHRUNK",
      `${source} has ${list.addresses.size} EVM addresses; the stored list has ${baseline.evmAddressCount}`,
      {
        details: {
          source,
          evmAddressCount: list.addresses.size,
          storedEvmAddressCount: baseline.evmAddressCount,
          maxShrinkFraction,
        },
      },
    );
  }
}
