import { CoinsciousError } from "@coinscious/core";

/** Bad command-line usage: unknown command or flag, missing argument. Exit code 2. */
export class UsageError extends CoinsciousError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("USAGE", message, details === undefined ? {} : { details });
  }
}

/** Exit code for an error: 2 for usage, 1 for everything else. */
export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? 2 : 1;
}

/** One line for stderr: `error CODE: message`, never a stack for a known error. */
export function formatError(err: unknown): string {
  if (err instanceof CoinsciousError) {
    const details =
      err.details && Object.keys(err.details).length > 0 ? ` ${JSON.stringify(err.details, bigintJson)}` : "";
    return `error ${err.code}: ${err.message}${details}`;
  }
  return `error INTERNAL: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

/** JSON.stringify replacer that writes bigints as decimal strings. */
export function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
