import { findReasonCode } from "@coinscious/core";
import type { PreflightReason } from "./types.ts";

/**
 * The reason for rule code `code` of core's registry (a number the registry lacks keeps its code and is named
 * UNKNOWN_REASON_CODE).
 */
export function ruleReason(code: number, source: PreflightReason["source"], item?: number): PreflightReason {
  const entry = findReasonCode(code);
  const reason: PreflightReason = {
    code,
    name: entry?.name ?? "UNKNOWN_REASON_CODE",
    title: entry?.title ?? `Reason code ${code} is not in the registry`,
    source,
  };
  if (item !== undefined) reason.item = item;
  return reason;
}
