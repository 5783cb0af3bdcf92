import type { InvestorRecord, RegisterInvestorParameters, UpdateInvestorParameters } from "@coinscious/chain";
import { ValidationError } from "@coinscious/core";
import type { Address } from "viem";
import type { KycStatusRecord } from "./types.ts";

/** Largest `uint40` timestamp the registry stores. */
const MAX_UINT40 = 2 ** 40 - 1;

export type BuildKycRegistryUpdateParameters = {
  /** The stored current status of the investor's KYC subject (`findKycStatus` / `ingestKycWebhook`). */
  status: Pick<KycStatusRecord, "status" | "eventTime">;
  /** The investor registry (proxy address). */
  registry: Address;
  investor: {
    /** The on-chain investor id (1 … 2^48-1). */
    investorId: bigint | number;
    /** Whether the registry already has this investor. */
    registered: boolean;
    /** Its record as the registry has it now, or — not registered yet — the attributes to register it with. */
    record: InvestorRecord;
    /** Needed to register: the investor's first wallet. */
    wallet?: Address;
  };
  /**
   * How long an approval is valid, in seconds: platform policy (§4.1 (8): no rule fixes it; typical risk-based
   * refresh 12/24/36 months).
   */
  kycValiditySeconds: number;
  /** Now, Unix seconds. */
  now: number;
};

export type BuildKycRegistryUpdateReturnType =
  | { action: "registerInvestor"; parameters: RegisterInvestorParameters }
  | { action: "updateInvestor"; parameters: UpdateInvestorParameters }
  | {
      action: "none";
      /**
       * `ALREADY_CURRENT`: the chain already says what the status implies; `NOT_REGISTERED`: a status other than
       * APPROVED for an investor the registry does not have; `APPROVAL_LAPSED`: the approval is older than the
       * validity period (the investor must verify again).
       */
      reason: "ALREADY_CURRENT" | "NOT_REGISTERED" | "APPROVAL_LAPSED";
    };

/**
 * The registry-oracle update a stored KYC status calls for (issue 5: "an approved status produces the registry
 * update for the chain layer"), as the parameters of `@coinscious/chain`'s `updateInvestor` or
 * `registerInvestor` — pass them to that action and send it with the registry-oracle key; nothing is sent here.
 * Only `kycExpiry` changes; every other attribute is carried over (the registry replaces whole records).
 *
 * - APPROVED → `kycExpiry = approvedAt + kycValiditySeconds`, `approvedAt` being the provider's decision time
 *   (never later than `now`). An approval only ever extends the on-chain expiry; an unregistered investor is
 *   registered (needs `wallet`).
 * - Any other status, while the chain still holds a valid KYC (`kycExpiry > now`) → revoke, so the chain fails
 *   closed like the off-chain engine (§0): EXPIRED sets `kycExpiry` to the expiry time (the chain answers
 *   KYC_EXPIRED_*, codes 44/45); PENDING, RESUBMISSION_REQUIRED, REVIEW and REJECTED set 0 (KYC_MISSING_*).
 *
 * @throws {ValidationError} `VALIDATION_FAILED` for a bad validity, or registering without a wallet.
 * @example
 * const update = buildKycRegistryUpdate({ status: current, registry, investor: { investorId: 42n, registered: true,
 *   record }, kycValiditySeconds: 365 * 86_400, now: Math.floor(Date.now() / 1000) });
 * if (update.action === "updateInvestor") await sendAction({ walletClient: oracle, publicClient,
 *   action: updateInvestor(update.parameters) });
 */
export function buildKycRegistryUpdate(
  parameters: BuildKycRegistryUpdateParameters,
): BuildKycRegistryUpdateReturnType {
  const { status, registry, investor, kycValiditySeconds, now } = parameters;
  if (!Number.isSafeInteger(kycValiditySeconds) || kycValiditySeconds <= 0) {
    throw new ValidationError("kycValiditySeconds must be a positive integer", { kycValiditySeconds });
  }
  const decidedAt = Math.min(Math.floor(status.eventTime.getTime() / 1000), now);
  const current = investor.record;

  if (status.status === "APPROVED") {
    const kycExpiry = Math.min(decidedAt + kycValiditySeconds, MAX_UINT40);
    if (kycExpiry <= now) return { action: "none", reason: "APPROVAL_LAPSED" };
    const record = { ...current, kycExpiry };
    if (!investor.registered) {
      if (investor.wallet === undefined) {
        throw new ValidationError("Registering an investor needs its first wallet", {
          investorId: String(investor.investorId),
        });
      }
      return {
        action: "registerInvestor",
        parameters: { registry, investorId: investor.investorId, wallet: investor.wallet, record },
      };
    }
    if (current.kycExpiry >= kycExpiry) return { action: "none", reason: "ALREADY_CURRENT" };
    return { action: "updateInvestor", parameters: { registry, investorId: investor.investorId, record } };
  }

  if (!investor.registered) return { action: "none", reason: "NOT_REGISTERED" };
  if (current.kycExpiry <= now) return { action: "none", reason: "ALREADY_CURRENT" };
  // 0 = "no KYC" on chain; a past non-zero time = "expired". max(1, …) keeps EXPIRED from turning into "none".
  const kycExpiry = status.status === "EXPIRED" ? Math.max(1, decidedAt) : 0;
  return {
    action: "updateInvestor",
    parameters: { registry, investorId: investor.investorId, record: { ...current, kycExpiry } },
  };
}
