import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from './sha256.ts';

const reference = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    );
  });

  it('matches node:crypto for every length from 0 to 200 (all padding cases)', () => {
    for (let n = 0; n <= 200; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      expect(sha256Hex(b), `length ${n}`).toBe(reference(b));
    }
  });

  it('gives the same digest however the input is split across updates', () => {
    const b = Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24);
    const cuts = [0, 1, 63, 64, 65, 127, 1000, 4999, 5000];
    for (let k = 1; k < cuts.length; k++) {
      const h = new Sha256();
      h.update(b.subarray(0, cuts[k - 1]))
        .update(b.subarray(cuts[k - 1], cuts[k]))
        .update(b.subarray(cuts[k]));
      expect(h.digestHex()).toBe(reference(b));
    }
  });

  it('hashes a typed array by its bytes', () => {
    const f = Float32Array.from([1.5, -2, Number.NaN]);
    expect(sha256Hex(f)).toBe(reference(new Uint8Array(f.buffer)));
  });
});
