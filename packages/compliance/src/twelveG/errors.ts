/**
 * The 12(g) monitor's errors. Each carries a stable `code` (see `@coinscious/core`'s `CoinsciousError`): the CLI
 * and API map codes, never messages.
 */
import { CoinsciousError } from "@coinscious/core";

/** One problem found while validating a holders file or a policy: where (`path`) and what. */
export type TwelveGIssue = { path: string; message: string };

/**
 * A holders file, policy or trade that fails its schema (code `TWELVE_G_INPUT_INVALID`). `details.issues` lists
 * every problem, so an operator fixes a file in one pass.
 *
 * @example
 * try { parseTwelveGInput(JSON.parse(text)); } catch (e) {
 *   if (e instanceof TwelveGInputError) console.error(e.issues);
 * }
 */
export class TwelveGInputError extends CoinsciousError {
  readonly issues: readonly TwelveGIssue[];

  constructor(what: string, issues: readonly TwelveGIssue[]) {
    const first = issues[0];
    super(
      "TWELVE_G_INPUT_INVALID",
      `Invalid 12(g) ${what}: ${issues.length} issue(s)${first ? `, first at ${first.path || "(root)"}: ${first.message}` : ""}`,
      { details: { what, issues } },
    );
    this.issues = issues;
  }
}

/**
 * A proposed trade the holder index cannot apply (code `TWELVE_G_TRADE_INVALID`): the sender is not a holder of
 * record, or it would be debited more units than it holds.
 *
 * @example
 * assert.throws(() => projectHolderCapDelta(index, tradeFromStranger), TwelveGTradeError);
 */
export class TwelveGTradeError extends CoinsciousError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("TWELVE_G_TRADE_INVALID", message, details === undefined ? {} : { details });
  }
}
