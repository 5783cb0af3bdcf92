/**
 * The reason-code registry: every code a transfer decision can carry, with a stable number (ERC-1404 `uint8`,
 * 0 = success), a SCREAMING_SNAKE name, a short title and what an operator can do about it. Codes are never
 * renumbered or renamed. The numbers start from compliance-rules.md §6.1; `onChain` marks the codes the
 * SecurityToken contract can return (a test compares them with `ReasonCodes.sol`).
 */

import { CoinsciousError } from "./errors.ts";

export type ReasonCodeEntry = {
  readonly code: number;
  readonly name: string;
  readonly title: string;
  /** What an operator can do about it. */
  readonly action: string;
  /** Returned by the SecurityToken contract's `canTransfer` (the title is then its ERC-1404 message). */
  readonly onChain: boolean;
};

const entries = [
  { code: 0, name: "OK", title: "OK", action: "Nothing to do.", onChain: true },
  {
    code: 10,
    name: "TRANSFER_FROZEN",
    title: "Transfers are frozen for this class",
    action:
      "The class is paused or under an issuer lock-up; unpause (admin multisig) or wait for the lock-up end.",
    onChain: true,
  },
  {
    code: 11,
    name: "STOP_ORDER",
    title: "Stop order on a party",
    action: "A wallet or investor is frozen; resolve the stop order or adverse claim, then unfreeze.",
    onChain: true,
  },
  {
    code: 20,
    name: "WALLET_NOT_WHITELISTED_FROM",
    title: "Sender wallet not linked to an investor",
    action: "Link the sender's wallet to its investor in the registry.",
    onChain: true,
  },
  {
    code: 21,
    name: "WALLET_NOT_WHITELISTED_TO",
    title: "Recipient wallet not linked to an investor",
    action: "Onboard the recipient (KYC) and link the wallet in the registry.",
    onChain: true,
  },
  {
    code: 22,
    name: "WALLET_NOT_WHITELISTED_SPENDER",
    title: "Spender wallet not linked to an investor",
    action: "The transferFrom caller must be a linked, unfrozen wallet; link it or transfer directly.",
    onChain: true,
  },
  {
    code: 30,
    name: "SANCTIONS_FROM",
    title: "Sender matches the sanctions list",
    action: "Block; freeze the wallet and file the OFAC report within 10 business days.",
    onChain: false,
  },
  {
    code: 31,
    name: "SANCTIONS_TO",
    title: "Recipient matches the sanctions list",
    action: "Deny; freeze the recipient wallet and file the OFAC report within 10 business days.",
    onChain: false,
  },
  {
    code: 32,
    name: "SANCTIONS_DATA_STALE",
    title: "Sanctions data is stale",
    action: "Refresh the sanctions list or restore the oracle; transfers fail closed until then.",
    onChain: false,
  },
  {
    code: 40,
    name: "KYC_MISSING_FROM",
    title: "Sender KYC missing",
    action: "Complete the sender's KYC with the provider.",
    onChain: true,
  },
  {
    code: 41,
    name: "KYC_MISSING_TO",
    title: "Recipient KYC missing",
    action: "Complete the recipient's KYC with the provider.",
    onChain: true,
  },
  {
    code: 42,
    name: "KYC_PENDING",
    title: "KYC pending",
    action: "Wait for the provider's decision or review the case.",
    onChain: false,
  },
  {
    code: 43,
    name: "KYC_REJECTED",
    title: "KYC rejected",
    action: "The provider rejected the party; no transfer until a new, approved check.",
    onChain: false,
  },
  {
    code: 44,
    name: "KYC_EXPIRED_FROM",
    title: "Sender KYC expired",
    action: "Refresh the sender's KYC (a redemption to the issuer is still possible).",
    onChain: true,
  },
  {
    code: 45,
    name: "KYC_EXPIRED_TO",
    title: "Recipient KYC expired",
    action: "Refresh the recipient's KYC.",
    onChain: true,
  },
  {
    code: 50,
    name: "JURISDICTION_BLOCKED",
    title: "Recipient jurisdiction blocked",
    action: "The recipient's country is not allowed for this class; check the class's country list.",
    onChain: true,
  },
  {
    code: 60,
    name: "ACCREDITATION_REQUIRED",
    title: "Recipient must be accredited",
    action: "Verify the recipient's accreditation (Rule 501(a)) before the transfer.",
    onChain: true,
  },
  {
    code: 61,
    name: "ACCREDITATION_EXPIRED",
    title: "Recipient accreditation expired",
    action: "Re-verify the recipient's accreditation.",
    onChain: true,
  },
  {
    code: 62,
    name: "ACCREDITATION_UNVERIFIED",
    title: "Accreditation not verified for 506(c)",
    action: "Obtain fresh 506(c) verification evidence (≤ 3 months) or use the minimum-investment path.",
    onChain: false,
  },
  {
    code: 63,
    name: "REG_D_506B_NONACCREDITED_CAP",
    title: "506(b) non-accredited purchaser cap reached",
    action: "35 non-accredited purchasers in the 90-day window; sell to accredited investors only.",
    onChain: false,
  },
  {
    code: 64,
    name: "REG_D_SOPHISTICATION_MISSING",
    title: "506(b) sophistication attestation missing",
    action: "Collect the purchaser's (or representative's) sophistication attestation.",
    onChain: false,
  },
  {
    code: 70,
    name: "HOLDING_PERIOD_144",
    title: "Holding period not met",
    action: "The sender's lots are still in their Rule 144 / lock-up period; wait for the eligibility date.",
    onChain: true,
  },
  {
    code: 71,
    name: "SHELL_COMPANY_144_UNAVAILABLE",
    title: "Rule 144 unavailable (shell company)",
    action: "Rule 144(i): use another exemption or wait 12 months after Form 10 information.",
    onChain: false,
  },
  {
    code: 72,
    name: "AFFILIATE_VOLUME_LIMIT",
    title: "Affiliate volume limit exceeded",
    action: "Rule 144(e): reduce the amount to within the 3-month volume limit.",
    onChain: false,
  },
  {
    code: 73,
    name: "FORM_144_REQUIRED",
    title: "Form 144 required",
    action: "Review: file Form 144 for affiliate sales over 5,000 shares or $50,000 in 3 months.",
    onChain: false,
  },
  {
    code: 74,
    name: "CLASS_OUTSTANDING_LT_90D",
    title: "Class outstanding less than 90 days",
    action: "§4(a)(7) needs the class outstanding ≥ 90 days; wait or use another exemption.",
    onChain: false,
  },
  {
    code: 80,
    name: "QIB_REQUIRED",
    title: "Recipient must be a QIB",
    action: "Rule 144A resales only to qualified institutional buyers; obtain a current QIB certification.",
    onChain: false,
  },
  {
    code: 90,
    name: "REG_CF_RESALE_RESTRICTED",
    title: "Reg CF one-year resale restriction",
    action:
      "Within a year of issuance only to the issuer, accredited investors, family or a registered offering.",
    onChain: false,
  },
  {
    code: 91,
    name: "REG_CF_INVESTMENT_LIMIT",
    title: "Reg CF investment limit exceeded",
    action: "Reduce the amount to the investor's 12-month Reg CF limit.",
    onChain: false,
  },
  {
    code: 92,
    name: "REG_CF_ISSUER_CAP",
    title: "Reg CF issuer cap exceeded",
    action: "The issuer's Reg CF raise would exceed $5M in 12 months.",
    onChain: false,
  },
  {
    code: 95,
    name: "REG_A_TIER2_INVESTMENT_LIMIT",
    title: "Reg A Tier 2 investment limit exceeded",
    action: "Non-accredited purchasers: at most 10% of the greater of income or net worth.",
    onChain: false,
  },
  {
    code: 96,
    name: "REG_A_TIER_CAP",
    title: "Reg A offering cap exceeded",
    action: "The 12-month Reg A raise would exceed the tier's cap ($20M / $75M).",
    onChain: false,
  },
  {
    code: 100,
    name: "REG_S_DCP_US_PERSON",
    title: "Reg S: US person during distribution compliance period",
    action: "No transfer to US persons before the distribution compliance period ends (Rule 903).",
    onChain: true,
  },
  {
    code: 101,
    name: "REG_S_CERTIFICATION_MISSING",
    title: "Reg S certification missing",
    action: "Collect the purchaser's non-US certification and resale agreement.",
    onChain: false,
  },
  {
    code: 110,
    name: "HOLDER_LIMIT_TOTAL",
    title: "Holder-of-record cap reached",
    action:
      "The class is at its holder cap; the transfer would add a holder. Transfer to an existing holder.",
    onChain: true,
  },
  {
    code: 111,
    name: "HOLDER_LIMIT_NON_ACCREDITED",
    title: "Non-accredited holder cap reached",
    action: "The class is at its non-accredited holder cap; the recipient would add one.",
    onChain: true,
  },
  {
    code: 112,
    name: "MAX_BALANCE_EXCEEDED",
    title: "Investor balance limit exceeded",
    action: "The recipient investor would exceed the class's maximum balance per investor.",
    onChain: true,
  },
  {
    code: 120,
    name: "INSUFFICIENT_UNRESTRICTED_BALANCE",
    title: "Insufficient unrestricted balance",
    action: "The sender's free (unfrozen, unrestricted) balance is below the amount.",
    onChain: true,
  },
  {
    code: 130,
    name: "CONTROL_BOOK_EXCEEDED",
    title: "Issuance exceeds the authorized shares",
    action:
      "Issued plus this issuance would exceed the shares authorized in the control book (or the control book is not known). Record an increase of the authorized shares first.",
    onChain: false,
  },
  {
    code: 131,
    name: "ISSUER_AUTHORIZATION_MISSING",
    title: "No written issuer authorization",
    action:
      "A control-book change needs the issuer's written authorization on record (17Ad-10(e)). Record it, then retry.",
    onChain: false,
  },
] as const satisfies readonly ReasonCodeEntry[];

/** Reason-code names, as a union type. */
export type ReasonCodeName = (typeof entries)[number]["name"];

/** Every reason code, in numeric order. */
export const reasonCodes: readonly ReasonCodeEntry[] = entries;

/** Reason codes by name: `ReasonCode.STOP_ORDER === 11`. */
export const ReasonCode = Object.freeze(
  Object.fromEntries(entries.map((e) => [e.name, e.code])) as { readonly [K in ReasonCodeName]: number },
);

const byCode = new Map<number, ReasonCodeEntry>(entries.map((e) => [e.code, e]));

/** The entry of `code`, or undefined when no such code exists. */
export function findReasonCode(code: number): ReasonCodeEntry | undefined {
  return byCode.get(code);
}

/** The entry of `code`; throws `UnknownReasonCodeError` when no such code exists. */
export function getReasonCode(code: number): ReasonCodeEntry {
  const entry = byCode.get(code);
  if (!entry) throw new UnknownReasonCodeError(code);
  return entry;
}

export class UnknownReasonCodeError extends CoinsciousError {
  constructor(code: number) {
    super("UNKNOWN_REASON_CODE", `No reason code ${code} in the registry`, { details: { code } });
  }
}
