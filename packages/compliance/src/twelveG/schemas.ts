/**
 * The holders.json shape fed to `coinscious compliance 12g <holders.json>` (and to {@link parseTwelveGInput}): one
 * entry per registration on the master securityholder file, each with its lots. The schemas are zod 4; the JSON
 * Schema of the file is {@link twelveGInputJsonSchema}. Quantities are decimal strings of base units and become
 * bigint; dollar fields (named `…Usd` / `usd`) are decimal dollar strings and become bigint **cents**.
 */
import { z } from "zod";
import { twelveGUnitsSchema, twelveGUsdSchema } from "./amounts.ts";
import { twelveGPolicySchema } from "./policy.ts";

const date = z.iso.date();
/** A KYC person id, entity id, account id: opaque, non-empty, no control characters. */
const partyId = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => ![...id].some((c) => c.charCodeAt(0) < 0x20), "no control characters");

/**
 * TwelveGAccreditation (Rule 501(a)) as the issuer knows it. For 12(g) it is read **as of the fiscal-year end**
 * (Rule 12g-1(b)(1): "determined as of such day"): accredited only if `status` is `accredited`, verified on or
 * before that day and not expired by it (`expiresAt` is the first day it no longer holds). Absent = unknown.
 */
export const twelveGAccreditationSchema = z
  .object({
    status: z.enum(["accredited", "not_accredited", "unknown"]),
    verifiedAt: date.optional(),
    expiresAt: date.optional(),
  })
  .strict();

/** The exemptions a lot may carry; only `reg_cf` and `reg_a_tier2` change the 12(g) count (with issuer facts). */
export const twelveGLotExemptions = [
  "reg_d_506b",
  "reg_d_506c",
  "section_4a2",
  "section_4a7",
  "rule_144a",
  "rule_701",
  "reg_s",
  "reg_cf",
  "reg_a_tier1",
  "reg_a_tier2",
  "registered",
  "other",
] as const;

/**
 * One lot of the class. `acquiredVia`: `plan` = received under an employee compensation plan; `plan_exchange` =
 * received in exchange for such securities (e.g. in an acquisition) by a 701(c)-eligible person; `transfer` = a
 * secondary purchase (never plan-excludable). `rule701c` asserts the Rule 701(c) safe harbor for plan and recipient.
 */
export const twelveGLotSchema = z
  .object({
    lotId: z.string().max(200).optional(),
    qty: twelveGUnitsSchema,
    exemption: z.enum(twelveGLotExemptions).default("other"),
    acquiredVia: z.enum(["issuance", "plan", "plan_exchange", "transfer", "exchange"]).default("issuance"),
    rule701c: z.boolean().default(false),
    chain: z.string().max(64).optional(),
    wallet: z.string().max(128).optional(),
  })
  .strict();

const orgKinds = ["entity", "trust", "estate", "custodial", "omnibus"] as const;

/** Who someone is, for the holder key (Rule 12g5-1(a)): a person, a joint registration, an organization. */
const naturalRef = { kind: z.literal("natural"), personId: partyId };
const jointRef = {
  kind: z.literal("joint"),
  coOwnerIds: z
    .array(partyId)
    .min(2)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, "co-owners must be distinct"),
};
const orgRef = { kind: z.enum(orgKinds), partyId };
const walletRef = {
  kind: z.literal("unlinked_wallet"),
  address: z.string().min(1).max(128),
  chain: z.string().min(1).max(64),
};

/** A beneficial owner behind a look-through holder (Rule 12g5-1(b)(1), (b)(3)). */
export const twelveGLookThroughMemberSchema = z.discriminatedUnion("kind", [
  z.object({ ...naturalRef, accreditation: twelveGAccreditationSchema.optional() }).strict(),
  z.object({ ...jointRef, accreditation: twelveGAccreditationSchema.optional() }).strict(),
  z.object({ ...orgRef, accreditation: twelveGAccreditationSchema.optional() }).strict(),
]);

/**
 * Count the members instead of the holder: `voting_trust` / `deposit_agreement` (12g5-1(b)(1): holders of the
 * certificates or receipts) or `evasion_spv` (12g5-1(b)(3): a form of holding used primarily to circumvent 12(g)).
 */
export const twelveGLookThroughSchema = z
  .object({
    basis: z.enum(["voting_trust", "deposit_agreement", "evasion_spv"]),
    members: z.array(twelveGLookThroughMemberSchema).min(1),
  })
  .strict();

const holderCommon = {
  recordId: z.string().max(200).optional(),
  accreditation: twelveGAccreditationSchema.optional(),
  lots: z.array(twelveGLotSchema),
};

/** One registration on the master securityholder file. */
export const twelveGHolderRecordSchema = z.discriminatedUnion("kind", [
  z.object({ ...naturalRef, ...holderCommon }).strict(),
  z.object({ ...jointRef, ...holderCommon }).strict(),
  z.object({ ...orgRef, ...holderCommon, lookThrough: twelveGLookThroughSchema.optional() }).strict(),
  z.object({ ...walletRef, ...holderCommon }).strict(),
]);

/** Rule 12g-6 conditions (Reg CF) as of the measured FYE. */
export const twelveGRegCfFactsSchema = z
  .object({
    /** Current in its §227.202 annual reports (Form C-AR). */
    currentInAnnualReports: z.boolean(),
    /** The FYE at which the issuer first exceeded the $25M asset limit (starts the transition); optional. */
    ineligibleSinceFye: date.optional(),
    /** The day a §227.202 report was missed: ends a transition at once; registration due 120 days later. */
    reportLapsedOn: date.optional(),
  })
  .strict();

/** Rule 12g5-1(a)(7) conditions (Reg A Tier 2). */
export const twelveGRegAFactsSchema = z
  .object({
    /** Subject to and current in Rule 257(b) reports (1-K, 1-SA, special financial reports) as of the FYE. */
    currentInReports: z.boolean(),
    /** Public float on the last business day of the last semiannual period; null = no public float. */
    publicFloatUsd: twelveGUsdSchema.nullable(),
    /** Annual revenues of the last completed FY (the test when there is no public float). */
    annualRevenueUsd: twelveGUsdSchema.optional(),
    ineligibleSinceFye: date.optional(),
    reportLapsedOn: date.optional(),
  })
  .strict();

/** Issuer facts for the class. */
export const twelveGIssuerFactsSchema = z
  .object({
    /** Bank, bank holding company or S&L holding company (78l(g)(1)(B)): 2,000 holders, no non-accredited test. */
    bankLike: z.boolean().default(false),
    /** The class is already registered under §12(g) (then only deregistration is assessed). */
    registered: z.boolean().default(false),
    /** An SEC-registered transfer agent is engaged (§17A(c)) — a condition of both conditional exclusions. */
    transferAgentRegistered: z.boolean().default(false),
    /** Total assets on the last day of each fiscal year. */
    totalAssets: z.array(z.object({ fiscalYearEnd: date, usd: twelveGUsdSchema }).strict()).default([]),
    /** Latest total assets (for the intra-year, projected view); defaults to the latest FYE figure. */
    latestTotalAssetsUsd: twelveGUsdSchema.optional(),
    regCf: twelveGRegCfFactsSchema.optional(),
    regA: twelveGRegAFactsSchema.optional(),
  })
  .strict();

/** The whole holders.json file. */
export const twelveGInputSchema = z
  .object({
    $schema: z.string().optional(),
    classId: z.string().min(1).max(200),
    /** The day of the snapshot. Before `fiscalYearEnd` = projected view; on or after = the FYE determination. */
    asOf: date,
    /** The fiscal-year end being measured (the current FY's last day). */
    fiscalYearEnd: date,
    issuer: twelveGIssuerFactsSchema,
    holders: z.array(twelveGHolderRecordSchema),
    /** Optional policy overrides (defaults: compliance-rules §0, §1.6). */
    policy: twelveGPolicySchema.optional(),
  })
  .strict();

/** A party to a proposed trade: any holder record shape without its lots (a new recipient may be unknown). */
export const twelveGTradePartySchema = z.discriminatedUnion("kind", [
  z.object({ ...naturalRef, accreditation: twelveGAccreditationSchema.optional() }).strict(),
  z.object({ ...jointRef, accreditation: twelveGAccreditationSchema.optional() }).strict(),
  z
    .object({
      ...orgRef,
      accreditation: twelveGAccreditationSchema.optional(),
      lookThrough: twelveGLookThroughSchema.optional(),
    })
    .strict(),
  z.object({ ...walletRef, accreditation: twelveGAccreditationSchema.optional() }).strict(),
]);

/** A proposed transfer (`from` set) or issuance (`from` absent) of the given lots to `to`. */
export const twelveGProposedTradeSchema = z
  .object({
    from: twelveGTradePartySchema.optional(),
    to: twelveGTradePartySchema,
    lots: z.array(twelveGLotSchema).min(1),
  })
  .strict();

export type TwelveGAccreditation = z.output<typeof twelveGAccreditationSchema>;
export type TwelveGLot = z.output<typeof twelveGLotSchema>;
export type TwelveGLotExemption = TwelveGLot["exemption"];
export type TwelveGLookThroughMember = z.output<typeof twelveGLookThroughMemberSchema>;
export type TwelveGHolderRecord = z.output<typeof twelveGHolderRecordSchema>;
export type TwelveGHolderKind = TwelveGHolderRecord["kind"];
export type TwelveGIssuerFacts = z.output<typeof twelveGIssuerFactsSchema>;
export type TwelveGRegCfFacts = z.output<typeof twelveGRegCfFactsSchema>;
export type TwelveGRegAFacts = z.output<typeof twelveGRegAFactsSchema>;
export type TwelveGInput = z.output<typeof twelveGInputSchema>;
export type TwelveGTradeParty = z.output<typeof twelveGTradePartySchema>;
export type TwelveGProposedTrade = z.output<typeof twelveGProposedTradeSchema>;

/** The JSON Schema (draft 2020-12) of holders.json, as written (decimal strings, before parsing to bigint). */
export const twelveGInputJsonSchema = z.toJSONSchema(twelveGInputSchema, { io: "input" });
/** The JSON Schema of a proposed trade (for the pre-trade guard). */
export const twelveGProposedTradeJsonSchema = z.toJSONSchema(twelveGProposedTradeSchema, { io: "input" });
