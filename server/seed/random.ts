// A small seeded random source. Demo data must come out the same on every run (screenshots,
// bug reports and tests point at the same customers), so nothing in the seed uses Math.random.

/**
 * sfc32 (Small Fast Counting, 128-bit state): fast, and big enough that the hundreds of
 * thousands of per-customer streams of the benchmark seed do not run into each other (a 32-bit
 * generator's streams overlap at that scale and repeat ids).
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, b = 0x9e3779b9, c = 0x243f6a88, d = 0x85a308d3) {
    this.a = seed >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    // Mix the seed through the state before the first value is used.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream for one item (a customer, an agent): its data then does not depend on how many items came before or how they were batched. */
  static for(seed: number, ...keys: readonly (number | string)[]): Random {
    // Four differently salted hashes of the keys: 128 bits of seed, so two items practically never share a stream.
    const words = [0x1b873593, 0xcc9e2d51, 0x85ebca6b, 0xc2b2ae35].map((salt) => {
      let h = mix(seed >>> 0, salt);
      for (const key of keys) h = mix(h, typeof key === 'number' ? key : hashString(key));
      return h;
    });
    return new Random(words[0] as number, words[1], words[2], words[3]);
  }

  uint32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.uint32() / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `entries` with a chance proportional to its weight (for hot paths, build a `Weighted` once). */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** A time (epoch ms) in [from, to). */
  between(fromMs: number, toMs: number): number {
    return fromMs + Math.floor(this.next() * Math.max(0, toMs - fromMs));
  }

  date(from: Date, to: Date): Date {
    return new Date(this.between(from.getTime(), to.getTime()));
  }

  /** `count` decimal digits (leading zeros allowed). */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.uint32() % 10);
    return out;
  }

  /** Normally distributed (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal around `median`: durations and amounts have a long right tail. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /** Fills `target` with random bytes (UUIDv7's random part, so ids are reproducible too). */
  fill(target: Uint8Array): Uint8Array {
    for (let i = 0; i < target.length; i += 4) {
      const value = this.uint32();
      for (let j = 0; j < 4 && i + j < target.length; j++) target[i + j] = (value >>> (j * 8)) & 0xff;
    }
    return target;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }
}

/** A weighted choice prepared once: a binary search over cumulative weights. */
export class Weighted<T> {
  private readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [value, weight] of entries) {
      if (weight <= 0) continue;
      sum += weight;
      this.values.push(value);
      this.cumulative.push(sum);
    }
    if (this.values.length === 0) throw new Error('Weighted needs at least one positive weight');
    this.total = sum;
  }

  pick(rng: Random): T {
    const roll = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > roll) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b >>> 0), 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
