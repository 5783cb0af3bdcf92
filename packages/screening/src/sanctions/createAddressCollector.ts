import type { SanctionedAddress } from "./types.ts";

/** `^0x[0-9a-fA-F]{40}$` (§4.2 normalisation): the EVM key space shared by ETH, ARB, BSC, USDT/USDC-on-EVM, Base. */
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The prefix OFAC puts before the ticker, in SDN.XML `idType`, advanced `FeatureType` and SDN.CSV remarks. */
export const DIGITAL_CURRENCY_PREFIX = "Digital Currency Address - ";

/**
 * Lower-cases an EVM-format address, or returns undefined for anything else (XBT base58/bech32, TRX, XMR, …).
 * Case-insensitive on purpose: the list mixes EIP-55 checksums and lower case, and the same key controls the
 * address whatever its case (§4.2).
 *
 * @example
 * normalizeEvmAddress("0x098B716B8Aaf21512996dC57EB0615e2383E2f96"); // "0x098b716b8aaf21512996dc57eb0615e2383e2f96"
 * normalizeEvmAddress("TXYZ…"); // undefined
 */
export function normalizeEvmAddress(value: string): `0x${string}` | undefined {
  const trimmed = value.trim();
  return EVM_ADDRESS.test(trimmed) ? (trimmed.toLowerCase() as `0x${string}`) : undefined;
}

/** Accumulates the digital currency addresses of a list as the parser meets them. */
export type AddressCollector = {
  /** One "Digital Currency Address - <ticker>" value of entry `entryId`. */
  add(ticker: string, value: string, entryId: string): void;
  readonly digitalCurrencyAddressCount: number;
  tickerCounts(): Record<string, number>;
  addresses(): Map<string, SanctionedAddress>;
};

/**
 * A collector that keeps every EVM-format address whatever its ticker tag (§4.2: "screen every EVM-format address
 * on the list regardless of the ticker tag"), counts every tag (non-EVM ones too, for the canary check), and
 * merges duplicates across entries and formats.
 *
 * @example
 * const c = createAddressCollector();
 * c.add("USDT", "0xAbC…", "30000");
 * c.add("XBT", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "30000"); // counted, not kept
 * c.addresses().size; // 1
 */
export function createAddressCollector(): AddressCollector {
  const byAddress = new Map<string, { tickers: Set<string>; entryIds: Set<string> }>();
  const counts = new Map<string, number>();
  let total = 0;
  return {
    add(ticker, value, entryId) {
      const tag = ticker.trim().toUpperCase();
      total += 1;
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      const address = normalizeEvmAddress(value);
      if (address === undefined) return;
      let seen = byAddress.get(address);
      if (seen === undefined) {
        seen = { tickers: new Set(), entryIds: new Set() };
        byAddress.set(address, seen);
      }
      seen.tickers.add(tag);
      seen.entryIds.add(entryId);
    },
    get digitalCurrencyAddressCount() {
      return total;
    },
    tickerCounts() {
      return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    addresses() {
      const out = new Map<string, SanctionedAddress>();
      for (const address of [...byAddress.keys()].sort()) {
        const seen = byAddress.get(address) as { tickers: Set<string>; entryIds: Set<string> };
        out.set(address, {
          address: address as `0x${string}`,
          tickers: [...seen.tickers].sort(),
          entryIds: [...seen.entryIds].sort(),
        });
      }
      return out;
    },
  };
}
