-- Compliance actions on the token, the Safe's on-chain side, and audit-log anchors.

-- One row per compliance log of a token:
--   wallet_frozen / wallet_unfrozen   AddressFrozen(wallet, isFrozen, actor)
--   tokens_frozen / tokens_unfrozen   TokensFrozen / TokensUnfrozen(wallet, amount) — partial freezes
--   paused / unpaused                 Paused(actor) / Unpaused(actor)
--   forced_transfer                   ForcedTransfer(from = wallet, to = counterparty, amount, reason_code)
--   recovery                          WalletRecovered(lost = wallet, new = counterparty, investor_id, amount)
-- (The Transfer log of a forced transfer or recovery is in the transfers journal; this is the agent's action.)
CREATE TABLE compliance_actions (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  token address NOT NULL,
  kind text NOT NULL CHECK (kind IN ('wallet_frozen', 'wallet_unfrozen', 'tokens_frozen', 'tokens_unfrozen',
                                     'paused', 'unpaused', 'forced_transfer', 'recovery')),
  wallet address,
  counterparty address,
  amount uint256,
  reason_code smallint CHECK (reason_code BETWEEN 1 AND 255),
  investor_id bigint,
  actor address,
  PRIMARY KEY (chain_id, block_number, log_index),
  CHECK ((kind IN ('paused', 'unpaused')) = (wallet IS NULL)),
  CHECK ((kind IN ('tokens_frozen', 'tokens_unfrozen', 'forced_transfer', 'recovery')) = (amount IS NOT NULL)),
  CHECK ((kind = 'forced_transfer') = (reason_code IS NOT NULL))
);
CREATE INDEX compliance_actions_by_token ON compliance_actions (chain_id, token, kind, block_number, log_index);
CREATE INDEX compliance_actions_by_wallet ON compliance_actions (chain_id, token, wallet, block_number, log_index)
  WHERE wallet IS NOT NULL;

-- Current freeze state per wallet: the latest AddressFrozen decides `frozen`; partial freezes add up.
CREATE VIEW wallet_freezes AS
SELECT chain_id, token, wallet,
       coalesce((array_agg(kind = 'wallet_frozen' ORDER BY block_number DESC, log_index DESC)
                 FILTER (WHERE kind IN ('wallet_frozen', 'wallet_unfrozen')))[1], false) AS frozen,
       coalesce(sum(CASE kind WHEN 'tokens_frozen' THEN amount WHEN 'tokens_unfrozen' THEN -amount END), 0)
         ::numeric(78, 0) AS frozen_amount
FROM compliance_actions
WHERE kind IN ('wallet_frozen', 'wallet_unfrozen', 'tokens_frozen', 'tokens_unfrozen')
GROUP BY chain_id, token, wallet;

-- Current pause state per token.
CREATE VIEW token_pauses AS
SELECT DISTINCT ON (chain_id, token) chain_id, token, kind = 'paused' AS paused, actor, block_number
FROM compliance_actions
WHERE kind IN ('paused', 'unpaused')
ORDER BY chain_id, token, block_number DESC, log_index DESC;

-- Safe executions: ExecutionSuccess / ExecutionFailure (safe_tx_hash, payment), completed by SafeL2's
-- SafeMultiSigTransaction log of the same transaction when present (nonce, to, value, data, operation).
CREATE TABLE safe_executions (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  safe address NOT NULL,
  safe_tx_hash hash32 NOT NULL,
  success boolean NOT NULL,
  payment uint256 NOT NULL DEFAULT 0,
  nonce uint256,
  to_address address,
  value uint256,
  data text CHECK (octet_length(data) % 2 = 0 AND data ~ '^0x[0-9a-f]*$'),
  operation smallint CHECK (operation IN (0, 1)),
  PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX safe_executions_by_safe ON safe_executions (chain_id, safe, block_number, log_index);
CREATE INDEX safe_executions_by_safe_tx ON safe_executions (chain_id, safe_tx_hash);

-- Safe owner and threshold changes: AddedOwner, RemovedOwner, ChangedThreshold; SafeSetup becomes one
-- owner_added row per owner and a threshold_changed row, told apart by sub_index within the log.
CREATE TABLE safe_owner_changes (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  sub_index smallint NOT NULL DEFAULT 0 CHECK (sub_index >= 0),
  tx_hash hash32 NOT NULL,
  safe address NOT NULL,
  kind text NOT NULL CHECK (kind IN ('owner_added', 'owner_removed', 'threshold_changed')),
  owner address,
  threshold integer CHECK (threshold > 0),
  PRIMARY KEY (chain_id, block_number, log_index, sub_index),
  CHECK ((kind = 'threshold_changed') = (threshold IS NOT NULL)),
  CHECK ((kind = 'threshold_changed') = (owner IS NULL))
);
CREATE INDEX safe_owner_changes_by_safe ON safe_owner_changes (chain_id, safe, block_number, log_index);

CREATE VIEW safe_owners AS
SELECT chain_id, safe, owner, block_number AS added_block_number
FROM (
  SELECT DISTINCT ON (chain_id, safe, owner) *
  FROM safe_owner_changes
  WHERE owner IS NOT NULL
  ORDER BY chain_id, safe, owner, block_number DESC, log_index DESC, sub_index DESC
) latest
WHERE kind = 'owner_added';

CREATE VIEW safe_thresholds AS
SELECT DISTINCT ON (chain_id, safe) chain_id, safe, threshold, block_number
FROM safe_owner_changes
WHERE kind = 'threshold_changed'
ORDER BY chain_id, safe, block_number DESC, log_index DESC, sub_index DESC;

-- LogAnchor's RootAnchored(day, root, leafCount): the daily Merkle root of the off-chain audit log.
-- A root, once written, never changes on chain, hence one row per (anchor, day).
CREATE TABLE anchored_roots (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL,
  tx_hash hash32 NOT NULL,
  anchor address NOT NULL,
  day bigint NOT NULL CHECK (day >= 0 AND day <= 4294967295),
  root hash32 NOT NULL,
  leaf_count bigint NOT NULL CHECK (leaf_count >= 0),
  PRIMARY KEY (chain_id, block_number, log_index),
  UNIQUE (chain_id, anchor, day)
);
