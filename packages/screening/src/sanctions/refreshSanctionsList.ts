import type { TransactionRunner } from "@coinscious/db";
import { insertRows } from "@coinscious/db";
import { checkSanctionsListSanity, type SanctionsRefreshPolicy } from "./checkSanctionsListSanity.ts";
import { findCurrentSanctionsList } from "./findCurrentSanctionsList.ts";
import { type LoadSanctionsListParameters, loadSanctionsList } from "./loadSanctionsList.ts";
import type { SanctionsList } from "./types.ts";

export type RefreshSanctionsListParameters = LoadSanctionsListParameters & {
  policy?: SanctionsRefreshPolicy;
  /** The refresh time (fetched_at / last_checked_at). Default now. */
  now?: Date;
};

export type RefreshSanctionsListReturnType = {
  /** `stored`: a new current version; `unchanged`: the same file (sha256) as the current one, re-confirmed. */
  outcome: "stored" | "unchanged";
  versionId: bigint;
  previousVersionId: bigint | undefined;
  list: SanctionsList;
};

/**
 * Refreshes the stored OFAC list (§4.2, "parse ≥ daily; keep publish date"): reads and parses it
 * ({@link loadSanctionsList}), runs the sanity checks against the current version
 * ({@link checkSanctionsListSanity}) and only then writes, in one transaction: the version row with its
 * publish date, source, sha256 and counts, its EVM address set, and the current-version flag. The same file
 * again only moves the current version's `last_checked_at` (freshness, S-03). Concurrent refreshes serialize on a
 * transaction-scoped advisory lock. A refused refresh writes nothing and leaves the current version — and its
 * ageing `last_checked_at` — as it was, so a list that cannot be refreshed goes stale and screening fails closed.
 *
 * @throws {SanctionsListError} any `SANCTIONS_LIST_*` code (nothing written).
 * @example
 * const { outcome, versionId } = await refreshSanctionsList(db, {
 *   format: "sdn_xml",
 *   source: "https://www.treasury.gov/ofac/downloads/sdn.xml",
 *   policy: { maxShrinkFraction: 0.05 },
 * });
 */
export async function refreshSanctionsList(
  db: TransactionRunner,
  parameters: RefreshSanctionsListParameters,
): Promise<RefreshSanctionsListReturnType> {
  const now = parameters.now ?? new Date();
  // Parse outside the transaction: a download can take long, a transaction should not.
  const list = await loadSanctionsList(parameters);
  return db.transaction(async (tx) => {
    await tx.query(
      "SELECT pg_advisory_xact_lock(hashtextextended('coinscious.sanctions_refresh:' || current_schema(), 0))",
    );
    const current = await findCurrentSanctionsList(tx, { withAddresses: false });
    checkSanctionsListSanity(list, current, parameters.policy);
    if (current !== undefined && current.sha256 === list.sha256 && current.format === list.format) {
      await tx.query(
        "UPDATE sanctions_list_versions SET last_checked_at = greatest(last_checked_at, $2) WHERE id = $1",
        [current.versionId, now],
      );
      return {
        outcome: "unchanged",
        versionId: current.versionId,
        previousVersionId: current.versionId,
        list,
      };
    }
    if (current !== undefined) {
      await tx.query("UPDATE sanctions_list_versions SET is_current = false WHERE id = $1", [
        current.versionId,
      ]);
    }
    const { rows } = await tx.query<{ id: bigint }>(
      `INSERT INTO sanctions_list_versions (format, source, publish_date, fetched_at, last_checked_at, sha256,
         byte_length, entry_count, digital_currency_address_count, evm_address_count, ticker_counts, is_current)
       VALUES ($1, $2, $3::date, $4, $4, $5, $6, $7, $8, $9, $10::jsonb, true) RETURNING id`,
      [
        list.format,
        list.source,
        list.publishDate,
        now,
        list.sha256,
        list.byteLength,
        list.entryCount,
        list.digitalCurrencyAddressCount,
        list.addresses.size,
        JSON.stringify(list.tickerCounts),
      ],
    );
    const versionId = (rows[0] as { id: bigint }).id;
    await insertRows(
      tx,
      "sanctions_addresses",
      ["version_id", "address", "tickers", "entry_ids"],
      [...list.addresses.values()].map((a) => [versionId, a.address, a.tickers, a.entryIds]),
    );
    return { outcome: "stored", versionId, previousVersionId: current?.versionId, list };
  });
}
