import { KycSignatureMalformedError } from "./errors.ts";
import type { KycProvider, WebhookHeaders } from "./types.ts";

/**
 * One header's value, its name matched case-insensitively (HTTP header names are case-insensitive, RFC 9110
 * §5.1; Node lower-cases them, other frameworks may not). `undefined` when absent or empty.
 *
 * A header that appears more than once is refused (`KYC_SIGNATURE_MALFORMED`) rather than joined or picked:
 * a signature header is never repeated by the providers, so a second copy is somebody else's and choosing either
 * would let it steer verification.
 *
 * @example
 * readHeader("persona", { "persona-signature": "t=1,v1=ab" }, "Persona-Signature"); // "t=1,v1=ab"
 */
export function readHeader(provider: KycProvider, headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === "string") values.push(value);
    else values.push(...value);
  }
  if (values.length > 1)
    throw new KycSignatureMalformedError(provider, name, "the header appears more than once");
  const value = values[0]?.trim();
  return value === undefined || value === "" ? undefined : value;
}
