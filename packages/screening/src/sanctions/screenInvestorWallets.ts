import type { TransactionRunner } from "@coinscious/db";
import { type Address, getAddress, type PublicClient } from "viem";
import { buildFreezeProposals, type FreezeProposal } from "./buildFreezeProposals.ts";
import { checkSanctionsOracle, type OracleCheckResult } from "./checkSanctionsOracle.ts";
import { findCurrentSanctionsList } from "./findCurrentSanctionsList.ts";
import { type SanctionsFreshnessPolicy, type ScreeningResult, screenAddress } from "./screenAddress.ts";

export type ScreenInvestorWalletsParameters = {
  now?: Date;
  policy?: SanctionsFreshnessPolicy;
  /** Only this chain's wallets; default every chain. */
  chainId?: number;
  /** The optional second check through the sanctions oracle (§4.3), on the chain the wallets live on. */
  oracle?: {
    client: Pick<PublicClient, "readContract">;
    address: Address;
    timeoutMs?: number;
    /** Calls in flight at once. Default 8. */
    concurrency?: number;
  };
};

/** One known wallet and its verdict. */
export type WalletScreening = {
  chainId: number;
  registry: Address;
  investorId: bigint;
  result: ScreeningResult;
};

/** A hit, as stored in `sanctions_alerts`. */
export type SanctionsAlert = {
  alertId: bigint;
  /** False when an open alert for the wallet already existed and was seen again. */
  created: boolean;
  chainId: number;
  registry: Address;
  wallet: Address;
  investorId: bigint;
  matchedBy: ("sdn_list" | "oracle")[];
  /** The token classes the suggested freeze covers (bound to the registry, not already frozen). */
  tokens: Address[];
};

export type ScreenInvestorWalletsReturnType = {
  screeningId: bigint;
  /** `stale` when any wallet is STALE: those wallets are neither clear nor sanctioned (fail closed). */
  status: "completed" | "stale";
  wallets: WalletScreening[];
  alerts: SanctionsAlert[];
  /** The suggested, unsent freeze actions per chain (for a Safe proposal). */
  freezeProposals: FreezeProposal[];
};

type WalletRow = { chain_id: number; registry: Address; wallet: Address; investor_id: bigint };

/**
 * Screens every known investor wallet (the `wallets` view of migration 0003: current registry links) against the
 * current SDN list and, when configured, the sanctions oracle — to run after each refresh (§4.2). Each hit becomes
 * an alert row (one open alert per wallet: a repeat hit updates it) carrying a suggested freeze: a
 * `setAddressFrozen` per token class bound to the wallet's registry (migration 0002 `token_bindings`, latest
 * binding per class) unless `wallet_freezes` shows it frozen already; the batched actions come back as
 * `freezeProposals`, unsent. Oracle calls happen before the transaction; the screening row and the alerts are
 * written in one.
 *
 * @example
 * const { alerts, freezeProposals } = await screenInvestorWallets(db, {
 *   oracle: { client: publicClient, address: SANCTIONS_ORACLE_ADDRESSES[8453] },
 * });
 */
export async function screenInvestorWallets(
  db: TransactionRunner,
  parameters: ScreenInvestorWalletsParameters = {},
): Promise<ScreenInvestorWalletsReturnType> {
  const now = parameters.now ?? new Date();
  const list = await findCurrentSanctionsList(db);
  const { rows } = await db.query<WalletRow>(
    `SELECT chain_id, registry, wallet, investor_id FROM wallets
     WHERE $1::integer IS NULL OR chain_id = $1 ORDER BY chain_id, registry, wallet`,
    [parameters.chainId ?? null],
  );
  const oracleResults = await askOracle(rows, parameters.oracle);
  const wallets: WalletScreening[] = rows.map((row, i) => ({
    chainId: row.chain_id,
    registry: row.registry,
    investorId: row.investor_id,
    result: screenAddress({
      list,
      address: row.wallet,
      now,
      policy: parameters.policy,
      oracle: oracleResults[i],
    }),
  }));
  const hits = wallets.filter((w) => w.result.status === "SANCTIONED");
  const staleCount = wallets.filter((w) => w.result.status === "STALE").length;
  const status = staleCount > 0 || (wallets.length === 0 && list === undefined) ? "stale" : "completed";

  return db.transaction(async (tx) => {
    const { rows: inserted } = await tx.query<{ id: bigint }>(
      `INSERT INTO sanctions_screenings (version_id, screened_at, status, oracle, wallet_count, sanctioned_count,
         stale_count) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        list?.versionId ?? null,
        now,
        status,
        parameters.oracle?.address.toLowerCase() ?? null,
        wallets.length,
        hits.length,
        staleCount,
      ],
    );
    const screeningId = (inserted[0] as { id: bigint }).id;
    const alerts: SanctionsAlert[] = [];
    for (const hit of hits) {
      const { rows: tokenRows } = await tx.query<{ token: Address }>(
        `SELECT b.token FROM (
           SELECT DISTINCT ON (chain_id, token) chain_id, token, registry FROM token_bindings
           WHERE chain_id = $1 ORDER BY chain_id, token, block_number DESC, log_index DESC) b
         LEFT JOIN wallet_freezes f ON f.chain_id = b.chain_id AND f.token = b.token AND f.wallet = $3
         WHERE b.registry = $2 AND coalesce(f.frozen, false) = false ORDER BY b.token`,
        [hit.chainId, hit.registry, hit.result.address],
      );
      const tokens = tokenRows.map((t) => getAddress(t.token));
      const freezeActions = buildFreezeProposals([
        { chainId: hit.chainId, wallet: hit.result.address, tokens },
      ]);
      const { rows: alertRows } = await tx.query<{ id: bigint; created: boolean }>(
        `INSERT INTO sanctions_alerts AS a (chain_id, registry, wallet, investor_id, matched_by, tickers, entry_ids,
           first_screening_id, last_screening_id, version_id, freeze_actions, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7::text[], $8, $8, $9, $10::jsonb, $11, $11)
         ON CONFLICT (chain_id, registry, wallet) WHERE status <> 'resolved' DO UPDATE SET
           investor_id = excluded.investor_id, matched_by = excluded.matched_by, tickers = excluded.tickers,
           entry_ids = excluded.entry_ids, last_screening_id = excluded.last_screening_id,
           version_id = excluded.version_id, freeze_actions = excluded.freeze_actions,
           last_seen_at = excluded.last_seen_at
         RETURNING id, first_screening_id = $8 AS created`,
        [
          hit.chainId,
          hit.registry,
          hit.result.address,
          hit.investorId,
          hit.result.matchedBy,
          hit.result.listing?.tickers ?? [],
          hit.result.listing?.entryIds ?? [],
          screeningId,
          list?.versionId ?? null,
          JSON.stringify(
            freezeActions.flatMap((p) => p.actions),
            (_k, v) => (typeof v === "bigint" ? v.toString() : v),
          ),
          now,
        ],
      );
      const alert = alertRows[0] as { id: bigint; created: boolean };
      alerts.push({
        alertId: alert.id,
        created: alert.created,
        chainId: hit.chainId,
        registry: getAddress(hit.registry),
        wallet: getAddress(hit.result.address),
        investorId: hit.investorId,
        matchedBy: hit.result.matchedBy,
        tokens,
      });
    }
    const freezeProposals = buildFreezeProposals(
      alerts.map((a) => ({ chainId: a.chainId, wallet: a.wallet, tokens: a.tokens })),
    );
    return { screeningId, status, wallets, alerts, freezeProposals };
  });
}

/** The oracle's answer per wallet (undefined when no oracle is configured), `concurrency` calls at a time. */
async function askOracle(
  rows: WalletRow[],
  oracle: ScreenInvestorWalletsParameters["oracle"],
): Promise<(OracleCheckResult | undefined)[]> {
  const out: (OracleCheckResult | undefined)[] = new Array(rows.length).fill(undefined);
  if (oracle === undefined) return out;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < rows.length; i = next++) {
      out[i] = await checkSanctionsOracle(oracle.client, {
        oracle: oracle.address,
        address: (rows[i] as WalletRow).wallet,
        ...(oracle.timeoutMs === undefined ? {} : { timeoutMs: oracle.timeoutMs }),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(oracle.concurrency ?? 8, rows.length) }, worker));
  return out;
}
