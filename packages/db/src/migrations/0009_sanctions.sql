-- OFAC sanctions screening (compliance-rules.md §4.2, §4.3; catalogue S-01, S-03): the SDN list versions the
-- platform ingested, the EVM addresses of each version, the wallet screenings run after each refresh and the
-- alerts they raised. Written by @coinscious/screening (src/sanctions). Not per block: nothing here is a
-- projection of the chain, so none of it is rolled back on a reorg. OFAC records are kept 10 years (31 CFR
-- 501.601): rows are never deleted by the code.

-- One row per accepted list version. sha256 is over the raw bytes as downloaded (the SDN.CSV file for the CSV
-- family), so an auditor can match a row to an archived file. last_checked_at moves forward each time a refresh
-- finds the same file again: freshness (S-03, "list age > policy") is measured from it, not from publish_date,
-- because OFAC does not publish every day.
CREATE TABLE sanctions_list_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  format text NOT NULL CHECK (format IN ('sdn_xml', 'sdn_advanced_xml', 'sdn_csv')),
  source text NOT NULL,
  publish_date date NOT NULL,
  fetched_at timestamptz NOT NULL,
  last_checked_at timestamptz NOT NULL,
  sha256 text NOT NULL CHECK (octet_length(sha256) = 64 AND sha256 ~ '^[0-9a-f]*$'),
  byte_length bigint NOT NULL CHECK (byte_length > 0),
  -- Entries (sdnEntry / DistinctParty / SDN.CSV rows), every digital currency address whatever its chain, and
  -- the distinct EVM-format addresses kept for screening.
  entry_count integer NOT NULL CHECK (entry_count > 0),
  digital_currency_address_count integer NOT NULL CHECK (digital_currency_address_count >= 0),
  evm_address_count integer NOT NULL CHECK (evm_address_count > 0),
  -- Ticker tag → number of addresses with that tag, e.g. {"ETH": 80, "XBT": 400, "USDT": 30}.
  ticker_counts jsonb NOT NULL,
  is_current boolean NOT NULL DEFAULT false,
  CHECK (last_checked_at >= fetched_at)
);
-- At most one current version.
CREATE UNIQUE INDEX sanctions_list_versions_current ON sanctions_list_versions ((true)) WHERE is_current;
CREATE INDEX sanctions_list_versions_by_sha ON sanctions_list_versions (sha256);

-- The EVM-format addresses of each version (lower-case; §4.2: every EVM address on the list whatever its
-- ticker tag). tickers: the tags it was listed under; entry_ids: the SDN entries (uid / ent_num / FixedRef).
CREATE TABLE sanctions_addresses (
  version_id bigint NOT NULL REFERENCES sanctions_list_versions (id),
  address address NOT NULL,
  tickers text[] NOT NULL,
  entry_ids text[] NOT NULL,
  PRIMARY KEY (version_id, address)
);
CREATE INDEX sanctions_addresses_by_address ON sanctions_addresses (address);

-- One row per screening of the known investor wallets (after each refresh, or on demand).
-- status: 'completed' (every wallet judged SANCTIONED or CLEAR) or 'stale' (the list was too old, or the oracle
-- could not answer for some wallets: those are neither clear nor sanctioned — fail closed, §0).
CREATE TABLE sanctions_screenings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version_id bigint REFERENCES sanctions_list_versions (id),
  screened_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('completed', 'stale')),
  oracle address,
  wallet_count integer NOT NULL CHECK (wallet_count >= 0),
  sanctioned_count integer NOT NULL CHECK (sanctioned_count >= 0),
  stale_count integer NOT NULL CHECK (stale_count >= 0)
);

-- A wallet of a known investor that matched the SDN list or the oracle (S-01: deny, freeze, report to OFAC within
-- 10 business days, 31 CFR 501.603-.604). One open alert per wallet: later screenings that hit it again move
-- last_screening_id / last_seen_at instead of opening another one. freeze_actions: the suggested, unsent
-- setAddressFrozen actions (one per token class bound to the wallet's registry), for a Safe proposal.
CREATE TABLE sanctions_alerts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  chain_id integer NOT NULL,
  registry address NOT NULL,
  wallet address NOT NULL,
  investor_id bigint NOT NULL,
  matched_by text[] NOT NULL CHECK (matched_by <@ ARRAY['sdn_list', 'oracle']::text[] AND cardinality(matched_by) > 0),
  tickers text[] NOT NULL,
  entry_ids text[] NOT NULL,
  first_screening_id bigint NOT NULL REFERENCES sanctions_screenings (id),
  last_screening_id bigint NOT NULL REFERENCES sanctions_screenings (id),
  version_id bigint REFERENCES sanctions_list_versions (id),
  freeze_actions jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX sanctions_alerts_open_per_wallet ON sanctions_alerts (chain_id, registry, wallet)
  WHERE status <> 'resolved';
