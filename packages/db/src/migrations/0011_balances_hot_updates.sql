-- `balances` is rewritten on every batch: one row per (class, wallet) the batch moved. Each of its secondary
-- indexes had a column that changes with every update (block_number, balance, investor_id), so every update was a
-- new heap tuple plus an entry in each of four indexes; and the embedded PGlite has no autovacuum, so those entries
-- and the dead tuples were never reclaimed. Without them an update of a balance changes no indexed column: it is a
-- HOT update (heap-only tuple, no index entry), on the same page while there is room — hence fillfactor 50 — and
-- PostgreSQL prunes the dead versions of a page when it next reads it, with or without vacuum.
--
-- What the dropped indexes served is a scan of one class's rows through the primary key (chain_id, token, wallet):
-- - balances_holders (chain_id, token, balance DESC, wallet) WHERE balance > 0: the current cap table page. The
--   query counts and sums every holder of the class anyway, so it reads them all; the page is a top-N sort.
-- - balances_by_investor (chain_id, token, investor_id): investor_balances groups the class's rows anyway.
-- - balances_by_block (chain_id, block_number): rollbackTo's "rows newer than B", now a sequential scan of
--   `balances` (one row per wallet and class) on each reorg.
DROP INDEX balances_by_block;
DROP INDEX balances_holders;
DROP INDEX balances_by_investor;
ALTER TABLE balances SET (fillfactor = 50);
