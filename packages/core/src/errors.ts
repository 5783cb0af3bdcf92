/**
 * The one error base class of Coinscious. Every error carries a stable `code` (SCREAMING_SNAKE) that callers,
 * the API's status table and tests rely on; the message is for people and may change.
 *
 * @example
 * class InvestorNotFoundError extends CoinsciousError {
 *   constructor(id: string) { super("INVESTOR_NOT_FOUND", `No investor ${id}`, { details: { id } }) }
 * }
 */
export class CoinsciousError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Bad input: an argument that fails validation. */
export class ValidationError extends CoinsciousError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("VALIDATION_FAILED", message, details === undefined ? {} : { details });
  }
}
