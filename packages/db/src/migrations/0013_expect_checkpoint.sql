-- A write checks, as its transaction's first statement, that it continues the stored checkpoint: a second writer,
-- or a batch replayed after a crash, must fail before any of its rows. The check raises, so a transaction sent
-- whole (statements and COMMIT, without waiting for the writer between them — `runStatements`) stops there.
--
-- expect_checkpoint(chain, block): passes when the chain has no checkpoint or its checkpoint is at `block`, and
-- locks the checkpoint row until the transaction ends (a concurrent writer waits, then fails the check). Otherwise
-- it raises SQLSTATE CK409 (the package maps it to CheckpointMismatchError) with the stored block as DETAIL.
CREATE FUNCTION expect_checkpoint(p_chain_id integer, p_block_number bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  stored bigint;
BEGIN
  SELECT block_number INTO stored FROM checkpoints WHERE chain_id = p_chain_id FOR UPDATE;
  IF FOUND AND stored <> p_block_number THEN
    RAISE EXCEPTION 'The checkpoint of chain % is at block %, not %', p_chain_id, stored, p_block_number
      USING ERRCODE = 'CK409', DETAIL = stored::text;
  END IF;
END
$$;
