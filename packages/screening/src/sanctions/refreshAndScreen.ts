import type { TransactionRunner } from "@coinscious/db";
import {
  type RefreshSanctionsListParameters,
  type RefreshSanctionsListReturnType,
  refreshSanctionsList,
} from "./refreshSanctionsList.ts";
import {
  type ScreenInvestorWalletsParameters,
  type ScreenInvestorWalletsReturnType,
  screenInvestorWallets,
} from "./screenInvestorWallets.ts";

export type RefreshAndScreenParameters = {
  refresh: RefreshSanctionsListParameters;
  screen?: Omit<ScreenInvestorWalletsParameters, "now">;
  now?: Date;
};

/**
 * The scheduled job of §4.2: refresh the SDN list, then screen every known investor wallet against it — the
 * screening runs after every accepted refresh, including one that found the same file. A refused refresh throws
 * before any screening (the error is the operator's signal; the old list keeps ageing towards STALE).
 *
 * @throws {SanctionsListError} any `SANCTIONS_LIST_*` code from the refresh.
 * @example
 * const { refresh, screening } = await refreshAndScreen(db, {
 *   refresh: { format: "sdn_advanced_xml", source: "https://www.treasury.gov/ofac/downloads/sanctions/1.0/sdn_advanced.xml" },
 * });
 * screening.freezeProposals; // unsent setAddressFrozen / batchSetAddressFrozen actions
 */
export async function refreshAndScreen(
  db: TransactionRunner,
  parameters: RefreshAndScreenParameters,
): Promise<{ refresh: RefreshSanctionsListReturnType; screening: ScreenInvestorWalletsReturnType }> {
  const now = parameters.now ?? new Date();
  const refresh = await refreshSanctionsList(db, { ...parameters.refresh, now });
  const screening = await screenInvestorWallets(db, { ...parameters.screen, now });
  return { refresh, screening };
}
