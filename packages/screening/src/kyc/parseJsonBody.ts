import type { z } from "zod";
import { KycPayloadError } from "./errors.ts";
import type { KycProvider } from "./types.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes an authenticated body (UTF-8, JSON) and validates it with `schema`. Called only after the signature
 * verified (§4.1 verifier contract (1): raw bytes first, JSON parse after).
 *
 * @throws {KycPayloadError} `KYC_PAYLOAD_INVALID` for invalid UTF-8, invalid JSON or a schema mismatch (the
 * zod issues are in `details.issues`, without the values).
 * @example
 * const event = parseJsonBody("persona", rawBody, personaEventSchema);
 */
export function parseJsonBody<S extends z.ZodType>(
  provider: KycProvider,
  rawBody: Uint8Array,
  schema: S,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(rawBody));
  } catch {
    throw new KycPayloadError(provider, "the body is not UTF-8 JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.map(String).join("."),
      message: i.message,
    }));
    throw new KycPayloadError(provider, "the body does not have the expected shape", issues);
  }
  return result.data;
}
