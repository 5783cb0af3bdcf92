import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { investorRegistryAbi, logAnchorAbi, securityTokenAbi } from "@coinscious/contracts";
import { ROLE } from "@coinscious/contracts/deploy";
import { holdersOfRecordAt, stateChecksum } from "@coinscious/db";
import { describeDatabases } from "@coinscious/db/testing";
import fc from "fast-check";
import { type Address, getAddress, keccak256, numberToHex, toHex } from "viem";
import { CHAIN_ID, type Devnet, startDevnet, walletAddress } from "../test/devnet.ts";
import { type RunningSync, runSync } from "../test/runSync.ts";
import { createDatabaseStore } from "./createDatabaseStore.ts";

const WALLETS = 12;
const FINALITY = { type: "depth" as const, depth: 12 };

let d: Devnet;
/** Made once (the chain is shared by both engines' suites): the second class and the block the activity ended at. */
let scene: { classB: Address; activityEnd: bigint } | undefined;
/** Wallet 0's second wallet (same investor), and where wallet 4's balance is recovered to. */
const extraWallet = walletAddress(100);
const recoveredTo = walletAddress(101);

/** One of everything the projection knows, on the token, the registry, the factory and the anchor. */
async function activity(dev: Devnet): Promise<Address> {
  const [w0, w1, w2, w3, w4, w5] = dev.wallets as [Address, Address, Address, Address, Address, Address];
  const { token, registry, logAnchor } = dev.deployment;
  const agent = dev.admin;
  for (const role of [ROLE.FREEZER, ROLE.GUARDIAN])
    await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "grantRole", [role, agent]));
  await dev.sendAndWait(
    agent,
    token,
    dev.mintData(
      dev.wallets,
      dev.wallets.map((_, i) => 1_000n + BigInt(i)),
    ),
  );
  await dev.sendAndWait(w1, token, dev.transferData(w2, 10n));
  await dev.sendAndWait(w2, token, dev.batchTransferData([w3, w5], [1n, 2n]));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "forcedTransfer", [w0, w1, 5n, 3]));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "burn", [w5, 7n]));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "freezePartialTokens", [w3, 10n]));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "unfreezePartialTokens", [w3, 4n]));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "setAddressFrozen", [w2, true]));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "pause", []));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "unpause", []));
  // Registry: a second wallet for investor 1 (wallet 0's), a new wallet for investor 5 (wallet 4's) to recover to,
  // an update that makes investor 3 non-accredited.
  await dev.sendAndWait(dev.oracle, registry, dev.call(investorRegistryAbi, "linkWallet", [extraWallet, 1]));
  await dev.sendAndWait(dev.oracle, registry, dev.call(investorRegistryAbi, "linkWallet", [recoveredTo, 5]));
  await dev.sendAndWait(w0, token, dev.transferData(extraWallet, 20n));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "freezePartialTokens", [w4, 3n]));
  await dev.sendAndWait(agent, token, dev.call(securityTokenAbi, "recoveryAddress", [w4, recoveredTo]));
  const now = Number((await dev.head()).timestamp);
  const record = {
    country: 276,
    kycExpiry: now + 365 * 86400,
    accreditationExpiry: 0,
    lockupUntil: 0,
    usPerson: false,
    frozen: false,
  };
  await dev.sendAndWait(dev.oracle, registry, dev.call(investorRegistryAbi, "updateInvestor", [3, record]));
  const day = Math.floor(now / 86400);
  await dev.sendAndWait(
    agent,
    logAnchor,
    dev.call(logAnchorAbi as never, "anchor", [day, keccak256(toHex("audit day")), 42n]),
  );
  // A second class through the factory (which binds it to the registry), with its own issuance.
  const classB = await dev.createClass("ACME-B");
  await dev.sendAndWait(agent, classB, dev.mintData([w1, w3], [50n, 60n]));
  return classB;
}

before(async () => {
  d = await startDevnet({ wallets: WALLETS });
  await Promise.all(
    [extraWallet, recoveredTo].map((w) => d.rpc("anvil_setBalance", [w, numberToHex(10n ** 20n)])),
  );
});
after(async () => {
  await d?.stop();
});

describeDatabases(
  "database store on anvil",
  (ctx) => {
    let classB: Address;
    let activityEnd: bigint;
    let run: RunningSync;
    /** The database's checkpoint is the chain's head. */
    const synced = async (db: typeof ctx.db = ctx.db) => {
      const { rows } = await db.query<{ block_hash: string }>(
        "SELECT block_hash FROM checkpoints WHERE chain_id = $1",
        [CHAIN_ID],
      );
      return rows[0]?.block_hash === (await d.head()).hash;
    };
    const index = (db: typeof ctx.db, batchBlocks: number) =>
      runSync({
        publicClient: d.publicClient,
        sources: d.sources,
        store: createDatabaseStore({ db }),
        headersOfLogBlocks: true,
        finality: FINALITY,
        pollingIntervalMs: 20,
        batchBlocks,
      });
    /** A clean index of the chain as it is now, into `db`, in batches of up to 10,000 blocks. */
    const indexToHead = async (db: typeof ctx.db, label: string) => {
      const sync = index(db, 10_000);
      await sync.waitFor(() => synced(db), 60_000, label);
      await sync.stop();
    };

    before(async () => {
      if (scene === undefined) {
        const made = await activity(d);
        scene = { classB: made, activityEnd: (await d.head()).number };
      }
      ({ classB, activityEnd } = scene);
      run = index(ctx.db, 5);
      await run.waitFor(synced, 60_000, "synced");
    });
    after(async () => {
      await run?.stop();
    });

    it("projects balances equal to balanceOf, for both classes, and every transfer with its kind", async () => {
      const wallets = [...d.wallets, extraWallet, recoveredTo];
      for (const token of [d.deployment.token, classB]) {
        const { rows } = await ctx.db.query<{ wallet: string; balance: string }>(
          "SELECT wallet, balance FROM balances WHERE chain_id = $1 AND token = $2",
          [CHAIN_ID, token.toLowerCase()],
        );
        const stored = new Map(rows.map((r) => [r.wallet, BigInt(r.balance)]));
        for (const w of wallets)
          assert.equal(stored.get(w.toLowerCase()) ?? 0n, await d.balanceOf(token, w), `${token} ${w}`);
      }
      const kinds = await ctx.db.query<{ kind: string; n: bigint; reason: number | null }>(
        `SELECT kind, count(*) AS n, max(reason_code) AS reason FROM transfer_journal
       WHERE chain_id = $1 AND token = $2 AND block_number <= $3 GROUP BY kind ORDER BY kind`,
        [CHAIN_ID, d.deployment.token.toLowerCase(), activityEnd],
      );
      assert.deepEqual(
        kinds.rows.map((r) => [r.kind, r.n, r.reason]),
        [
          ["forced_transfer", 1n, 3],
          ["issuance", BigInt(WALLETS), null],
          ["recovery", 1n, null],
          ["redemption", 1n, null],
          ["transfer", 4n, null],
        ],
      );
      // The extra wallet's credit is attributed to investor 1 (wallet 0's investor), via the link made in-batch.
      const toExtra = await ctx.db.query<{ from_investor_id: bigint; to_investor_id: bigint }>(
        "SELECT from_investor_id, to_investor_id FROM transfer_journal WHERE chain_id = $1 AND to_wallet = $2 AND kind = 'transfer'",
        [CHAIN_ID, extraWallet.toLowerCase()],
      );
      assert.deepEqual(toExtra.rows, [{ from_investor_id: 1n, to_investor_id: 1n }]);
    });

    it("projects compliance actions, registry state, holder counters and anchors as the chain has them", async () => {
      const token = d.deployment.token.toLowerCase();
      const actions = await ctx.db.query<{ kind: string; n: bigint }>(
        `SELECT kind, count(*) AS n FROM compliance_actions WHERE chain_id = $1 AND token = $2 AND block_number <= $3
       GROUP BY kind ORDER BY kind`,
        [CHAIN_ID, token, activityEnd],
      );
      assert.deepEqual(
        actions.rows.map((r) => [r.kind, r.n]),
        [
          ["forced_transfer", 1n],
          ["paused", 1n],
          ["recovery", 1n],
          ["tokens_frozen", 3n], // w3, w4, and w4's frozen amount moving to the recovered wallet
          ["tokens_unfrozen", 2n],
          ["unpaused", 1n],
          ["wallet_frozen", 1n],
        ],
      );
      const freezes = await ctx.db.query<{ wallet: string; frozen: boolean; frozen_amount: string }>(
        "SELECT wallet, frozen, frozen_amount FROM wallet_freezes WHERE chain_id = $1 AND token = $2 ORDER BY wallet",
        [CHAIN_ID, token],
      );
      for (const f of freezes.rows) {
        const [frozen, amount] = await Promise.all([
          d.publicClient.readContract({
            address: d.deployment.token,
            abi: securityTokenAbi,
            functionName: "isFrozen",
            args: [getAddress(f.wallet)],
          }),
          d.publicClient.readContract({
            address: d.deployment.token,
            abi: securityTokenAbi,
            functionName: "getFrozenTokens",
            args: [getAddress(f.wallet)],
          }),
        ]);
        assert.equal(f.frozen, frozen, f.wallet);
        assert.equal(BigInt(f.frozen_amount), amount, f.wallet);
      }
      const pause = await ctx.db.query<{ paused: boolean }>(
        "SELECT paused FROM token_pauses WHERE token = $1",
        [token],
      );
      assert.deepEqual(pause.rows, [{ paused: false }]);

      const investor3 = await ctx.db.query<{ accreditation_expiry: bigint; kyc_expiry: bigint }>(
        "SELECT accreditation_expiry, kyc_expiry FROM investors WHERE chain_id = $1 AND investor_id = 3",
        [CHAIN_ID],
      );
      assert.equal(investor3.rows[0]?.accreditation_expiry, 0n);
      const links = await ctx.db.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM wallets WHERE chain_id = $1 AND investor_id = 1",
        [CHAIN_ID],
      );
      assert.equal(links.rows[0]?.n, 2n);

      const [holders, nonAccredited] = (await d.publicClient.readContract({
        address: d.deployment.token,
        abi: securityTokenAbi,
        functionName: "holderCounts",
      })) as readonly [bigint, bigint, bigint, bigint];
      const counters = await ctx.db.query<{ holders: bigint; non_accredited_holders: bigint }>(
        `SELECT holders, non_accredited_holders FROM holder_count_changes WHERE chain_id = $1 AND token = $2
       ORDER BY block_number DESC, log_index DESC LIMIT 1`,
        [CHAIN_ID, token],
      );
      assert.deepEqual(counters.rows[0], { holders, non_accredited_holders: nonAccredited });
      const head = (await d.head()).number;
      const computed = await holdersOfRecordAt(ctx.db, {
        chainId: CHAIN_ID,
        token: d.deployment.token,
        blockNumber: head,
      });
      assert.equal(BigInt(computed.holders), holders);

      const anchors = await ctx.db.query<{ leaf_count: bigint }>("SELECT leaf_count FROM anchored_roots");
      assert.deepEqual(anchors.rows, [{ leaf_count: 42n }]);
      // Both classes came from the factory: the deployment's first one and ACME-B.
      const classes = await ctx.db.query<{ symbol: string }>(
        "SELECT symbol FROM token_classes ORDER BY symbol",
      );
      assert.deepEqual(classes.rows, [{ symbol: "ACME-A" }, { symbol: "ACME-B" }]);
      // Every block with rows has its header (as-of-time queries resolve through blocks).
      const orphans = await ctx.db.query<{ n: bigint }>(
        `SELECT count(*) AS n FROM (SELECT chain_id, block_number FROM events UNION ALL
         SELECT chain_id, block_number FROM transfers) e WHERE NOT EXISTS
         (SELECT 1 FROM blocks b WHERE b.chain_id = e.chain_id AND b.block_number = e.block_number)`,
      );
      assert.equal(orphans.rows[0]?.n, 0n);
    });

    it("gives every decoded log back through all_events, Transfer logs from the journal", async () => {
      const head = (await d.head()).number;
      const logs = await d.publicClient.getLogs({
        address: [
          d.deployment.token,
          classB,
          d.deployment.registry,
          d.deployment.factory,
          d.deployment.logAnchor,
        ],
        fromBlock: d.sources.startBlock,
        toBlock: head,
      });
      const stored = await ctx.db.query<{
        block_number: bigint;
        log_index: number;
        event_name: string;
        args: Record<string, string>;
      }>(
        "SELECT block_number, log_index, event_name, args FROM all_events WHERE chain_id = $1 AND block_number <= $2 ORDER BY block_number, log_index",
        [CHAIN_ID, head],
      );
      assert.deepEqual(
        stored.rows.map((r) => `${r.block_number}:${r.log_index}`),
        logs.map((l) => `${l.blockNumber}:${l.logIndex}`),
      );
      const transfer = stored.rows.find(
        (r) => r.event_name === "Transfer" && r.args.from !== "0x0000000000000000000000000000000000000000",
      );
      assert.ok(transfer);
      assert.match(transfer.args.to ?? "", /^0x[0-9a-f]{40}$/);
      assert.match(transfer.args.value ?? "", /^\d+$/);
    });

    it("gives the same state whatever the batch size, and refuses a batch that does not continue the checkpoint", async () => {
      const other = await ctx.createTestDatabase();
      await indexToHead(other, "second index");
      assert.equal(
        (await stateChecksum(other, CHAIN_ID)).checksum,
        (await stateChecksum(ctx.db, CHAIN_ID)).checksum,
      );
      const store = createDatabaseStore({ db: other });
      const checkpoint = await store.getCheckpoint(CHAIN_ID);
      assert.ok(checkpoint !== undefined);
      await assert.rejects(
        store.applyBatch({
          chainId: CHAIN_ID,
          fromBlock: checkpoint.blockNumber + 5n,
          toBlock: checkpoint.blockNumber + 5n,
          blocks: [],
          logs: [],
          checkpoint: { ...checkpoint, blockNumber: checkpoint.blockNumber + 5n },
        }),
        { code: "INDEXER_STORE_CONFLICT" },
      );
    });

    it("follows reorgs of depth 1–10 during realtime sync: the state equals a clean index (property)", async () => {
      const runs = Number(process.env.REORG_RUNS ?? 6);
      const sink = d.wallets[WALLETS - 1] as Address;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 10 }),
          fc.array(
            fc.record({ from: fc.integer({ min: 0, max: 5 }), amount: fc.integer({ min: 1, max: 3 }) }),
            {
              maxLength: 6,
            },
          ),
          async (depth, replacement) => {
            for (let i = 0; i < depth; i++)
              await d.sendAndWait(
                d.wallets[6 + (i % 4)] as Address,
                d.deployment.token,
                d.transferData(sink, 1n),
              );
            await run.waitFor(synced, 20_000, "synced before the reorg");
            const pairs = replacement.map((t, i) => [
              {
                from: d.wallets[t.from],
                to: d.deployment.token,
                data: d.transferData(d.wallets[(t.from + 1) % 6] as Address, BigInt(t.amount)),
                gas: numberToHex(300_000),
              },
              i % depth,
            ]);
            await d.rpc("anvil_reorg", [depth, pairs]);
            await run.waitFor(synced, 20_000, `reorg of depth ${depth} handled`);
            const clean = await ctx.createTestDatabase();
            await indexToHead(clean, "clean index");
            const [a, b] = [await stateChecksum(ctx.db, CHAIN_ID), await stateChecksum(clean, CHAIN_ID)];
            assert.deepEqual(a.tables, b.tables);
            await clean.drop();
          },
        ),
        { numRuns: runs, endOnFailure: true },
      );
      assert.ok(run.events.some((e) => e.type === "reorg"));
    });
  },
  { pgliteWorker: true },
);
