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
  // State in an Int32Array, not four number fields: with pointer compression (Chromium, not
  // Node) an int32 outside the 31-bit small-integer range is boxed when stored in a field,
  // which made every draw allocate and ran ~5x slower in the browser than in Node.
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    // Four splitmix32 outputs never all zero for consecutive inputs, so the state is valid.
    const x = seed >>> 0;
    const s = this.s;
    s[0] = mix32(x);
    s[1] = mix32(x + 1);
    s[2] = mix32(x + 2);
    s[3] = mix32(x + 3);
  }

  nextUint32(): number {
    const s = this.s;
    const a = s[0];
    const b = s[1];
    const r = Math.imul(b, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = b << 9;
    const c = s[2] ^ a;
    const d = s[3] ^ b;
    s[1] = b ^ c;
    s[0] = a ^ d;
    s[2] = c ^ t;
    s[3] = (d << 11) | (d >>> 21);
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
