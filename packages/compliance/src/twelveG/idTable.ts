/**
 * A string → integer table for holder ids: open addressing with linear probing, FNV-1a hash, the hash and the value
 * stored side by side in one `Int32Array` so a probe touches one cache line and a miss never reads a string. At a
 * million distinct ids it is several times faster than `Map<string, number>` (no per-entry heap node, no rehash of
 * strings) — the 12(g) count over 1,000,000 holders must fit in a second (issue 5).
 */

/** FNV-1a over UTF-16 code units (32-bit). */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Ids to values (non-negative int32, each value used for one id only), insert-only. `ids` (value → id) may be an
 * array shared by several tables whose values never overlap — the holder key table shares one across namespaces.
 *
 * @example
 * const t = new IdTable();
 * t.getOrInsert("alice", 0); // 0 (inserted)
 * t.getOrInsert("alice", 7); // 0 (already there)
 * t.get("bob"); // undefined
 */
export class IdTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(
    capacityHint = 8,
    private readonly ids: string[] = [],
  ) {
    let cap = 16;
    while (cap < capacityHint * 2) cap *= 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value of `id`, or undefined. */
  get(id: string): number | undefined {
    const h = hashId(id);
    const s = this.slots;
    for (let p = h & this.mask; ; p = (p + 1) & this.mask) {
      const v = (s[2 * p + 1] as number) - 1;
      if (v < 0) return undefined;
      if (s[2 * p] === h && this.ids[v] === id) return v;
    }
  }

  /** The value of `id`; when absent, stores `value` and returns it. */
  getOrInsert(id: string, value: number): number {
    const h = hashId(id);
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const s = this.slots;
    let p = h & this.mask;
    for (; ; p = (p + 1) & this.mask) {
      const v = (s[2 * p + 1] as number) - 1;
      if (v < 0) break;
      if (s[2 * p] === h && this.ids[v] === id) return v;
    }
    this.ids[value] = id;
    s[2 * p] = h;
    s[2 * p + 1] = value + 1;
    this.count++;
    return value;
  }

  /** Doubles the table (load factor ≤ 1/2), re-seating entries by their stored hash. */
  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    const s = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let q = 0; q < old.length; q += 2) {
      if (old[q + 1] === 0) continue;
      let p = (old[q] as number) & mask;
      while (s[2 * p + 1] !== 0) p = (p + 1) & mask;
      s[2 * p] = old[q] as number;
      s[2 * p + 1] = old[q + 1] as number;
    }
    this.slots = s;
    this.mask = mask;
  }
}
