/**
 * Whatever the bytes, readModel either returns a model that passes validation or throws a
 * ModelFileError: never a TypeError, RangeError or a hang. Random damage at every layer.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random.ts';
import { ModelFileError } from './errors.ts';
import { readModel } from './read.ts';
import { sampleModel } from './sample-model.ts';
import { validateForest } from './validate-forest.ts';
import { encodePayload, writeModel } from './write.ts';

function outcome(bytes: Uint8Array): 'ok' | 'rejected' {
  try {
    validateForest(readModel(bytes).forest);
    return 'ok';
  } catch (e) {
    if (e instanceof ModelFileError) return 'rejected';
    throw e;
  }
}

describe('readModel on damaged files', () => {
  const file = writeModel(sampleModel());
  const payload = gunzipSync(file);

  it('rejects truncations of a valid file with a ModelFileError', () => {
    // Every length near the ends (gzip header, trailer), every 10th in between.
    for (let n = 0; n < file.length; n++) {
      if (n < 24 || n > file.length - 24 || n % 10 === 0) {
        expect(outcome(file.subarray(0, n)), `first ${n} bytes`).toBe('rejected');
      }
    }
  });

  it('handles 400 random byte changes in the decompressed payload', () => {
    const rng = createRng(2024);
    const seen = { ok: 0, rejected: 0 };
    for (let k = 0; k < 400; k++) {
      const p = payload.slice();
      const flips = 1 + rng.int(4);
      for (let f = 0; f < flips; f++) p[rng.int(p.length)] = rng.int(256);
      seen[outcome(gzipSync(p, { mtime: 0 }))]++;
    }
    // Most damage is caught; some (a changed threshold digit, a node weight) is still a valid model.
    expect(seen.rejected).toBeGreaterThan(200);
  });

  it('rejects random byte changes in the compressed data and trailer', () => {
    const rng = createRng(7);
    for (let k = 0; k < 150; k++) {
      const b = file.slice();
      // Past the 10-byte gzip header, whose time stamp and OS bytes carry no data.
      b[10 + rng.int(b.length - 10)] ^= 1 + rng.int(255);
      expect(outcome(b)).toBe('rejected');
    }
  });

  it('rejects metadata nested deeper than 64 levels instead of overflowing the stack', () => {
    const m = sampleModel();
    let deep: unknown = 1;
    for (let i = 0; i < 500; i++) deep = [deep];
    (m.meta as { metrics: unknown }).metrics = deep;
    expect(() => readModel(gzipSync(encodePayload(m), { mtime: 0 }))).toThrow(
      /nested more than 64 levels deep/
    );
    expect(() => writeModel(m)).toThrow(/nested more than 64 levels deep/);
  });

  it('rejects self-referencing metadata on write', () => {
    const m = sampleModel();
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    (m.meta as { metrics: unknown }).metrics = loop;
    expect(() => writeModel(m)).toThrow(/nested more than 64 levels deep/);
  });
});
