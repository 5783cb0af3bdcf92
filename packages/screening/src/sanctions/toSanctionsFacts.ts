/**
 * From screening to the compliance engine: the engine decides on facts (`sanctions: { listRefreshedAt, oracle }` and
 * each party's `sanctioned`), the screening layer produces {@link ScreeningResult}s. This is the one place that maps
 * the second onto the first, so a STALE answer can never reach the engine as clean (§0, S-03: stale data fails closed
 * — the engine then denies 32, or queues it under `sanctions.staleDecision: "REVIEW"`).
 */
import type { SanctionsListSnapshot } from "./findCurrentSanctionsList.ts";
import type { ScreeningResult } from "./screenAddress.ts";

export type ToSanctionsFactsParameters = {
  /** The list the results were screened against; undefined when none was ever accepted. */
  list: Pick<SanctionsListSnapshot, "lastCheckedAt"> | undefined;
  /** Whether the issuer uses the sanctions oracle as a second check (§4.3). */
  oracleConfigured: boolean;
  /** The parties' screenings (`from` is absent for an issuance). */
  from?: ScreeningResult | undefined;
  to: ScreeningResult;
};

export type ToSanctionsFactsReturnType = {
  /** The engine's `sanctions` facts. */
  sanctions: { listRefreshedAt: string | null; oracle: "not_configured" | "ok" | "unreachable" };
  /** Each party's `sanctioned` fact. */
  fromSanctioned: boolean | undefined;
  toSanctioned: boolean;
};

/**
 * The engine's sanctions facts for a transfer or an issuance, from the parties' screening results.
 *
 * - `listRefreshedAt` is the list's last successful check (what its freshness is measured from), or null: the
 *   engine applies the policy's maximum age itself.
 * - `oracle` is `unreachable` as soon as either party's oracle answer was missing (a result STALE for
 *   `ORACLE_UNAVAILABLE`): never `ok` for lack of an answer.
 * - a party is `sanctioned` when the list or the oracle matched it, whatever else is stale.
 *
 * @example
 * const to = screenAddress({ list, address: recipient, now, oracle: await checkSanctionsOracle(client, { address: recipient }) });
 * const f = toSanctionsFacts({ list, oracleConfigured: true, to });
 * evaluateTransfer(parseTransferFacts({ ...facts, sanctions: f.sanctions, to: { ...facts.to, sanctioned: f.toSanctioned } }), policy);
 */
export function toSanctionsFacts(parameters: ToSanctionsFactsParameters): ToSanctionsFactsReturnType {
  const { list, oracleConfigured, from, to } = parameters;
  const parties = from === undefined ? [to] : [from, to];
  const oracleMissing = parties.some((r) => r.staleReasons.includes("ORACLE_UNAVAILABLE"));
  return {
    sanctions: {
      listRefreshedAt: list === undefined ? null : list.lastCheckedAt.toISOString(),
      oracle: !oracleConfigured ? "not_configured" : oracleMissing ? "unreachable" : "ok",
    },
    fromSanctioned: from === undefined ? undefined : from.status === "SANCTIONED",
    toSanctioned: to.status === "SANCTIONED",
  };
}
