/** A seeded PRNG for reproducible kill points: `RELIABILITY_SEED` replays a failed run. */
export type Random = {
  readonly seed: number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** true with probability `p`. */
  chance(p: number): boolean;
};

/**
 * mulberry32 over `seed` (default: `RELIABILITY_SEED`, else a fresh one — print `seed` so a failure can be
 * replayed).
 *
 * @example
 * const random = createRandom();
 * t.diagnostic(`seed ${random.seed}`);
 * const delayMs = random.int(0, 50);
 */
export function createRandom(
  seed = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31)),
): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
  };
}
