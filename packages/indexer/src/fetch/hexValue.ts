/**
 * The value of the hex digits at `b[start, end)`, either case, for digits a scanner has already checked (anything else
 * gives a meaningless number). At most 13 digits: the result is then a safe integer.
 */
export function hexValue(b: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = b[i] as number;
    value = value * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
  }
  return value;
}
