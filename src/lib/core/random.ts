/**
 * Seeded pseudo-random numbers for everything that must be reproducible (bootstraps, feature
 * sampling, splits, permutations). xoshiro128** seeded through splitmix32: fast, 32-bit only
 * (Math.imul), and the same sequence in every JS engine.
 */

/** A seeded random stream. */
export interface Rng {
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n); n must be an integer from 1 to 2^32. */
  int(n: number): number;
  /** Next raw unsigned 32-bit integer. */
  nextUint32(): number;
}

const TWO_32 = 4294967296;

function checkSeed(seed: number, name: string): void {
  if (typeof seed !== 'number' || !Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new Error(`${name} must be a finite integer (got ${String(seed)}); pass e.g. 42`);
  }
}

/** splitmix32 finaliser: a bijective 32-bit integer hash with good avalanche. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * Seed of the index-th independent sub-stream of `seed` (tree t of a forest, repeat k of a
 * permutation). Hashing both parts keeps neighbouring seeds and indices uncorrelated.
 */
export function deriveSeed(seed: number, index: number): number {
  checkSeed(seed, 'deriveSeed: seed');
  checkSeed(index, 'deriveSeed: index');
  // Fold the high bits of large integers in, so 2^32 + 1 and 1 differ.
  const s = (seed >>> 0) ^ mix32(Math.floor(seed / TWO_32) | 0);
  const i = (index >>> 0) ^ mix32((Math.floor(index / TWO_32) | 0) ^ 0x5bd1e995);
  return mix32(mix32(s) ^ Math.imul(i + 1, 0x9e3779b9));
}

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Four splitmix32 outputs never all zero for consecutive inputs, so the state is valid.
    const s = seed >>> 0;
    this.a = mix32(s) | 0;
    this.b = mix32(s + 1) | 0;
    this.c = mix32(s + 2) | 0;
    this.d = mix32(s + 3) | 0;
  }

  nextUint32(): number {
    const b = this.b;
    const r = Math.imul(b, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_32;
  }

  int(n: number): number {
    if (!(n >= 1 && n <= TWO_32) || n !== Math.floor(n)) {
      throw new Error(`Rng.int: n must be an integer from 1 to 2^32 (got ${String(n)})`);
    }
    // Multiply-high mapping: bias at most n / 2^32, negligible for the sizes used here.
    return Math.floor((this.nextUint32() * n) / TWO_32);
  }
}

/** A reproducible random stream for `seed` (any finite integer). */
export function createRng(seed: number): Rng {
  checkSeed(seed, 'createRng: seed');
  const s = (seed >>> 0) ^ mix32(Math.floor(seed / TWO_32) | 0);
  return new Xoshiro128(s);
}
