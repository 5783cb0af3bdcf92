import { ponder } from "ponder:registry";
import { balance, transfer } from "ponder:schema";

const ZERO = "0x0000000000000000000000000000000000000000";

// The projection Coinscious builds: a transfer row, and the balances of both sides upserted.
ponder.on("Token:Transfer", async ({ event, context }) => {
  const token = event.log.address.toLowerCase() as `0x${string}`;
  const from = event.args.from.toLowerCase() as `0x${string}`;
  const to = event.args.to.toLowerCase() as `0x${string}`;
  const value = event.args.value;
  await context.db.insert(transfer).values({
    id: event.id,
    token,
    from,
    to,
    value,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    txHash: event.transaction.hash,
    timestamp: event.block.timestamp,
  });
  if (from !== ZERO) {
    await context.db
      .insert(balance)
      .values({ token, wallet: from, balance: -value })
      .onConflictDoUpdate((row) => ({ balance: row.balance - value }));
  }
  if (to !== ZERO) {
    await context.db
      .insert(balance)
      .values({ token, wallet: to, balance: value })
      .onConflictDoUpdate((row) => ({ balance: row.balance + value }));
  }
});
