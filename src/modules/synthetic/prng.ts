// Seeded pseudo-random numbers for the synthetic data generator.
//
// Everything the generator draws comes from here, never from Math.random, so a seed fixes the output.
// The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counter, from PractRand): 128 bits of
// state, 32-bit arithmetic only (fast in JavaScript without BigInt), passes PractRand to terabytes.
// Seeds are mixed into the state with the murmur3 finaliser, so nearby seeds give unrelated streams.

const TWO_POW_32 = 4_294_967_296;

/** murmur3's 32-bit finaliser: a cheap bijective scramble of a 32-bit value. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Mix a seed and any number of keys (non-negative integers up to 2^53, or strings) into one 32-bit value.
 * Used to derive an independent stream per borough, per household, per purpose.
 */
export function mixSeed(...keys: readonly (number | string)[]): number {
  let h = 0x9e37_79b9;
  for (const key of keys) {
    if (typeof key === 'string') {
      for (let i = 0; i < key.length; i++) h = fmix32(h ^ Math.imul(key.charCodeAt(i) + 1, 0x27d4_eb2d));
      h = fmix32(h ^ key.length);
    } else {
      const lo = key >>> 0;
      const hi = Math.floor(key / TWO_POW_32) >>> 0;
      h = fmix32(h ^ lo);
      h = fmix32((h + 0x6a09_e667) ^ hi);
    }
  }
  return h;
}

/** A deterministic random stream (sfc32). Create one per purpose with {@link Rng.derive}. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = fmix32(seed ^ 0x243f_6a88);
    this.b = fmix32(seed ^ 0x85a3_08d3);
    this.c = fmix32(seed ^ 0x1319_8a2e);
    this.d = 1;
    // Discard the first outputs, as sfc32's author recommends, so weak seeds are well mixed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A new stream from a seed and keys, independent of every stream with different keys. */
  static derive(...keys: readonly (number | string)[]): Rng {
    return new Rng(mixSeed(...keys));
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** An integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new Error('Rng.pick needs a non-empty array');
    return item;
  }

  /** A standard normal deviate (Box–Muller; one of the pair is discarded so the stream has no hidden state). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** A Poisson count with mean lambda (Knuth's method; the generator only needs small means). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** A gamma deviate with shape k and scale theta (Marsaglia and Tsang, 2000). */
  gamma(k: number, theta: number): number {
    if (k < 1) {
      const u = this.float();
      return this.gamma(1 + k, theta) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / k);
    }
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * theta;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * theta;
    }
  }
}

/** A categorical distribution: values with relative weights, sampled by binary search on the cumulative weights. */
export class Weighted<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('A weighted table needs at least one positive weight');
    this.values = kept.map(([v]) => v);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** The share of the total weight held by a value (0 when absent). */
  share(value: T): number {
    let w = 0;
    let previous = 0;
    for (let i = 0; i < this.values.length; i++) {
      const c = this.cumulative[i] ?? 0;
      if (this.values[i] === value) w += c - previous;
      previous = c;
    }
    return w / this.total;
  }

  sample(rng: Rng): T {
    const target = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}

/** Build a weighted table from a record of value → weight. */
export function weightedOf<K extends string>(weights: Readonly<Record<K, number>>): Weighted<K> {
  return new Weighted(Object.entries(weights) as [K, number][]);
}

/**
 * A keyed bijection on [0, 10^digits) (a balanced Feistel network on decimal halves; digits must be even).
 * Turns a counter into an identifier that looks random but can never collide, so local ids and NHS numbers
 * are unique without remembering the ones already issued.
 */
export function permuteDecimal(value: number, digits: number, key: number): number {
  const half = 10 ** (digits / 2);
  let left = Math.floor(value / half);
  let right = value % half;
  for (let round = 0; round < 4; round++) {
    const f = fmix32((right + Math.imul(key, round + 1)) ^ (key >>> round)) % half;
    const next = (left + f) % half;
    left = right;
    right = next;
  }
  return left * half + right;
}
