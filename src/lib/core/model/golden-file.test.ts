/**
 * A version-1 file committed to the repository must keep reading, byte for byte the same model:
 * this catches accidental format changes that a write-then-read round trip cannot see.
 * After an intentional change to sampleModel() (not to the format), regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run src/lib/core/model/golden-file.test.ts`.
 */
import { gunzipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FOREST_ARRAYS } from './layout.ts';
import { readModel } from './read.ts';
import { sampleCalibratedModel, sampleModel } from './sample-model.ts';
import { encodePayload, writeModel } from './write.ts';

const path = new URL('../../../../tests/fixtures/models/sample-v1.exoforest', import.meta.url);
const pathV2 = new URL('../../../../tests/fixtures/models/sample-v2.exoforest', import.meta.url);
if (process.env.UPDATE_GOLDEN) {
  writeFileSync(path, writeModel(sampleModel()));
  writeFileSync(pathV2, writeModel(sampleCalibratedModel()));
}

describe('the committed version-1 sample file', () => {
  const bytes = new Uint8Array(readFileSync(path));

  it('reads back as the sample model', () => {
    const expected = sampleModel();
    const model = readModel(bytes);
    expect(model.meta).toEqual(expected.meta);
    for (const [name] of FOREST_ARRAYS) {
      expect(
        Buffer.from(model.forest[name].buffer).equals(Buffer.from(expected.forest[name].buffer)),
        name
      ).toBe(true);
    }
    expect(model.treeWeights).toEqual(expected.treeWeights);
  });

  it('has exactly the payload this build writes (the format has not drifted)', () => {
    expect(Buffer.from(gunzipSync(bytes)).equals(Buffer.from(encodePayload(sampleModel())))).toBe(
      true
    );
  });
});

describe('the committed version-2 sample file (with a probability calibration)', () => {
  const bytes = new Uint8Array(readFileSync(pathV2));

  it('reads back as the calibrated sample model', () => {
    const model = readModel(bytes);
    const expected = sampleCalibratedModel();
    expect(model.meta).toEqual(expected.meta);
    expect(model.calibration).toEqual(expected.calibration);
  });

  it('has exactly the payload this build writes', () => {
    expect(
      Buffer.from(gunzipSync(bytes)).equals(Buffer.from(encodePayload(sampleCalibratedModel())))
    ).toBe(true);
  });
});
