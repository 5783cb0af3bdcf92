-- The transfer journal stores its hashes and addresses as bytes: `transfers.tx_hash` (32 bytes), `token`,
-- `from_wallet` and `to_wallet` (20 bytes each, NULL as before for a mint's from and a burn's to) become `bytea`.
--
-- Why: `transfers` gets one row per Transfer log, and its four text-domain values were the largest cost of writing
-- it. The domains' CHECK runs a regular expression on every value (`^0x[0-9a-f]*$`, the canonical form), and the
-- row carried 42 + 42 + 42 + 66 characters. A byte string has one form by construction (hex input of either case
-- gives the same bytes), so a length CHECK is all it needs. Measured on on-disk PGlite, 75 transactions of 2,000
-- journal rows each (bench:indexer's realtime block shape), the engines alternating batch by batch: COPY 28.5 →
-- 21.3 ms and 43.4 → 31.5 ms per batch (medians, two runs), the table and its indexes 59 → 42 MB.
--
-- Readers keep the text form: the views below (`balance_changes`, `all_events`, and `transfer_journal`, every
-- journal column with hashes and addresses as lower-case `0x` hex) convert, and their columns compare and sort as
-- the `address` domain does (COLLATE "C"; the bytes' order is the hex text's order). Writers give `bytea` input:
-- `HexBytes` values (the package's `0x` hex wrapper), which COPY and `insertRows` write as `\x…`.
--
-- The as-of keys are unchanged: the same hash of the same text (`hashtextextended(wallet || token, chain)`, the
-- text now spelled out from the bytes), so `balances.wallet_key` still finds a wallet's legs.
DROP VIEW balance_changes;
DROP VIEW all_events;
DROP INDEX transfers_from_as_of;
DROP INDEX transfers_to_as_of;
ALTER TABLE transfers
  DROP CONSTRAINT transfers_self_transfer_legs_agree,
  DROP COLUMN from_key,
  DROP COLUMN to_key;
ALTER TABLE transfers
  ALTER COLUMN tx_hash TYPE bytea USING decode(substr(tx_hash, 3), 'hex'),
  ALTER COLUMN token TYPE bytea USING decode(substr(token, 3), 'hex'),
  ALTER COLUMN from_wallet TYPE bytea USING decode(substr(from_wallet, 3), 'hex'),
  ALTER COLUMN to_wallet TYPE bytea USING decode(substr(to_wallet, 3), 'hex');
ALTER TABLE transfers
  -- One CHECK for the four (one evaluation per row; a NULL side passes, as the kind CHECKs want).
  ADD CONSTRAINT transfers_byte_lengths CHECK (
    octet_length(tx_hash) = 32 AND octet_length(token) = 20
    AND octet_length(from_wallet) = 20 AND octet_length(to_wallet) = 20),
  -- As in migration 0007, on the bytes.
  ADD CONSTRAINT transfers_self_transfer_legs_agree CHECK (
    from_wallet IS DISTINCT FROM to_wallet
    OR (from_balance_after = to_balance_after AND from_investor_id IS NOT DISTINCT FROM to_investor_id)),
  -- As in migration 0012: flagged legs only, the same hash of the same text as before.
  ADD COLUMN from_key bigint GENERATED ALWAYS AS (
    CASE WHEN from_as_of
      THEN hashtextextended('0x' || encode(from_wallet, 'hex') || '0x' || encode(token, 'hex'), chain_id) END) STORED,
  ADD COLUMN to_key bigint GENERATED ALWAYS AS (
    CASE WHEN to_as_of
      THEN hashtextextended('0x' || encode(to_wallet, 'hex') || '0x' || encode(token, 'hex'), chain_id) END) STORED;
CREATE INDEX transfers_from_as_of ON transfers (from_key, block_number, log_index) WHERE from_key IS NOT NULL;
CREATE INDEX transfers_to_as_of ON transfers (to_key, block_number, log_index) WHERE to_key IS NOT NULL;

-- The journal as text: what `transfers` was before this migration (same columns, same order), for readers,
-- reports and psql.
CREATE VIEW transfer_journal AS
SELECT chain_id, block_number, log_index,
       ('0x' || encode(tx_hash, 'hex')) COLLATE "C" AS tx_hash,
       ('0x' || encode(token, 'hex')) COLLATE "C" AS token,
       kind,
       ('0x' || encode(from_wallet, 'hex')) COLLATE "C" AS from_wallet,
       ('0x' || encode(to_wallet, 'hex')) COLLATE "C" AS to_wallet,
       from_investor_id, to_investor_id, amount, reason_code, from_balance_after, to_balance_after,
       from_as_of, to_as_of, from_key, to_key
FROM transfers;

-- As in migration 0012, with the wallet and token as text.
CREATE VIEW balance_changes AS
SELECT chain_id, block_number, log_index, token, wallet, delta, balance_after, investor_id, wallet_key
FROM (
  SELECT chain_id, block_number, log_index, ('0x' || encode(token, 'hex')) COLLATE "C" AS token,
         ('0x' || encode(from_wallet, 'hex')) COLLATE "C" AS wallet, (-amount)::numeric(78, 0) AS delta,
         from_balance_after AS balance_after, from_investor_id AS investor_id, from_key AS wallet_key
  FROM transfers
  UNION ALL
  SELECT chain_id, block_number, log_index, ('0x' || encode(token, 'hex')) COLLATE "C",
         ('0x' || encode(to_wallet, 'hex')) COLLATE "C", amount::numeric(78, 0), to_balance_after,
         to_investor_id, to_key
  FROM transfers
) legs
WHERE wallet IS NOT NULL;

-- As in migration 0006, with the journal's values as text.
CREATE VIEW all_events AS
SELECT chain_id, block_number, log_index, block_hash, tx_hash, contract, event_name, args
FROM events
UNION ALL
SELECT t.chain_id, t.block_number, t.log_index, b.block_hash, ('0x' || encode(t.tx_hash, 'hex')) COLLATE "C",
       ('0x' || encode(t.token, 'hex')) COLLATE "C", 'Transfer',
       jsonb_build_object(
         'from', coalesce('0x' || encode(t.from_wallet, 'hex'), '0x0000000000000000000000000000000000000000'),
         'to', coalesce('0x' || encode(t.to_wallet, 'hex'), '0x0000000000000000000000000000000000000000'),
         'value', t.amount::text)
FROM transfers t
JOIN blocks b ON b.chain_id = t.chain_id AND b.block_number = t.block_number;
