-- Foundation: value domains, the block log used for reorg detection, per-chain checkpoints, raw decoded events.
--
-- Conventions for every table the indexer writes per block (see src/README.md of @coinscious/db):
--   * it carries chain_id and block_number, and an index led by (chain_id, block_number), so a reorg rollback is
--     DELETE ... WHERE chain_id = $1 AND block_number > $ancestor;
--   * rows of one log are ordered by (block_number, log_index), a total order within a chain;
--   * the indexer writes a `blocks` row for every block it writes rows for, and for the checkpoint block.
-- This file is applied once and never edited (its checksum is recorded); changes go into a new file.

-- Addresses: lower-case hex text, one canonical form. COLLATE "C" makes ordering byte-wise (the same on every
-- server locale and in PGlite) and comparisons cheap. The check is written as length + an unbounded character
-- class because the equivalent '^0x[0-9a-f]{40}$' costs ~4x more per value (counted repetition) and bulk
-- inserts of two addresses per row felt it (measured on PostgreSQL 15: 400k values 2.7 s vs 0.64 s).
CREATE DOMAIN address AS text COLLATE "C" CHECK (octet_length(VALUE) = 42 AND VALUE ~ '^0x[0-9a-f]*$');

-- 32-byte hashes (block, transaction, Safe transaction, Merkle roots), lower-case hex.
CREATE DOMAIN hash32 AS text COLLATE "C" CHECK (octet_length(VALUE) = 66 AND VALUE ~ '^0x[0-9a-f]*$');

-- Unsigned 256-bit integers: token amounts, balances, Safe values and nonces. numeric(78,0) holds 2^256-1
-- (78 digits); the check keeps values inside uint256.
CREATE DOMAIN uint256 AS numeric(78, 0)
  CHECK (VALUE >= 0 AND VALUE <= 115792089237316195423570985008687907853269984665640564039457584007913129639935);

-- Blocks the indexer has processed: parent_hash links let it find the common ancestor after a reorg;
-- block_timestamp (unix seconds, as the chain reports it) resolves "as of a time" to a block.
CREATE TABLE blocks (
  chain_id integer NOT NULL CHECK (chain_id > 0),
  block_number bigint NOT NULL CHECK (block_number >= 0),
  block_hash hash32 NOT NULL,
  parent_hash hash32 NOT NULL,
  block_timestamp bigint NOT NULL CHECK (block_timestamp >= 0),
  PRIMARY KEY (chain_id, block_number)
);
CREATE INDEX blocks_by_timestamp ON blocks (chain_id, block_timestamp, block_number);
CREATE INDEX blocks_by_hash ON blocks (chain_id, block_hash);

-- One row per chain: everything up to and including block_number is projected. Written in the same transaction
-- as the rows it covers, so a crash never leaves rows above the checkpoint.
CREATE TABLE checkpoints (
  chain_id integer PRIMARY KEY CHECK (chain_id > 0),
  block_number bigint NOT NULL CHECK (block_number >= 0),
  -- NULL only after a rollback to a block whose hash was not stored.
  block_hash hash32,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every decoded log of the contracts the indexer follows. args: the decoded arguments as JSON, uint/int values as
-- decimal strings (JSON numbers lose precision above 2^53), addresses lower-case.
CREATE TABLE events (
  chain_id integer NOT NULL,
  block_number bigint NOT NULL,
  log_index integer NOT NULL CHECK (log_index >= 0),
  block_hash hash32 NOT NULL,
  tx_hash hash32 NOT NULL,
  contract address NOT NULL,
  event_name text NOT NULL,
  args jsonb NOT NULL,
  PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX events_by_contract ON events (chain_id, contract, event_name, block_number, log_index);
CREATE INDEX events_by_tx ON events (chain_id, tx_hash);
