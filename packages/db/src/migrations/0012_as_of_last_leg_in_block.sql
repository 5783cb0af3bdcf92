-- The as-of indexes hold one leg per wallet and block: the last. A wallet's balance as of block B is its latest leg
-- at or below B; of the legs a wallet has in one block only the last can be that leg, so the others need no index
-- entry. Every as-of lookup is by block (a time resolves to a block first), and every one filters on the key.
--
-- A flag per side says whether the leg is indexed (`from_as_of`, `to_as_of`); the key is computed for flagged legs
-- only and is NULL otherwise, which keeps the other legs out of the partial indexes and out of every lookup by key.
-- The writer (`insertTransfers`, the indexer's store) flags the last leg of each (class, wallet) in each block it
-- writes. A block written in several calls may have more than one flagged leg per wallet; an extra indexed leg is
-- harmless, a missing last one would not be, and the last one is always flagged. Rows written before this
-- migration are all flagged (every leg stays indexed, as it was).
--
-- Why: the two index inserts per transfer were the largest cost of writing the journal, and a wallet that moves
-- tokens many times in one block — a distribution from an issuer's wallet, an exchange's hot wallet, every sender
-- of bench:indexer's realtime blocks (40 wallets × 50 transfers each) — had one entry per leg.
DROP VIEW balance_changes;
DROP INDEX transfers_from_as_of;
DROP INDEX transfers_to_as_of;
ALTER TABLE transfers
  DROP COLUMN from_key,
  DROP COLUMN to_key,
  ADD COLUMN from_as_of boolean NOT NULL DEFAULT true,
  ADD COLUMN to_as_of boolean NOT NULL DEFAULT true;
ALTER TABLE transfers
  ALTER COLUMN from_as_of DROP DEFAULT,
  ALTER COLUMN to_as_of DROP DEFAULT,
  -- As in migration 0010, for the flagged legs only (a missing wallet has no key either).
  ADD COLUMN from_key bigint GENERATED ALWAYS AS (
    CASE WHEN from_as_of THEN hashtextextended(from_wallet || token, chain_id) END) STORED,
  ADD COLUMN to_key bigint GENERATED ALWAYS AS (
    CASE WHEN to_as_of THEN hashtextextended(to_wallet || token, chain_id) END) STORED;
CREATE INDEX transfers_from_as_of ON transfers (from_key, block_number, log_index) WHERE from_key IS NOT NULL;
CREATE INDEX transfers_to_as_of ON transfers (to_key, block_number, log_index) WHERE to_key IS NOT NULL;

-- As in migration 0010. `wallet_key` is NULL on a leg that is not its wallet's last in its block: filtering on it
-- (as every as-of lookup does) reads the indexed legs only.
CREATE VIEW balance_changes AS
SELECT chain_id, block_number, log_index, token, wallet, delta, balance_after, investor_id, wallet_key
FROM (
  SELECT chain_id, block_number, log_index, token, from_wallet AS wallet, (-amount)::numeric(78, 0) AS delta,
         from_balance_after AS balance_after, from_investor_id AS investor_id, from_key AS wallet_key
  FROM transfers
  UNION ALL
  SELECT chain_id, block_number, log_index, token, to_wallet, amount::numeric(78, 0), to_balance_after,
         to_investor_id, to_key
  FROM transfers
) legs
WHERE wallet IS NOT NULL;
