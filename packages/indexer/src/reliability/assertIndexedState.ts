import assert from "node:assert/strict";
import { type Queryable, type StateChecksum, stateChecksum } from "@coinscious/db";
import type { Address } from "viem";
import type { Devnet } from "../test/devnet.ts";

/**
 * Nothing lost, nothing duplicated: `db` is indexed up to the devnet's head (checkpoint hash = head hash), every
 * projected table has the same rows as the clean index `clean` (per-table digests, so a failure names the
 * table), and every wallet's balance in `balances` equals `balanceOf` on chain, for the devnet's wallets and any
 * other wallet the table holds.
 *
 * @example
 * await assertIndexedState(db, devnet, await indexCleanly(cleanDb, params), "after 20 SIGKILLs");
 */
export async function assertIndexedState(
  db: Queryable,
  d: Devnet,
  clean: StateChecksum,
  what: string,
): Promise<void> {
  const chainId = d.sources.chainId;
  const head = await d.head();
  const { rows } = await db.query<{ block_hash: string }>(
    "SELECT block_hash FROM checkpoints WHERE chain_id = $1",
    [chainId],
  );
  assert.equal(rows[0]?.block_hash, head.hash, `${what}: the checkpoint is the head`);
  const actual = await stateChecksum(db, chainId);
  assert.deepEqual(actual.tables, clean.tables, `${what}: every table equals the clean index`);
  assert.equal(actual.checksum, clean.checksum);
  const token = d.deployment.token;
  const stored = await db.query<{ wallet: string; balance: string }>(
    "SELECT wallet, balance FROM balances WHERE chain_id = $1 AND token = $2",
    [chainId, token.toLowerCase()],
  );
  const balances = new Map(stored.rows.map((r) => [r.wallet, BigInt(r.balance)]));
  const wallets = new Set<string>([...d.wallets.map((w) => w.toLowerCase()), ...balances.keys()]);
  const chain = await Promise.all([...wallets].map((w) => d.balanceOf(token, w as Address)));
  [...wallets].forEach((w, i) => {
    assert.equal(balances.get(w) ?? 0n, chain[i], `${what}: balance of ${w}`);
  });
}
