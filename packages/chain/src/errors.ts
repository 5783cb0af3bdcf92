import { CoinsciousError } from "@coinscious/core";

/**
 * Base class of the chain layer's errors. `retryable` tells a caller (the indexer, the CLI's retry loop)
 * whether trying again may succeed (network faults) or not (bad input, a revert, a wrong chain).
 */
export class ChainError extends CoinsciousError {
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(code, message, options);
    this.retryable = options.retryable ?? false;
  }
}
