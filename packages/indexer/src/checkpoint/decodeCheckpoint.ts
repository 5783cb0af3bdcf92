import { CHECKPOINT_WIDTHS, type Checkpoint } from "./encodeCheckpoint.ts";

/**
 * Inverse of {@link encodeCheckpoint}.
 *
 * @example
 * decodeCheckpoint(encodeCheckpoint(c)).blockNumber === c.blockNumber; // true
 */
export function decodeCheckpoint(encoded: string): Checkpoint {
  const total = Object.values(CHECKPOINT_WIDTHS).reduce((a, b) => a + b, 0);
  if (encoded.length !== total || !/^\d+$/.test(encoded))
    throw new RangeError(`not a checkpoint: ${encoded}`);
  const out: Partial<Checkpoint> = {};
  let offset = 0;
  for (const [key, width] of Object.entries(CHECKPOINT_WIDTHS) as [keyof Checkpoint, number][]) {
    out[key] = BigInt(encoded.slice(offset, offset + width));
    offset += width;
  }
  return out as Checkpoint;
}
