import { onchainTable, primaryKey } from "ponder";

/** One row per Transfer event (the journal). */
export const transfer = onchainTable("transfer", (t) => ({
  id: t.text().primaryKey(),
  token: t.hex().notNull(),
  from: t.hex().notNull(),
  to: t.hex().notNull(),
  value: t.bigint().notNull(),
  blockNumber: t.bigint().notNull(),
  logIndex: t.integer().notNull(),
  txHash: t.hex().notNull(),
  timestamp: t.bigint().notNull(),
}));

/** Current balance per (token, wallet); the zero address is never a row. */
export const balance = onchainTable(
  "balance",
  (t) => ({
    token: t.hex().notNull(),
    wallet: t.hex().notNull(),
    balance: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.token, table.wallet] }) }),
);
