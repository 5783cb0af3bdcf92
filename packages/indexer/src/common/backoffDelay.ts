export type BackoffOptions = {
  /** Delay of the first retry. Default 250 ms. */
  baseDelayMs?: number;
  /** Upper bound of any delay. Default 30 000 ms. */
  maxDelayMs?: number;
  /** Source of randomness for the jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
};

/**
 * Exponential backoff with "equal jitter": attempt n (1-based) waits between half and all of
 * `min(max, base × 2^(n−1))`, so retries of several processes do not stay in lockstep.
 *
 * @example
 * backoffDelay(1, { baseDelayMs: 100, random: () => 0 }); // 50
 * backoffDelay(4, { baseDelayMs: 100, random: () => 0.999 }); // ≈ 800
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseDelayMs = 250, maxDelayMs = 30_000, random = Math.random } = options;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
