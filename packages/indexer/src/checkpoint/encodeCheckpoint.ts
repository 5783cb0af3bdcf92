/** The fields of a checkpoint, most significant first. */
export type Checkpoint = {
  blockTimestamp: bigint;
  chainId: bigint;
  blockNumber: bigint;
  transactionIndex: bigint;
  logIndex: bigint;
};

/** Decimal digits of each field, in order. 10 digits of seconds last until the year 2286. */
export const CHECKPOINT_WIDTHS = {
  blockTimestamp: 10,
  chainId: 16,
  blockNumber: 16,
  transactionIndex: 16,
  logIndex: 16,
} as const;

/**
 * Encodes a position in the event stream as a fixed-width decimal string, so that plain string (and SQL
 * `text`) order is event order — across chains too, since the timestamp comes first (Ponder's design).
 *
 * @example
 * encodeCheckpoint({ blockTimestamp: 1_700_000_000n, chainId: 8453n, blockNumber: 7n, transactionIndex: 0n, logIndex: 3n });
 * // "1700000000" + "0000000000008453" + "0000000000000007" + "0000000000000000" + "0000000000000003"
 */
export function encodeCheckpoint(checkpoint: Checkpoint): string {
  let out = "";
  for (const key of Object.keys(CHECKPOINT_WIDTHS) as (keyof Checkpoint)[]) {
    const value = checkpoint[key];
    const width = CHECKPOINT_WIDTHS[key];
    const digits = value.toString();
    if (value < 0n || digits.length > width) throw new RangeError(`checkpoint ${key} out of range: ${value}`);
    out += digits.padStart(width, "0");
  }
  return out;
}
