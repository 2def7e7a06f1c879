import { describe, expect, it } from 'vitest';
import { ModelFileError } from './errors.ts';
import { sampleModel } from './sample-model.ts';
import type { ModelFile } from './types.ts';
import { writeModel } from './write.ts';

function writeError(edit: (m: ModelFile) => void): string {
  const m = sampleModel();
  edit(m);
  try {
    writeModel(m);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as Error).message;
  }
  throw new Error('writeModel accepted an invalid model');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (v: unknown): any => v;

describe('writeModel refuses models it could not read back', () => {
  it('NaN in the metrics (JSON would silently turn it into null)', () => {
    expect(writeError((m) => (m.meta.metrics = { koi: { rocAuc: Number.NaN } }))).toMatch(
      /meta\.metrics\.koi\.rocAuc is NaN; JSON cannot hold it \(use null/
    );
  });

  it('Infinity in a hyperparameter', () => {
    expect(writeError((m) => (m.meta.stages[1].hyperparameters.maxDepth = Infinity))).toMatch(
      /meta\.stages\[1\]\.hyperparameters\.maxDepth is Infinity/
    );
  });

  it('undefined inside the metrics', () => {
    expect(writeError((m) => (m.meta.metrics = { a: [1, loose(undefined)] }))).toMatch(
      /meta\.metrics\.a\[1\] has type undefined/
    );
  });

  it('a forbidden key in the metrics', () => {
    expect(writeError((m) => (m.meta.metrics = JSON.parse('{"__proto__": {"x": 1}}')))).toMatch(
      /meta\.metrics contains the forbidden key "__proto__"/
    );
  });

  it('a class instance in the metrics', () => {
    expect(writeError((m) => (m.meta.metrics = { at: loose(new Date(0)) }))).toMatch(
      /meta\.metrics\.at is not a plain object or array \(Date\)/
    );
  });

  it('a forest array of the wrong typed-array class', () => {
    expect(
      writeError((m) => (m.forest.threshold = loose(Float64Array.from(m.forest.threshold))))
    ).toMatch(/forest\.threshold must be a Float32Array/);
  });

  it('an invalid forest', () => {
    expect(writeError((m) => (m.forest.left[0] = 0))).toMatch(/tree 0, node 0 has left child 0/);
  });

  it('tree weights for a forbidden mission name', () => {
    expect(
      writeError((m) => (m.treeWeights!.byMission = JSON.parse('{"constructor": 1}')))
    ).toMatch(/unusable mission name "constructor"/);
  });

  it('tree weights that are not a Float64Array', () => {
    expect(writeError((m) => (m.treeWeights!.byMission.koi = loose([1, 0.3])))).toMatch(
      /treeWeights for "koi" must be a Float64Array/
    );
  });
});
