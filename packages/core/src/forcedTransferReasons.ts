/**
 * Why an agent forced a transfer. Every `forcedTransfer` on chain carries one of these numbers (non-zero
 * `uint8`), and the transfer journal shows its name. Codes are never renumbered.
 */
export type ForcedTransferReasonEntry = {
  readonly code: number;
  readonly name: string;
  readonly title: string;
};

const entries = [
  { code: 1, name: "COURT_ORDER", title: "Court order or judgment" },
  { code: 2, name: "REGULATORY_ORDER", title: "Regulator's order" },
  { code: 3, name: "ERROR_CORRECTION", title: "Correction of an erroneous transfer or issuance" },
  { code: 4, name: "LOST_WALLET", title: "Lost or compromised wallet" },
  { code: 5, name: "DEATH_OR_ESTATE", title: "Transmission on death (estate)" },
  { code: 6, name: "DIVORCE", title: "Transfer under a divorce decree" },
  { code: 7, name: "SANCTIONS_ENFORCEMENT", title: "Sanctions enforcement (blocking)" },
  { code: 8, name: "CORPORATE_ACTION", title: "Corporate action (merger, conversion, buy-back)" },
  { code: 9, name: "COLLATERAL_ENFORCEMENT", title: "Enforcement of a pledge" },
] as const satisfies readonly ForcedTransferReasonEntry[];

export type ForcedTransferReasonName = (typeof entries)[number]["name"];

export const forcedTransferReasons: readonly ForcedTransferReasonEntry[] = entries;

export const ForcedTransferReason = Object.freeze(
  Object.fromEntries(entries.map((e) => [e.name, e.code])) as {
    readonly [K in ForcedTransferReasonName]: number;
  },
);

/** The reason with `code`, or undefined. */
export function findForcedTransferReason(code: number): ForcedTransferReasonEntry | undefined {
  return entries.find((e) => e.code === code);
}
