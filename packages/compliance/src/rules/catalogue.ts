/**
 * The rules catalogue (compliance-rules §6.2) as reason templates: rule id, reason code, the §2.11 step that
 * orders it, the operator text and the citation. Templates are frozen and shared, so a failing check pushes a
 * template without allocating; only lot-specific reasons copy one.
 */
import { getReasonCode, ReasonCode, type ReasonCodeName } from "@coinscious/core";

/** A decision reason: what failed, why, and what the operator can do. */
export type Reason = {
  /** Catalogue rule id (§6.2), with a suffix where one rule has several variants. */
  readonly rule: string;
  readonly code: number;
  readonly name: ReasonCodeName;
  /** DENY blocks; REVIEW sends the transfer to the manual queue. */
  readonly severity: "DENY" | "REVIEW";
  /** Registry title. */
  readonly title: string;
  /** What happened, for the operator. */
  readonly text: string;
  /** What the operator can do (registry). */
  readonly action: string;
  readonly citation: string;
  /** Position in the §2.11 decision procedure (1 = token state … 9 = holder cap). */
  readonly step: number;
  /** Lots that carry this restriction (lot-level reasons only). */
  readonly lotIds?: readonly string[];
  /** Earliest date the blocking lots clear this restriction, when one is known. */
  readonly eligibleOn?: string;
};

type Row = [
  rule: string,
  name: ReasonCodeName,
  step: number,
  citation: string,
  text: string,
  severity?: "REVIEW",
];

// Order inside a step is the order of this table.
const rows: Row[] = [
  ["G-01", "TRANSFER_FROZEN", 1, "17 CFR 240.17Ad-6(a)(9); issuer resolution", "The class is paused."],
  [
    "G-01-LOCKUP",
    "TRANSFER_FROZEN",
    1,
    "issuer lock-up agreement",
    "An issuer lock-up is in force until its end date.",
  ],
  [
    "G-02-FROM",
    "STOP_ORDER",
    1,
    "17 CFR 240.17Ad-6(a)(9), 17Ad-7(c)",
    "A stop order or adverse claim is active on the sender.",
  ],
  [
    "G-02-TO",
    "STOP_ORDER",
    1,
    "17 CFR 240.17Ad-6(a)(9), 17Ad-7(c)",
    "A stop order or freeze is active on the recipient.",
  ],
  [
    "G-02-LOT",
    "STOP_ORDER",
    1,
    "17 CFR 240.17Ad-6(a)(9), 17Ad-7(c)",
    "A stop order or adverse claim is active on a lot the transfer needs.",
  ],
  [
    "G-03-FROM",
    "WALLET_NOT_WHITELISTED_FROM",
    2,
    "Rule 12g5-1(a)(5) risk; permissioned-token policy",
    "The sender wallet is not linked to a KYC'd holder.",
  ],
  [
    "G-03-TO",
    "WALLET_NOT_WHITELISTED_TO",
    2,
    "Rule 12g5-1(a)(5) risk; permissioned-token policy",
    "The recipient wallet is not linked to a KYC'd holder; unlinked wallets may not receive.",
  ],
  [
    "S-02",
    "SANCTIONS_FROM",
    3,
    "31 CFR 501.603-.604",
    "The sender (holder or wallet) matches the sanctions list or oracle.",
  ],
  [
    "S-01",
    "SANCTIONS_TO",
    3,
    "31 CFR 501.603-.604",
    "The recipient (holder or wallet) matches the sanctions list or oracle.",
  ],
  [
    "S-03",
    "SANCTIONS_DATA_STALE",
    3,
    "issuer sanctions policy (fail closed)",
    "The sanctions data is older than the policy allows or the oracle is unreachable; never treated as clean.",
  ],
  [
    "S-03-REVIEW",
    "SANCTIONS_DATA_STALE",
    3,
    "issuer sanctions policy (stale data to review)",
    "The sanctions data is older than the policy allows or the oracle is unreachable; queued for review, never treated as clean.",
    "REVIEW",
  ],
  ["K-04-MISSING", "KYC_MISSING_FROM", 4, "AML policy", "The sender has no KYC on file."],
  [
    "K-04-PENDING",
    "KYC_PENDING",
    4,
    "AML policy",
    "The sender's KYC is not approved yet (pending, resubmission or review).",
  ],
  ["K-04-REJECTED", "KYC_REJECTED", 4, "AML policy", "The sender's KYC was rejected."],
  [
    "K-03",
    "KYC_EXPIRED_FROM",
    4,
    "issuer KYC policy (§0: an expired KYC blocks the sender too)",
    "The sender's KYC has expired.",
  ],
  ["K-01-MISSING", "KYC_MISSING_TO", 4, "AML policy", "The recipient has no KYC on file."],
  [
    "K-01-PENDING",
    "KYC_PENDING",
    4,
    "AML policy",
    "The recipient's KYC is not approved yet (pending, resubmission or review).",
  ],
  ["K-01-REJECTED", "KYC_REJECTED", 4, "AML policy", "The recipient's KYC was rejected."],
  ["K-02", "KYC_EXPIRED_TO", 4, "issuer KYC policy", "The recipient's KYC has expired."],
  [
    "J-01",
    "JURISDICTION_BLOCKED",
    5,
    "OFAC country programs; blue-sky policy",
    "The recipient's jurisdiction is blocked (or unknown) for this class.",
  ],
  [
    "R-01-HOLDER",
    "HOLDING_PERIOD_144",
    6,
    "17 CFR 230.144(d); issuer lock-up agreement (investor registry lock-up)",
    "The sending holder is locked up until its end date (its restricted lots' holding period or a lock-up agreement).",
  ],
  [
    "R-07",
    "SHELL_COMPANY_144_UNAVAILABLE",
    6,
    "17 CFR 230.144(i)",
    "The issuer is or was a shell company: Rule 144 is unavailable until 12 months after Form 10 information, with current reports.",
  ],
  [
    "R-01",
    "HOLDING_PERIOD_144",
    6,
    "17 CFR 230.144(d)(1)(i), (d)(1)(iii), (d)(3)",
    "Restricted lot of a reporting issuer: the 6-month holding period from full payment has not elapsed.",
  ],
  [
    "R-02",
    "HOLDING_PERIOD_144",
    6,
    "17 CFR 230.144(d)(1)(ii), (d)(1)(iii), (d)(3)",
    "Restricted lot of a non-reporting issuer (or one reporting < 90 days): the 1-year holding period from full payment has not elapsed.",
  ],
  [
    "R-03",
    "HOLDING_PERIOD_144",
    6,
    "17 CFR 230.144(d)(1)(iii)",
    "The lot is not fully paid: its holding period has not started.",
  ],
  [
    "R-01-CPI",
    "HOLDING_PERIOD_144",
    6,
    "17 CFR 230.144(b)(1)(i), (c)(1)",
    "Between 6 and 12 months a non-affiliate may resell only while the issuer is current in its reports.",
  ],
  [
    "X-03",
    "HOLDING_PERIOD_144",
    6,
    "17 CFR 230.905; 230.144(d)",
    "Reg S equity of a domestic issuer is restricted after the DCP (Rule 905): a US recipient needs the Rule 144 holding period from the original acquisition.",
  ],
  [
    "C-01",
    "REG_CF_RESALE_RESTRICTED",
    6,
    "17 CFR 227.501(a)",
    "Reg CF lot within one year of issuance, to a recipient outside the 227.501(a) exceptions.",
  ],
  [
    "C-01-ACCREDITATION",
    "ACCREDITATION_EXPIRED",
    6,
    "17 CFR 227.501(a)(2); 230.501(a)",
    "Reg CF lot within one year of issuance: the recipient's only exception was accreditation, and it has expired.",
  ],
  [
    "X-01",
    "REG_S_DCP_US_PERSON",
    6,
    "17 CFR 230.903(b)(2)-(3), 230.902(k)",
    "Reg S lot during its distribution compliance period: no transfer to a US person or a buyer in the US.",
  ],
  [
    "X-01-CLASS",
    "REG_S_DCP_US_PERSON",
    6,
    "17 CFR 230.903(b)(2)-(3), 230.902(k)",
    "Reg S class during its distribution compliance period: no unit to a US person or a buyer in the US.",
  ],
  [
    "X-01-904",
    "REG_S_DCP_US_PERSON",
    7,
    "17 CFR 230.904, 230.902(h), (k)",
    "A Rule 904 offshore resale needs a non-US person outside the United States.",
  ],
  [
    "B-01",
    "INSUFFICIENT_UNRESTRICTED_BALANCE",
    6,
    "issuer agent freeze (ERC-3643 freezePartialTokens)",
    "The sender's unfrozen balance in the selected lots is below the amount.",
  ],
  [
    "R-08",
    "ACCREDITATION_REQUIRED",
    7,
    "Securities Act §4(a)(7), §4(d)(1)",
    "A §4(a)(7) resale needs an accredited purchaser.",
  ],
  [
    "R-08-EXPIRED",
    "ACCREDITATION_EXPIRED",
    7,
    "Securities Act §4(a)(7), §4(d)(1)",
    "A §4(a)(7) resale needs an accredited purchaser; the recipient's accreditation has expired.",
  ],
  [
    "R-09",
    "CLASS_OUTSTANDING_LT_90D",
    7,
    "Securities Act §4(d)(3)",
    "A §4(a)(7) resale needs the class authorized and outstanding for at least 90 days.",
  ],
  [
    "R-10",
    "SHELL_COMPANY_144_UNAVAILABLE",
    7,
    "Securities Act §4(d)(2)",
    "§4(a)(7) is unavailable: the issuer is a shell company or in bankruptcy or receivership.",
  ],
  [
    "Q-01",
    "QIB_REQUIRED",
    7,
    "17 CFR 230.144A(a)(1), (d)(1)",
    "A Rule 144A resale needs a qualified institutional buyer with a current certification (never a natural person).",
  ],
  [
    "D-03-CLASS",
    "ACCREDITATION_REQUIRED",
    7,
    "class restriction: accredited investors only (17 CFR 230.501(a); e.g. a 506(c) class, 230.506(c)(2)(i))",
    "The class may be held by accredited investors only; the recipient is not accredited.",
  ],
  [
    "D-03-CLASS-EXPIRED",
    "ACCREDITATION_EXPIRED",
    7,
    "class restriction: accredited investors only (17 CFR 230.501(a); e.g. a 506(c) class, 230.506(c)(2)(i))",
    "The class may be held by accredited investors only; the recipient's accreditation has expired.",
  ],
  [
    "R-05",
    "AFFILIATE_VOLUME_LIMIT",
    8,
    "17 CFR 230.144(e)",
    "The affiliate's sales in 3 months would exceed the greater of 1% of outstanding and the 4-week average weekly volume.",
  ],
  [
    "R-06",
    "FORM_144_REQUIRED",
    8,
    "17 CFR 230.144(h)",
    "Affiliate sales over 5,000 units or $50,000 in 3 months: Form 144 must be filed.",
    "REVIEW",
  ],
  [
    "H-13",
    "MAX_BALANCE_EXCEEDED",
    9,
    "issuer class limit: maximum balance per investor",
    "The recipient investor's position, all wallets summed, would exceed the class's maximum balance per investor.",
  ],
  [
    "H-11",
    "HOLDER_LIMIT_TOTAL",
    9,
    "issuer holder cap (Exchange Act §12(g)(1)(A) guard)",
    "The transfer would take the class above its holder-of-record cap.",
  ],
  [
    "H-11-NA",
    "HOLDER_LIMIT_NON_ACCREDITED",
    9,
    "issuer holder cap (Exchange Act §12(g)(1)(A) guard)",
    "The transfer would take the class above its non-accredited holder cap.",
  ],
  // Issuance (offering) checks, step 7.
  [
    "D-01",
    "REG_D_506B_NONACCREDITED_CAP",
    7,
    "17 CFR 230.506(b)(2)(i)",
    "506(b): the 90-day window already has the maximum of 35 non-accredited purchasers.",
  ],
  [
    "D-02",
    "REG_D_SOPHISTICATION_MISSING",
    7,
    "17 CFR 230.506(b)(2)(ii)",
    "506(b): a non-accredited purchaser needs a sophistication attestation.",
  ],
  [
    "D-03",
    "ACCREDITATION_REQUIRED",
    7,
    "17 CFR 230.506(c)(2)(i)",
    "506(c): every purchaser must be accredited.",
  ],
  [
    "D-03-EXPIRED",
    "ACCREDITATION_EXPIRED",
    7,
    "17 CFR 230.506(c)(2)(i)",
    "506(c): the purchaser's accreditation has expired.",
  ],
  [
    "D-04",
    "ACCREDITATION_UNVERIFIED",
    7,
    "17 CFR 230.506(c)(2)(ii)",
    "506(c): no valid verification at the sale (evidence older than 3 months, re-certification out of time, or minimum-investment path not met).",
  ],
  [
    "C-03",
    "REG_CF_INVESTMENT_LIMIT",
    7,
    "17 CFR 227.100(a)(2)",
    "Reg CF: the non-accredited investor's 12-month limit would be exceeded.",
  ],
  [
    "C-05",
    "REG_CF_ISSUER_CAP",
    7,
    "17 CFR 227.100(a)(1)",
    "Reg CF: the issuer's 12-month raise would exceed $5,000,000 (or is unknown).",
  ],
  [
    "A-01",
    "REG_A_TIER2_INVESTMENT_LIMIT",
    7,
    "17 CFR 230.251(d)(2)(i)(C)",
    "Reg A Tier 2: a non-accredited purchaser may buy at most 10% of the greater of income and net worth.",
  ],
  [
    "A-03",
    "REG_A_TIER_CAP",
    7,
    "17 CFR 230.251(a)",
    "Reg A: the 12-month raise would exceed the tier's cap (or is unknown).",
  ],
  [
    "X-01-ISSUANCE",
    "REG_S_DCP_US_PERSON",
    7,
    "17 CFR 230.903(a), 230.902(h), (k)",
    "A Reg S sale needs a non-US person in an offshore transaction.",
  ],
  [
    "X-02",
    "REG_S_CERTIFICATION_MISSING",
    7,
    "17 CFR 230.903(b)(3)(iii)(B)",
    "Reg S category 3 equity: the purchaser's non-US certification and resale agreement are missing.",
  ],
  [
    "T-02-AUTHORIZED",
    "CONTROL_BOOK_EXCEEDED",
    1,
    "17 CFR 240.17Ad-10(e), 17Ad-9 (control book)",
    "Issued plus this issuance would exceed the authorized shares, or the control book is not known.",
  ],
  [
    "T-02",
    "ISSUER_AUTHORIZATION_MISSING",
    1,
    "17 CFR 240.17Ad-10(e)",
    "The issuance has no recorded written authorization of the issuer.",
  ],
];

function build([rule, name, step, citation, text, severity]: Row): Reason {
  const entry = getReasonCode(ReasonCode[name]);
  return Object.freeze({
    rule,
    code: entry.code,
    name,
    severity: severity ?? "DENY",
    title: entry.title,
    text,
    action: entry.action,
    citation,
    step,
  });
}

/** Every reason template, by rule id. */
export const RULES: Readonly<Record<string, Reason>> = Object.freeze(
  Object.fromEntries(rows.map((r) => [r[0], build(r)])),
);

const orderOf = new Map<string, number>(rows.map((r, i) => [r[0], r[2] * 1000 + i]));

/** The §2.11 rank of a rule (lower = earlier); used to put the primary reason first. */
export function ruleRank(rule: string): number {
  return orderOf.get(rule) ?? Number.MAX_SAFE_INTEGER;
}

/** The template of `rule`; throws on a typo (a programming error, caught by the tests). */
export function rule(id: string): Reason {
  const r = RULES[id];
  if (r === undefined) throw new Error(`no rule ${id} in the catalogue`);
  return r;
}
