// A small seeded pseudo-random generator (SplitMix32 mixing of a Weyl sequence) for sampling record pairs and for
// property tests: the same seed gives the same draws, and nothing reads Math.random.

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  float(): number {
    return this.next() / 4_294_967_296;
  }

  /** A uniform whole number in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}
