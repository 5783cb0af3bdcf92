-- The transfer journal carries the balance history. Each `transfers` row records the balance of its from wallet
-- and of its to wallet after the log, and `balance_changes` becomes a view of the journal's legs with the same
-- name and columns. A Transfer log used to be written as a journal row (primary key + 3 indexes) plus two history
-- rows (primary key + as-of index each) plus an upsert of `balances`: 3 heap rows and 8 index entries. Now it is 1
-- heap row and 3 index entries (issuance and redemption: 2). That is where the indexer's backfill spent its time.

-- Indexes: the primary key (chain_id, block_number, log_index) serves rollback (block_number > B) and the journal in
-- chain order. transfers_by_token is dropped: nothing reads a class's journal by token alone, and the few classes of
-- a chain make the primary key with a token filter an adequate path for that if it comes. The two as-of indexes
-- created below replace transfers_by_from / transfers_by_to. Dropped first so that the backfill does not maintain
-- them; the new ones are built once, after it.
DROP INDEX transfers_by_token;
DROP INDEX transfers_by_from;
DROP INDEX transfers_by_to;

ALTER TABLE transfers
  ADD COLUMN from_balance_after uint256,
  ADD COLUMN to_balance_after uint256;

-- Backfill from the table this replaces. It merged a wallet's legs of one log into one row (a self-transfer was a
-- single row with delta 0) whose balance_after is the wallet's balance after the log: what both sides get. A
-- journal row without its legs makes the checks below fail: the projection was inconsistent; re-index.
UPDATE transfers t SET
  from_balance_after = (
    SELECT c.balance_after FROM balance_changes c
    WHERE c.chain_id = t.chain_id AND c.block_number = t.block_number AND c.log_index = t.log_index
      AND c.wallet = t.from_wallet),
  to_balance_after = (
    SELECT c.balance_after FROM balance_changes c
    WHERE c.chain_id = t.chain_id AND c.block_number = t.block_number AND c.log_index = t.log_index
      AND c.wallet = t.to_wallet);

ALTER TABLE transfers
  ADD CONSTRAINT transfers_from_balance_after CHECK ((from_wallet IS NULL) = (from_balance_after IS NULL)),
  ADD CONSTRAINT transfers_to_balance_after CHECK ((to_wallet IS NULL) = (to_balance_after IS NULL)),
  -- A self-transfer is two legs of one wallet at one (block, log): -amount and +amount. Both carry the balance
  -- after the whole log and the same investor, so an as-of lookup that meets the tie reads the same values
  -- whichever leg it takes.
  ADD CONSTRAINT transfers_self_transfer_legs_agree CHECK (
    from_wallet IS DISTINCT FROM to_wallet
    OR (from_balance_after = to_balance_after AND from_investor_id IS NOT DISTINCT FROM to_investor_id));

DROP TABLE balance_changes;

-- "The latest leg of wallet W in class T at or below block B" is a backward scan of each as-of index, merged (see
-- balance_changes below). The wallet leads the token so that the same indexes still serve "a wallet's transfers on
-- a chain", which the replaced ones were for; for the as-of lookup (equality on chain, wallet and token) the order
-- of the two is immaterial.
CREATE INDEX transfers_from_as_of ON transfers (chain_id, from_wallet, token, block_number, log_index)
  WHERE from_wallet IS NOT NULL;
CREATE INDEX transfers_to_as_of ON transfers (chain_id, to_wallet, token, block_number, log_index)
  WHERE to_wallet IS NOT NULL;

-- Balance history: one row per debit (delta = -amount) or credit (delta = +amount) of a wallet, with the balance
-- after the log and the wallet's investor then. As of block B a wallet's balance is its latest row with
-- block_number <= B. Filtered on (chain_id, token, wallet) and ordered by (block_number DESC, log_index DESC) with
-- LIMIT 1, it is planned as a Merge Append of a backward scan of transfers_from_as_of and one of
-- transfers_to_as_of, each stopping after its first row. The `wallet IS NOT NULL` filter sits outside the UNION ALL
-- on purpose: PostgreSQL flattens a UNION ALL branch into an append relation only when the branch has no WHERE of
-- its own; a branch with one is planned as a separate subquery, without the ordered index paths, and the lookup
-- becomes "read every leg at or below B, then sort". From outside, the filter is pushed down to both branches
-- (and implies the partial indexes' predicates).
-- investor_id: the registry refuses to unlink a wallet that holds tokens, so while balance_after > 0 the wallet's
-- investor cannot change until its next leg.
CREATE VIEW balance_changes AS
SELECT chain_id, block_number, log_index, token, wallet, delta, balance_after, investor_id
FROM (
  SELECT chain_id, block_number, log_index, token, from_wallet AS wallet, (-amount)::numeric(78, 0) AS delta,
         from_balance_after AS balance_after, from_investor_id AS investor_id
  FROM transfers
  UNION ALL
  SELECT chain_id, block_number, log_index, token, to_wallet, amount::numeric(78, 0), to_balance_after,
         to_investor_id
  FROM transfers
) legs
WHERE wallet IS NOT NULL;
