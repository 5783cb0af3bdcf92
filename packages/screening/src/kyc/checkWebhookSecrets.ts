import { KycWebhookConfigError } from "./errors.ts";
import type { KycProvider } from "./types.ts";

/**
 * The webhook secrets of one provider, checked: one, or two while a secret rotates (§4.1: Persona signs with both
 * during a rotation; Sumsub and Onfido have one key per webhook, so a rotation means accepting the old and the new
 * key for a while). Empty strings are refused (`KYC_WEBHOOK_CONFIG_INVALID`): an HMAC under an empty key is
 * forgeable by anyone.
 *
 * @example
 * checkWebhookSecrets("sumsub", [current, previous]); // [current, previous]
 */
export function checkWebhookSecrets(provider: KycProvider, secrets: readonly string[]): readonly string[] {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new KycWebhookConfigError(provider, "at least one webhook secret is required");
  }
  if (secrets.length > 2) {
    throw new KycWebhookConfigError(
      provider,
      "at most two webhook secrets (current and previous) are accepted",
    );
  }
  if (secrets.some((s) => typeof s !== "string" || s.length === 0)) {
    throw new KycWebhookConfigError(provider, "a webhook secret is empty");
  }
  return secrets;
}
