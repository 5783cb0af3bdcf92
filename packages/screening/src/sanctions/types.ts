/** The OFAC SDN list formats the platform reads (compliance-rules.md §4.2). */
export type SanctionsListFormat = "sdn_xml" | "sdn_advanced_xml" | "sdn_csv";

/** A screening verdict. STALE is never clean (§0 "fail closed", §4.3): callers treat it as DENY 32. */
export type ScreeningStatus = "SANCTIONED" | "CLEAR" | "STALE";

/** What the list says about one EVM address. */
export type SanctionedAddress = {
  /** Lower-case `0x` + 40 hex. */
  address: `0x${string}`;
  /** The ticker tags it is listed under ("ETH", "USDT", "ARB", …), sorted. */
  tickers: string[];
  /** The SDN entries listing it (SDN.XML `uid`, SDN.CSV `ent_num`, advanced `FixedRef`), sorted. */
  entryIds: string[];
};

/** A parsed list: the EVM address set and what the sanity checks and the audit trail need. */
export type SanctionsList = {
  format: SanctionsListFormat;
  /** Where it came from (path or URL; credentials never appear: URLs are stored without user info). */
  source: string;
  /** The list's publish date, `YYYY-MM-DD`. */
  publishDate: string;
  /** sha256 (hex) of the raw bytes (the SDN.CSV file for the CSV family). */
  sha256: string;
  byteLength: number;
  /** sdnEntry elements / DistinctParty elements / SDN.CSV rows. */
  entryCount: number;
  /** Every "Digital Currency Address - <TICKER>" value, EVM or not. */
  digitalCurrencyAddressCount: number;
  /** Ticker tag → number of addresses listed with it (all chains). */
  tickerCounts: Record<string, number>;
  /** Lower-case EVM address → what lists it. */
  addresses: ReadonlyMap<string, SanctionedAddress>;
};
