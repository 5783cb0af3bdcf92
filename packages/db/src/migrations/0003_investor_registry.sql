-- The investor registry's history: investor records and wallet links, per registry (investor ids are per
-- registry). Current state is derived by views (latest row per key): registry histories are small, and views
-- need nothing on rollback.

-- InvestorRegistered / InvestorUpdated (the full record) and InvestorRemoved (record fields NULL).
-- Expiries are unix seconds as on chain; 0 = none. Accredited at time T while T < accreditation_expiry.
CREATE TABLE investor_changes (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  registry address NOT NULL,
  investor_id bigint NOT NULL CHECK (investor_id > 0),
  kind text NOT NULL CHECK (kind IN ('registered', 'updated', 'removed')),
  country integer CHECK (country BETWEEN 0 AND 65535),
  kyc_expiry bigint CHECK (kyc_expiry >= 0),
  accreditation_expiry bigint CHECK (accreditation_expiry >= 0),
  lockup_until bigint CHECK (lockup_until >= 0),
  us_person boolean,
  frozen boolean,
  PRIMARY KEY (chain_id, block_number, log_index),
  CHECK (
    (kind = 'removed') = (country IS NULL)
    AND (country IS NULL) = (kyc_expiry IS NULL)
    AND (country IS NULL) = (accreditation_expiry IS NULL)
    AND (country IS NULL) = (lockup_until IS NULL)
    AND (country IS NULL) = (us_person IS NULL)
    AND (country IS NULL) = (frozen IS NULL)
  )
);
CREATE INDEX investor_changes_as_of ON investor_changes (chain_id, registry, investor_id, block_number, log_index);

-- WalletLinked (linked = true) / WalletUnlinked (linked = false).
CREATE TABLE wallet_links (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  registry address NOT NULL,
  wallet address NOT NULL,
  investor_id bigint NOT NULL CHECK (investor_id > 0),
  linked boolean NOT NULL,
  PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX wallet_links_as_of ON wallet_links (chain_id, registry, wallet, block_number, log_index);
CREATE INDEX wallet_links_by_investor ON wallet_links (chain_id, registry, investor_id);

-- Current investor records (removed investors left out).
CREATE VIEW investors AS
SELECT chain_id, registry, investor_id, country, kyc_expiry, accreditation_expiry, lockup_until, us_person,
       frozen, block_number AS updated_block_number
FROM (
  SELECT DISTINCT ON (chain_id, registry, investor_id) *
  FROM investor_changes
  ORDER BY chain_id, registry, investor_id, block_number DESC, log_index DESC
) latest
WHERE kind <> 'removed';

-- Current wallet links.
CREATE VIEW wallets AS
SELECT chain_id, registry, wallet, investor_id, block_number AS linked_block_number
FROM (
  SELECT DISTINCT ON (chain_id, registry, wallet) *
  FROM wallet_links
  ORDER BY chain_id, registry, wallet, block_number DESC, log_index DESC
) latest
WHERE linked;
