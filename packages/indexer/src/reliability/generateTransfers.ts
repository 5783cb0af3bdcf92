import assert from "node:assert/strict";
import { type Address, type Hex, numberToHex } from "viem";
import type { Devnet } from "../test/devnet.ts";

export type GenerateTransfersParameters = {
  /** Blocks with transfers. */
  rounds: number;
  /** `batchTransfer` calls per round, each to `recipients` wallets. */
  batchesPerRound?: number;
  recipients?: number;
  /** Single `transfer`s per round. */
  singlesPerRound?: number;
  /** Empty blocks mined after each round (a backfill in small batches then has stretches without logs). */
  emptyBlocksBetween?: number;
  /** Mine those empty blocks after every `emptyStretchEvery`-th round only (default 1: after each round). */
  emptyStretchEvery?: number;
  seed?: number;
};

/**
 * Fills the devnet with Transfer events for a backfill: a `batchMint` of 10 000 to every wallet, then `rounds`
 * blocks each holding `batchesPerRound` batch transfers and `singlesPerRound` single transfers (sent with automine
 * off, mined together with `evm_mine`), with `emptyBlocksBetween` empty blocks after each. A balance model picks
 * senders that can pay, so every transfer succeeds. Returns the number of Transfer events (the mint's included).
 *
 * @example
 * const transfers = await generateTransfers(devnet, { rounds: 60, emptyBlocksBetween: 5 });
 */
export async function generateTransfers(d: Devnet, params: GenerateTransfersParameters): Promise<number> {
  const {
    rounds,
    batchesPerRound = 2,
    recipients = 40,
    singlesPerRound = 20,
    emptyBlocksBetween = 0,
    emptyStretchEvery = 1,
  } = params;
  const wallets = d.wallets;
  const balances = new Map<Address, bigint>(wallets.map((w) => [w, 10_000n]));
  await d.sendAndWait(
    d.admin,
    d.deployment.token,
    d.mintData(
      wallets,
      wallets.map(() => 10_000n),
    ),
    25_000_000n,
  );
  let transfers = wallets.length;
  let seed = params.seed ?? 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = (): Address => wallets[rand(wallets.length)] as Address;
  const payer = (minimum: bigint): Address => {
    let from = pick();
    while ((balances.get(from) ?? 0n) < minimum) from = pick();
    return from;
  };
  const move = (from: Address, to: Address, amount: bigint) => {
    balances.set(from, (balances.get(from) ?? 0n) - amount);
    balances.set(to, (balances.get(to) ?? 0n) + amount);
  };
  await d.rpc("evm_setAutomine", [false]);
  try {
    for (let round = 0; round < rounds; round++) {
      for (let b = 0; b < batchesPerRound; b++) {
        const from = payer(5n * BigInt(recipients));
        const to: Address[] = [];
        const amounts: bigint[] = [];
        for (let i = 0; i < recipients; i++) {
          let w = pick();
          while (w === from) w = pick();
          const amount = BigInt(1 + rand(5));
          to.push(w);
          amounts.push(amount);
          move(from, w, amount);
        }
        // Sequential sends keep the FIFO order the model assumes; receipts are not awaited.
        await d.send(from, d.deployment.token, d.batchTransferData(to, amounts), 6_000_000n);
        transfers += recipients;
      }
      for (let i = 0; i < singlesPerRound; i++) {
        const from = payer(10n);
        let to = pick();
        while (to === from) to = pick();
        const amount = BigInt(1 + rand(10));
        move(from, to, amount);
        await d.send(from, d.deployment.token, d.transferData(to, amount), 200_000n);
        transfers++;
      }
      await d.rpc("evm_mine");
      if (emptyBlocksBetween > 0 && (round + 1) % emptyStretchEvery === 0)
        await d.rpc("anvil_mine", [numberToHex(emptyBlocksBetween)]);
    }
  } finally {
    await d.rpc("evm_setAutomine", [true]);
  }
  const pool = await d.rpc<{ pending: Hex }>("txpool_status");
  assert.equal(BigInt(pool.pending), 0n, "every transfer was mined");
  return transfers;
}
