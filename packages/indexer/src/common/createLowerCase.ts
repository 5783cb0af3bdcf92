/**
 * `toLowerCase` with a memory, for one batch: the same few addresses (checksummed) come back log after log, and each
 * is lower-cased once instead of allocating a new string per occurrence.
 *
 * @example
 * const lower = createLowerCase();
 * lower("0xAbC…") === lower("0xAbC…"); // the same string, built once
 */
export function createLowerCase(): (address: string) => string {
  const lowered = new Map<string, string>();
  return (address) => {
    let out = lowered.get(address);
    if (out === undefined) {
      out = address.toLowerCase();
      lowered.set(address, out);
    }
    return out;
  };
}
