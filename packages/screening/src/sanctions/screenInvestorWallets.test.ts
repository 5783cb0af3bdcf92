/**
 * Screening every known investor wallet after a refresh (PGlite, and PostgreSQL with TEST_DATABASE_URL): hits
 * become one open alert per wallet with the suggested, unsent freeze actions; repeat screenings update the alert;
 * a stale list gives a `stale` screening where nothing is clean.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { securityTokenAbi } from "@coinscious/contracts";
import { describeDatabases, fakeAddress, fakeHash } from "@coinscious/db/testing";
import { decodeFunctionData, getAddress } from "viem";
import { refreshAndScreen } from "./refreshAndScreen.ts";
import { screenInvestorWallets } from "./screenInvestorWallets.ts";
import { A, C, ENTRIES, sdnXml } from "./testing/sdnFixtures.ts";

const CHAIN = 31337;
const REGISTRY = fakeAddress(0xe1);
const OTHER_REGISTRY = fakeAddress(0xe2);
const TOKEN_1 = fakeAddress(0xa1);
const TOKEN_2 = fakeAddress(0xa2);
const TOKEN_OTHER = fakeAddress(0xa3);
const CLEAN = fakeAddress(0xc1);
const T0 = new Date("2025-07-01T06:00:00Z");

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "sdn-screen-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeDatabases("screenInvestorWallets", (ctx) => {
  before(async () => {
    // Wallets in address order: CLEAN (investor 3), A (1, listed ETH/ARB), C (2, listed USDT, frozen in
    // TOKEN_2 already); an unlinked listed wallet is not a known investor wallet.
    // Investors 1 (wallet A, listed ETH/ARB), 2 (wallet C, listed USDT, frozen in TOKEN_2 already), 3 (CLEAN);
    // an unlinked listed wallet is not a known investor wallet.
    const link = (n: number, wallet: string, investor: number, linked = true, registry = REGISTRY) =>
      `(${CHAIN}, ${n}, 0, '${fakeHash(n)}', '${registry}', '${wallet}', ${investor}, ${linked})`;
    await ctx.db.exec(
      `INSERT INTO wallet_links (chain_id, block_number, log_index, tx_hash, registry, wallet, investor_id, linked) VALUES
       ${[link(1, A, 1), link(2, C, 2), link(3, CLEAN, 3), link(4, fakeAddress(0xd1), 4), link(5, fakeAddress(0xd1), 4, false)].join(",")};
       INSERT INTO token_bindings (chain_id, block_number, log_index, tx_hash, registry, token) VALUES
       (${CHAIN}, 1, 1, '${fakeHash(11)}', '${REGISTRY}', '${TOKEN_1}'),
       (${CHAIN}, 1, 2, '${fakeHash(12)}', '${REGISTRY}', '${TOKEN_2}'),
       (${CHAIN}, 1, 3, '${fakeHash(13)}', '${OTHER_REGISTRY}', '${TOKEN_OTHER}');
       INSERT INTO compliance_actions (chain_id, block_number, log_index, tx_hash, token, kind, wallet) VALUES
       (${CHAIN}, 6, 0, '${fakeHash(6)}', '${TOKEN_2}', 'wallet_frozen', '${C}');`,
    );
  });

  it("before any list: every wallet STALE, the screening is stale, no alert", async () => {
    const r = await screenInvestorWallets(ctx.db, { now: T0 });
    assert.equal(r.status, "stale");
    assert.deepEqual(
      r.wallets.map((w) => w.result.status),
      ["STALE", "STALE", "STALE"],
    );
    assert.deepEqual(r.alerts, []);
  });

  it("after a refresh: hits become alerts with freeze actions for the tokens not yet frozen", async () => {
    const source = join(dir, "sdn.xml");
    await writeFile(source, sdnXml(ENTRIES, { publishDate: "2025-06-30" }));
    const { refresh, screening } = await refreshAndScreen(ctx.db, {
      refresh: { format: "sdn_xml", source },
      now: T0,
    });
    assert.equal(refresh.outcome, "stored");
    assert.equal(screening.status, "completed");
    assert.deepEqual(
      screening.wallets.map((w) => [w.result.address, w.result.status]),
      [
        [CLEAN, "CLEAR"],
        [A, "SANCTIONED"],
        [C, "SANCTIONED"],
      ],
    );
    assert.deepEqual(
      screening.alerts.map((a) => [a.wallet, a.investorId, a.created, a.tokens]),
      [
        [getAddress(A), 1n, true, [getAddress(TOKEN_1), getAddress(TOKEN_2)]],
        [getAddress(C), 2n, true, [getAddress(TOKEN_1)]],
      ],
    );
    // One proposal for the chain: TOKEN_1 freezes both wallets (batch), TOKEN_2 only A (C is frozen there).
    assert.equal(screening.freezeProposals.length, 1);
    const [batch, single] = screening.freezeProposals[0]?.actions ?? [];
    assert.equal(batch?.kind, "batchSetAddressFrozen");
    assert.equal(batch?.target, getAddress(TOKEN_1));
    assert.equal(batch?.role, "freezer");
    assert.deepEqual(decodeFunctionData({ abi: securityTokenAbi, data: batch?.data ?? "0x" }), {
      functionName: "batchSetAddressFrozen",
      args: [
        [getAddress(A), getAddress(C)],
        [true, true],
      ],
    });
    assert.deepEqual(single?.params, { token: getAddress(TOKEN_2), wallet: getAddress(A), frozen: true });

    const { rows } = await ctx.db.query<{
      wallet: string;
      matched_by: string[];
      tickers: string[];
      entry_ids: string[];
      freeze_actions: { kind: string; target: string; data: string }[];
      status: string;
    }>(
      "SELECT wallet, matched_by, tickers, entry_ids, freeze_actions, status FROM sanctions_alerts ORDER BY wallet",
    );
    assert.deepEqual(
      rows.map((r) => [
        r.wallet,
        r.matched_by,
        r.tickers,
        r.entry_ids,
        r.status,
        r.freeze_actions.map((f) => [f.kind, f.target]),
      ]),
      [
        [
          A,
          ["sdn_list"],
          ["ARB", "ETH"],
          ["1001", "1003"],
          "open",
          [
            ["setAddressFrozen", getAddress(TOKEN_1)],
            ["setAddressFrozen", getAddress(TOKEN_2)],
          ],
        ],
        [C, ["sdn_list"], ["USDT"], ["1002"], "open", [["setAddressFrozen", getAddress(TOKEN_1)]]],
      ],
    );
    const { rows: runs } = await ctx.db.query<{
      status: string;
      wallet_count: number;
      sanctioned_count: number;
      stale_count: number;
    }>("SELECT status, wallet_count, sanctioned_count, stale_count FROM sanctions_screenings ORDER BY id");
    assert.deepEqual(runs.at(-1), {
      status: "completed",
      wallet_count: 3,
      sanctioned_count: 2,
      stale_count: 0,
    });
  });

  it("a repeat screening updates the open alerts instead of opening new ones", async () => {
    const later = new Date(T0.getTime() + 3_600_000);
    const r = await screenInvestorWallets(ctx.db, { now: later });
    assert.deepEqual(
      r.alerts.map((a) => a.created),
      [false, false],
    );
    const { rows } = await ctx.db.query<{ n: bigint; last_seen_at: Date }>(
      "SELECT count(*) OVER () AS n, last_seen_at FROM sanctions_alerts",
    );
    assert.equal(rows[0]?.n, 2n);
    assert.equal(rows[0]?.last_seen_at.getTime(), later.getTime());
  });

  it("once the list is stale: listed wallets stay SANCTIONED, the others are STALE, never CLEAR", async () => {
    const r = await screenInvestorWallets(ctx.db, {
      now: new Date(T0.getTime() + 48 * 3_600_000),
      chainId: CHAIN,
    });
    assert.equal(r.status, "stale");
    assert.deepEqual(
      r.wallets.map((w) => w.result.status),
      ["STALE", "SANCTIONED", "SANCTIONED"],
    );
  });
});
