import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Crc32 } from './crc32.ts';
import { ModelFileError } from './errors.ts';
import { gunzipCapped } from './gunzip-capped.ts';

/**
 * A valid gzip stream of 1 + 258 * nMatches zero bytes, built by hand (one fixed-Huffman block:
 * a literal 0, then length-258/distance-1 matches of 13 bits each), so a 70 MB bomb costs
 * milliseconds to make instead of seconds of real compression.
 */
function zeroBomb(nMatches: number, withCrc = true): { gz: Uint8Array; size: number } {
  const out = new Uint8Array(Math.ceil((3 + 8 + 13 * nMatches + 7) / 8) + 1 + 18);
  let pos = 10;
  let bit = 0;
  const put = (v: number): void => {
    if (v) out[pos] |= 1 << bit;
    if (++bit === 8) {
      bit = 0;
      pos++;
    }
  };
  const code = (c: number, len: number): void => {
    for (let i = len - 1; i >= 0; i--) put((c >> i) & 1);
  };
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  put(1); // BFINAL
  put(1); // BTYPE = 01 (fixed Huffman), low bit first
  put(0);
  code(0x30, 8); // literal 0
  for (let i = 0; i < nMatches; i++) {
    code(0xc5, 8); // length symbol 285 = 258
    code(0, 5); // distance symbol 0 = 1
  }
  code(0, 7); // end of block
  if (bit) pos++;
  const size = 1 + 258 * nMatches;
  // The big bomb skips the checksum: the cap must fire long before the trailer is read.
  const crc = new Crc32();
  const zeros = new Uint8Array(1 << 20);
  for (let left = withCrc ? size : 0; left > 0; left -= zeros.length) {
    crc.update(zeros.subarray(0, Math.min(left, zeros.length)));
  }
  const dv = new DataView(out.buffer);
  dv.setUint32(pos, crc.digest(), true);
  dv.setUint32(pos + 4, size >>> 0, true);
  return { gz: out.slice(0, pos + 8), size };
}

function errorOf(f: () => unknown): ModelFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof ModelFileError) return e;
    throw e;
  }
  throw new Error('expected a ModelFileError');
}

describe('gunzipCapped', () => {
  it('returns the exact bytes of a gzip stream written by fflate', () => {
    const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251);
    const out = gunzipCapped(gzipSync(data));
    expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
  });

  it('the hand-made bomb is a valid gzip stream when small enough', () => {
    const { gz, size } = zeroBomb(1000);
    const out = gunzipCapped(gz, size);
    expect(out.length).toBe(size);
    expect(out.some((b) => b !== 0)).toBe(false);
  });

  it('refuses a 70 MB decompression bomb under the default 64 MB cap', () => {
    const { gz, size } = zeroBomb(Math.ceil((70 * 1024 * 1024) / 258), false);
    expect(gz.length).toBeLessThan(size / 100);
    const err = errorOf(() => gunzipCapped(gz));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/more than 64\.0 MB/);
  });

  it('honours a smaller cap, counting bytes while streaming', () => {
    const { gz } = zeroBomb(10_000); // 2.58 MB
    const err = errorOf(() => gunzipCapped(gz, 100_000));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/more than 0\.095 MB/);
  });

  it('detects a wrong size in the trailer as truncation or extra bytes', () => {
    const gz = gzipSync(new Uint8Array(5000).fill(7));
    gz[gz.length - 1] ^= 1;
    const err = errorOf(() => gunzipCapped(gz));
    expect(err.code).toBe('truncated');
    expect(err.message).toMatch(/trailer does not match/);
  });
});
