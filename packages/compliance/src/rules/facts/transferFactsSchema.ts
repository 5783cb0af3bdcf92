/**
 * The facts of one proposed transfer (compliance-rules §2.11). Everything a rule reads is here, including the
 * evaluation date and instant: the engine never reads a clock.
 */
import { z } from "zod";
import {
  classFactsSchema,
  holderCountsSchema,
  issuerFactsSchema,
  sanctionsFactsSchema,
} from "./contextSchemas.ts";
import { lotSchema } from "./lotSchema.ts";
import { partyShape, recipientSchema } from "./partySchema.ts";
import { amountSchema, calendarDateSchema, centsSchema, instantSchema } from "./scalars.ts";

/** The resale exemption the transfer relies on; `rule_144` is the default path (holding periods apply). */
export const resaleExemptionSchema = z.enum(["rule_144", "rule_144a", "section_4a7", "reg_s_904"]);

/** Rule 227.501(a)(3)-(4) exceptions that depend on the relationship, not on the recipient's status. */
export const regCfExceptionSchema = z.enum([
  "family",
  "family_trust",
  "death_or_divorce",
  "registered_offering",
]);

/** The sender: a party with its lots, affiliate status and recent sales. */
export const senderSchema = z.object({
  ...partyShape,
  /** Affiliate of the issuer (Rule 144(a)(1)). */
  affiliate: z.boolean(),
  /** Units sold (and proceeds, cents) by the affiliate in the 3 months before this sale (Rule 144(e), (h)). */
  sales3mUnits: amountSchema.default(0n),
  sales3mProceedsCents: centsSchema.default(0n),
  /** Units frozen by the agent (ERC-3643 `freezePartialTokens`), assumed to sit in the sender's free lots. */
  frozenAmount: amountSchema.default(0n),
  /** The sender's lots of the class: those of the sending wallet (all of the holder's when it has one wallet). */
  lots: z.array(lotSchema),
  /**
   * The holder's whole position in the class, all wallets summed (whether the transfer empties it, §1.6 pre-trade
   * guard); null = the lots above are the whole position.
   */
  holderPosition: amountSchema.nullable().default(null),
  /**
   * A lock-up on the sending holder, as the investor registry records it (the end of its restricted lots' holding
   * period, or a lock-up agreement): none of its units may move before this date (reason 70); null = none.
   */
  lockupEnd: calendarDateSchema.nullable().default(null),
});

/** Facts of a transfer. */
export const transferFactsSchema = z
  .object({
    /** The evaluation's calendar date in the issuer's zone. */
    date: calendarDateSchema,
    /** The evaluation instant (sanctions-data age). */
    now: instantSchema,
    amount: amountSchema.refine((a) => a > 0n, "the amount must be positive"),
    /** Specific-lot selection; null = any lots, oldest first (FIFO). */
    lotIds: z.array(z.string().min(1)).nullable().default(null),
    exemption: resaleExemptionSchema.default("rule_144"),
    regCfException: regCfExceptionSchema.nullable().default(null),
    /** Sale price of this transfer, cents (Form 144 $50,000 test); null = unknown (counts as over). */
    salePriceCents: centsSchema.nullable().default(null),
    issuer: issuerFactsSchema,
    class: classFactsSchema,
    sanctions: sanctionsFactsSchema,
    holders: holderCountsSchema.nullable().default(null),
    from: senderSchema,
    to: recipientSchema,
  })
  .superRefine((f, ctx) => {
    const ids = new Set<string>();
    for (const lot of f.from.lots) {
      if (ids.has(lot.id))
        ctx.addIssue({ code: "custom", path: ["from", "lots"], message: `duplicate lot id ${lot.id}` });
      ids.add(lot.id);
    }
    for (const id of f.lotIds ?? [])
      if (!ids.has(id))
        ctx.addIssue({ code: "custom", path: ["lotIds"], message: `no lot ${id} of the sender` });
  });

/** Transfer facts as the engine reads them (parsed: bigint amounts, epoch-ms instants, defaults filled). */
export type TransferFacts = z.output<typeof transferFactsSchema>;
/** Transfer facts as JSON or code supplies them. */
export type TransferFactsInput = z.input<typeof transferFactsSchema>;
/** A parsed sender. */
export type Sender = TransferFacts["from"];
/** A parsed recipient. */
export type Recipient = TransferFacts["to"];
/** A parsed lot. */
export type Lot = Sender["lots"][number];
