import type { Queryable } from "@coinscious/db";
import type { SanctionedAddress, SanctionsListFormat } from "./types.ts";

/** The stored current list version, as screening needs it. */
export type SanctionsListSnapshot = {
  versionId: bigint;
  format: SanctionsListFormat;
  source: string;
  /** `YYYY-MM-DD`. */
  publishDate: string;
  fetchedAt: Date;
  /** The last refresh that found this version (freshness is measured from it, S-03). */
  lastCheckedAt: Date;
  sha256: string;
  evmAddressCount: number;
  /** Lower-case address → what lists it; empty when `withAddresses: false`. */
  addresses: ReadonlyMap<string, SanctionedAddress>;
};

type VersionRow = {
  id: bigint;
  format: SanctionsListFormat;
  source: string;
  publish_date: string;
  fetched_at: Date;
  last_checked_at: Date;
  sha256: string;
  evm_address_count: number;
};

/**
 * The current sanctions list version (migration 0009), with its address set unless `withAddresses` is false;
 * undefined when no list was ever accepted — which screening treats as STALE, never as clean (§0).
 *
 * @example
 * const list = await findCurrentSanctionsList(db);
 * if (list === undefined) return "STALE";
 */
export async function findCurrentSanctionsList(
  db: Queryable,
  options: { withAddresses?: boolean } = {},
): Promise<SanctionsListSnapshot | undefined> {
  const { rows } = await db.query<VersionRow>(
    `SELECT id, format, source, publish_date::text AS publish_date, fetched_at, last_checked_at, sha256,
            evm_address_count
     FROM sanctions_list_versions WHERE is_current`,
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const addresses = new Map<string, SanctionedAddress>();
  if (options.withAddresses ?? true) {
    const { rows: listed } = await db.query<{
      address: `0x${string}`;
      tickers: string[];
      entry_ids: string[];
    }>("SELECT address, tickers, entry_ids FROM sanctions_addresses WHERE version_id = $1 ORDER BY address", [
      row.id,
    ]);
    for (const a of listed) {
      addresses.set(a.address, { address: a.address, tickers: a.tickers, entryIds: a.entry_ids });
    }
  }
  return {
    versionId: row.id,
    format: row.format,
    source: row.source,
    publishDate: row.publish_date,
    fetchedAt: row.fetched_at,
    lastCheckedAt: row.last_checked_at,
    sha256: row.sha256,
    evmAddressCount: row.evm_address_count,
    addresses,
  };
}
