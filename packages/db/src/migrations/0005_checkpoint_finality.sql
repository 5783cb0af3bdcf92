-- The indexer's checkpoint also records the highest block that was final when its rows were written: a restart
-- that finds the checkpoint's block replaced rolls back to it (rows at or below it cannot have changed), and a
-- reorg rollback never goes below it. 0 for rows written before this column existed (the safe, lowest floor).
ALTER TABLE checkpoints ADD COLUMN finalized_block_number bigint NOT NULL DEFAULT 0
  CHECK (finalized_block_number >= 0);
ALTER TABLE checkpoints ADD CONSTRAINT checkpoints_finalized_not_above
  CHECK (finalized_block_number <= block_number);
