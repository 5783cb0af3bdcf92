/**
 * Validation at the edge: JSON in, typed 12(g) input out, or one {@link TwelveGInputError} listing every issue.
 */
import type { z } from "zod";
import { TwelveGInputError, type TwelveGIssue } from "./errors.ts";
import { resolveTwelveGPolicy } from "./policy.ts";
import {
  type TwelveGInput,
  type TwelveGProposedTrade,
  twelveGInputSchema,
  twelveGProposedTradeSchema,
} from "./schemas.ts";

/**
 * Parses a holders file (already `JSON.parse`d): quantities and dollars become bigint, defaults are filled in.
 * Throws {@link TwelveGInputError} (code `TWELVE_G_INPUT_INVALID`) with every issue's path.
 *
 * @example
 * const input = parseTwelveGInput(JSON.parse(readFileSync("holders.json", "utf8")));
 * const report = assessTwelveG(input);
 */
export function parseTwelveGInput(json: unknown): TwelveGInput {
  const r = twelveGInputSchema.safeParse(json);
  if (!r.success) throw new TwelveGInputError("holders file", toIssues(r.error));
  // Cross-field policy checks (e.g. AMBER band below RED) run here too, so a bad file fails at the edge.
  if (r.data.policy) resolveTwelveGPolicy(r.data.policy);
  return r.data;
}

/**
 * Parses a proposed trade for the pre-trade guard. Throws {@link TwelveGInputError}.
 *
 * @example
 * const trade = parseTwelveGProposedTrade({ from: { kind: "natural", personId: "a" },
 *   to: { kind: "natural", personId: "c" }, lots: [{ qty: "10" }] });
 */
export function parseTwelveGProposedTrade(json: unknown): TwelveGProposedTrade {
  const r = twelveGProposedTradeSchema.safeParse(json);
  if (!r.success) throw new TwelveGInputError("trade", toIssues(r.error));
  return r.data;
}

function toIssues(error: z.ZodError): TwelveGIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
