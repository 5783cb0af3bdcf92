/**
 * The boundary of the transfer engine: JSON (or code) in, validated and parsed facts out. Parse once, evaluate
 * as often as needed.
 */
import { InvalidFactsError, toValidationIssues } from "../errors.ts";
import {
  type TransferFacts,
  type TransferFactsInput,
  transferFactsSchema,
} from "../facts/transferFactsSchema.ts";

/**
 * Validate and parse transfer facts: amounts to bigint, instants to epoch ms, fail-closed defaults filled in.
 * Throws {@link InvalidFactsError} (code `INVALID_COMPLIANCE_FACTS`) listing every problem — invalid facts never
 * reach a rule, so they can never produce an ALLOW.
 *
 * @example
 * const facts = parseTransferFacts(JSON.parse(body));
 * evaluateTransfer(facts, policy);
 */
export function parseTransferFacts(input: TransferFactsInput | unknown): TransferFacts {
  const parsed = transferFactsSchema.safeParse(input);
  if (!parsed.success) throw new InvalidFactsError("transfer", toValidationIssues(parsed.error.issues));
  return parsed.data;
}
