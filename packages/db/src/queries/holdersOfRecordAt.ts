import { type Address, ValidationError } from "@coinscious/core";
import type { Queryable } from "../types.ts";
import { toDbAddress } from "../values/toDbAddress.ts";
import { asOfParams, HOLDINGS_AS_OF_SQL, TARGET_BLOCK_SQL } from "./asOf.ts";

export type HoldersOfRecordAtParameters = {
  chainId: number;
  token: Address;
  /** As of the end of this block; accreditation is judged at the block's timestamp. */
  blockNumber?: bigint;
  /**
   * As of this time (unix seconds or Date), e.g. a fiscal year end: balances as of the latest block at or before
   * it, accreditation judged at this very time.
   */
  timestamp?: bigint | Date;
};

export type HoldersOfRecord = {
  /** The block counted; NULL when no stored block is at or before `timestamp`. */
  blockNumber: bigint | null;
  /** Unix seconds at which accreditation was judged; NULL when unknown (then everyone counts as non-accredited). */
  evaluatedAt: bigint | null;
  /** Holders of record: investors with a non-zero class balance (all wallets summed) plus unlinked wallets. */
  holders: number;
  /** Holders not accredited at `evaluatedAt` — unknown, expired, removed or unlinked count as non-accredited. */
  nonAccreditedHolders: number;
  /** Holders that are a wallet not linked to any investor (each counted on its own, Rule 12g5-1(a)(1)). */
  unlinkedWalletHolders: number;
  /** The token's own counters (HolderCountsChanged) as of the block, for reconciliation; NULL if none. */
  onChain: { holders: number; nonAccreditedHolders: number } | null;
};

type Row = {
  block_number: bigint | null;
  evaluated_at: bigint | null;
  holders: bigint;
  non_accredited_holders: bigint;
  unlinked_wallet_holders: bigint;
  on_chain_holders: bigint | null;
  on_chain_non_accredited_holders: bigint | null;
};

const SQL = `
WITH t AS MATERIALIZED (
  SELECT tb.block_number,
         coalesce($4::bigint, (
           SELECT b.block_timestamp FROM blocks b
           WHERE b.chain_id = $1 AND b.block_number <= tb.block_number
           ORDER BY b.block_number DESC LIMIT 1)) AS evaluated_at,
         (SELECT k.registry FROM token_bindings k
          WHERE k.chain_id = $1 AND k.token = $2 AND k.block_number <= tb.block_number
          ORDER BY k.block_number DESC, k.log_index DESC LIMIT 1) AS registry
  FROM (SELECT ${TARGET_BLOCK_SQL} AS block_number) tb
),
holdings AS (
  SELECT w.wallet, c.investor_id FROM t CROSS JOIN ${HOLDINGS_AS_OF_SQL}
),
-- Rule 12g5-1: an investor is one holder however many wallets it uses; an unlinked wallet is its own holder.
record_holders AS (
  SELECT DISTINCT investor_id, CASE WHEN investor_id IS NULL THEN wallet END AS wallet FROM holdings
),
-- Accredited as of the evaluation time by the registry record in force at the block (accredited while
-- time < accreditation_expiry, as on chain). No record, a removed investor or an unknown time count as
-- non-accredited: the conservative reading for 12(g) (compliance-rules.md H-08).
judged AS (
  SELECT h.investor_id, coalesce(a.accredited, false) AS accredited
  FROM record_holders h CROSS JOIN t
  LEFT JOIN LATERAL (
    SELECT ic.kind <> 'removed' AND ic.accreditation_expiry > t.evaluated_at AS accredited
    FROM investor_changes ic
    WHERE ic.chain_id = $1 AND ic.registry = t.registry AND ic.investor_id = h.investor_id
      AND ic.block_number <= t.block_number
    ORDER BY ic.block_number DESC, ic.log_index DESC
    LIMIT 1
  ) a ON true
),
counts AS (
  SELECT count(*) AS holders,
         count(*) FILTER (WHERE NOT accredited) AS non_accredited_holders,
         count(*) FILTER (WHERE investor_id IS NULL) AS unlinked_wallet_holders
  FROM judged
)
SELECT t.block_number, t.evaluated_at, counts.*,
       oc.holders AS on_chain_holders, oc.non_accredited_holders AS on_chain_non_accredited_holders
FROM t CROSS JOIN counts
LEFT JOIN LATERAL (
  SELECT h.holders, h.non_accredited_holders FROM holder_count_changes h
  WHERE h.chain_id = $1 AND h.token = $2 AND h.block_number <= t.block_number
  ORDER BY h.block_number DESC, h.log_index DESC
  LIMIT 1
) oc ON true`;

/**
 * Exchange Act §12(g) figures of a token class as of a block or a time, in one query: holders of record counted
 * per investor (all of an investor's wallets are one holder), and how many of them were not accredited then.
 *
 * Balances come from the journal's legs (the `balance_changes` view) as in `capTableAt`. The wallet → investor
 * attribution is the one recorded on the wallet's latest leg (the registry cannot relink a wallet that holds
 * tokens, so it holds for the whole period). Accreditation comes from the registry history: the investor's latest
 * `investor_changes` row at or below the block, accredited while the evaluation time is before its
 * `accreditation_expiry`. This is the legal measure (accredited as of the date); the chain's own counter
 * (`onChain`) fixes the status when an investor became a holder, so the two may differ until someone calls
 * `syncHolderStatus`.
 *
 * @example
 * const fye = await holdersOfRecordAt(db, { chainId: 8453, token, timestamp: new Date("2026-12-31T23:59:59Z") });
 * if (fye.holders >= 2000 || fye.nonAccreditedHolders >= 500) openRegistrationCase(fye);
 */
export async function holdersOfRecordAt(
  db: Queryable,
  parameters: HoldersOfRecordAtParameters,
): Promise<HoldersOfRecord> {
  const [block, timestamp] = asOfParams(parameters);
  if (block === null && timestamp === null) throw new ValidationError("Give a block number or a timestamp");
  const { rows } = await db.query<Row>(SQL, [
    parameters.chainId,
    toDbAddress(parameters.token),
    block,
    timestamp,
  ]);
  const r = rows[0] as Row;
  return {
    blockNumber: r.block_number,
    evaluatedAt: r.evaluated_at,
    holders: Number(r.holders),
    nonAccreditedHolders: Number(r.non_accredited_holders),
    unlinkedWalletHolders: Number(r.unlinked_wallet_holders),
    onChain:
      r.on_chain_holders === null
        ? null
        : {
            holders: Number(r.on_chain_holders),
            nonAccreditedHolders: Number(r.on_chain_non_accredited_holders),
          },
  };
}
