-- A token's Transfer log is stored once, as its transfers journal row (block, log index, tx, token, from, to,
-- amount): the journal is the decoded event plus what the projection adds (kind, investors, reason). `events` keeps
-- every other decoded log. `all_events` gives the complete decoded log stream back, Transfer logs included, with the
-- same columns as `events` (args as the decoder produces them: addresses lower-case, the amount as a string).
-- Writing Transfer logs twice cost a jsonb row and three index entries per transfer in the indexer's hot path.
CREATE VIEW all_events AS
SELECT chain_id, block_number, log_index, block_hash, tx_hash, contract, event_name, args
FROM events
UNION ALL
SELECT t.chain_id, t.block_number, t.log_index, b.block_hash, t.tx_hash, t.token, 'Transfer',
       jsonb_build_object(
         'from', coalesce(t.from_wallet, '0x0000000000000000000000000000000000000000'),
         'to', coalesce(t.to_wallet, '0x0000000000000000000000000000000000000000'),
         'value', t.amount::text)
FROM transfers t
JOIN blocks b ON b.chain_id = t.chain_id AND b.block_number = t.block_number;
