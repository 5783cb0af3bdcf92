-- Token classes, the transfer journal and balances (history + current).

-- A class deployed by the factory (TokenClassCreated).
CREATE TABLE token_classes (
  chain_id integer NOT NULL,
  token address NOT NULL,
  factory address NOT NULL,
  implementation address NOT NULL,
  salt hash32 NOT NULL,
  symbol text NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  PRIMARY KEY (chain_id, token)
);
CREATE INDEX token_classes_by_block ON token_classes (chain_id, block_number);

-- A class bound to an investor registry (TokenClassBound). Investor ids are per registry, so holder counting
-- joins balances to the registry the class was bound to as of the block.
CREATE TABLE token_bindings (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  registry address NOT NULL,
  token address NOT NULL,
  PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX token_bindings_by_token ON token_bindings (chain_id, token, block_number, log_index);

-- The transfer journal: one row per token movement (the ERC-20 Transfer log), i.e. one debit of from_wallet and
-- one credit of to_wallet. Issuance has no debit side, redemption no credit side. balance_changes holds the legs.
CREATE TABLE transfers (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  token address NOT NULL,
  kind text NOT NULL
    CHECK (kind IN ('issuance', 'transfer', 'redemption', 'forced_transfer', 'recovery')),
  from_wallet address,
  to_wallet address,
  -- The investors the wallets were linked to when the transfer happened (NULL: unlinked).
  from_investor_id bigint,
  to_investor_id bigint,
  amount uint256 NOT NULL,
  -- Forced transfers only: core's forcedTransferReasons code (uint8, non-zero).
  reason_code smallint CHECK (reason_code BETWEEN 1 AND 255),
  PRIMARY KEY (chain_id, block_number, log_index),
  CHECK ((kind = 'issuance') = (from_wallet IS NULL)),
  CHECK ((kind = 'redemption') = (to_wallet IS NULL)),
  CHECK ((kind = 'forced_transfer') = (reason_code IS NOT NULL))
);
CREATE INDEX transfers_by_token ON transfers (chain_id, token, block_number, log_index);
CREATE INDEX transfers_by_from ON transfers (chain_id, from_wallet, block_number) WHERE from_wallet IS NOT NULL;
CREATE INDEX transfers_by_to ON transfers (chain_id, to_wallet, block_number) WHERE to_wallet IS NOT NULL;

-- Balance history: one row per debit or credit of a wallet (a leg of a transfers row; a wallet's legs of one log
-- are merged, so a self-transfer is one row with delta 0), with the balance after it. The cap table as of block B
-- is, per wallet, the latest row with block_number <= B (see capTableAt): balances_as_of serves that lookup as one
-- short backward index scan per wallet.
-- investor_id is the wallet's investor at the change. The registry refuses to unlink a wallet that holds tokens,
-- so while balance_after > 0 the link cannot change: investor_id is the wallet's investor for the whole period
-- until the next change — which is what holder-of-record counting as of a block needs.
CREATE TABLE balance_changes (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  token address NOT NULL,
  wallet address NOT NULL,
  delta numeric(78, 0) NOT NULL,
  balance_after uint256 NOT NULL,
  investor_id bigint,
  PRIMARY KEY (chain_id, block_number, log_index, wallet)
);
CREATE UNIQUE INDEX balance_changes_as_of ON balance_changes (chain_id, token, wallet, block_number, log_index);

-- Current balances: exactly the latest balance_changes row per (chain, token, wallet), kept by
-- applyBalanceChanges and restored by rollbackTo from history. Rows are kept at balance 0 on purpose: the table
-- doubles as the list of every wallet that ever held the class, which the as-of queries start from.
CREATE TABLE balances (
  chain_id integer NOT NULL,
  token address NOT NULL,
  wallet address NOT NULL,
  balance uint256 NOT NULL,
  investor_id bigint,
  -- Position of the latest change: rollbackTo finds the rows to restore by it.
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  PRIMARY KEY (chain_id, token, wallet)
);
CREATE INDEX balances_by_block ON balances (chain_id, block_number);
-- The current cap table page: holders by balance.
CREATE INDEX balances_holders ON balances (chain_id, token, balance DESC, wallet) WHERE balance > 0;
CREATE INDEX balances_by_investor ON balances (chain_id, token, investor_id) WHERE investor_id IS NOT NULL;

-- Balances per investor per class: derived (a view), so it can never disagree with balances or need a rollback.
CREATE VIEW investor_balances AS
SELECT chain_id, token, investor_id,
       sum(balance)::numeric(78, 0) AS balance,
       count(*) FILTER (WHERE balance > 0) AS wallets
FROM balances
WHERE investor_id IS NOT NULL
GROUP BY chain_id, token, investor_id;

-- The chain's own 12(g) counters (HolderCountsChanged): holders of record and non-accredited holders as the token
-- contract counts them. As of block B: the latest row <= B. holdersOfRecordAt recomputes the same figures from
-- balances and registry history for reconciliation.
CREATE TABLE holder_count_changes (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  token address NOT NULL,
  holders bigint NOT NULL CHECK (holders >= 0),
  non_accredited_holders bigint NOT NULL CHECK (non_accredited_holders >= 0),
  PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX holder_count_changes_as_of ON holder_count_changes (chain_id, token, block_number, log_index);
