/**
 * Resolves after `ms` milliseconds, or as soon as `signal` aborts (it never rejects: callers check
 * `signal.aborted` afterwards).
 *
 * @example
 * await sleep(pollingIntervalMs, signal);
 * if (signal?.aborted) return;
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
