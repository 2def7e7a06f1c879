import { describe, expect, it } from 'vitest';
import type { ForestArrays } from '../forest/index.ts';
import { FOREST_ARRAYS } from './layout.ts';
import { readModel } from './read.ts';
import { sampleModel } from './sample-model.ts';
import { treeWeightsFor } from './tree-weights.ts';
import type { ModelFile } from './types.ts';
import { writeModel } from './write.ts';

/** Raw bytes of a typed array, so NaN payloads and -0 compare exactly. */
const bytesOf = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Weighted-vote prediction for one row, written here so the test does not depend on the engine. */
function predict(forest: ForestArrays, weights: Float64Array, x: number[]): number[] {
  const p = new Array<number>(forest.nClasses).fill(0);
  let total = 0;
  for (let t = 0; t + 1 < forest.treeStart.length; t++) {
    let n = forest.treeStart[t];
    while (forest.feature[n] !== -1) {
      const v = x[forest.feature[n]];
      const goLeft = Number.isNaN(v) ? forest.missingLeft[n] === 1 : v <= forest.threshold[n];
      n = goLeft ? forest.left[n] : forest.right[n];
    }
    for (let c = 0; c < forest.nClasses; c++)
      p[c] += weights[t] * forest.value[n * forest.nClasses + c];
    total += weights[t];
  }
  return p.map((v) => v / total);
}

function expectSameArrays(a: ModelFile, b: ModelFile): void {
  for (const [name] of FOREST_ARRAYS) {
    expect(b.forest[name].constructor).toBe(a.forest[name].constructor);
    expect(bytesOf(b.forest[name]).equals(bytesOf(a.forest[name])), name).toBe(true);
  }
}

describe('writeModel then readModel', () => {
  it('gives bit-identical forest arrays, tree weights and equal metadata', () => {
    const model = sampleModel();
    model.forest.threshold[1] = -0; // leaf thresholds are unused, but must survive bit for bit
    model.forest.threshold[3] = Number.NaN;
    const back = readModel(writeModel(model));
    expectSameArrays(model, back);
    expect(Object.is(back.forest.threshold[1], -0)).toBe(true);
    expect(back.forest.nFeatures).toBe(3);
    expect(back.forest.nClasses).toBe(2);
    expect(back.meta).toEqual(model.meta);
    expect(back.treeWeights?.per).toBe('stage');
    for (const m of ['koi', 'k2']) {
      expect(
        bytesOf(back.treeWeights!.byMission[m]).equals(bytesOf(model.treeWeights!.byMission[m]))
      ).toBe(true);
    }
  });

  it('gives bit-identical predictions for every mission, including missing values', () => {
    const model = sampleModel();
    const back = readModel(writeModel(model));
    const rows = [
      [1.5, 300.125, -0.25],
      [1.5000001, 300.13, -0.2],
      [Number.NaN, Number.NaN, Number.NaN],
      [10, 10, 10],
      [0, 1e6, -1]
    ];
    for (const mission of ['koi', 'k2', 'toi']) {
      const w1 = treeWeightsFor(model, mission);
      const w2 = treeWeightsFor(back, mission);
      for (const x of rows) {
        expect(Float64Array.from(predict(back.forest, w2, x))).toEqual(
          Float64Array.from(predict(model.forest, w1, x))
        );
      }
    }
  });

  it('writes the same bytes for the same model (no timestamps in the gzip header)', () => {
    const a = writeModel(sampleModel());
    const b = writeModel(sampleModel());
    expect(bytesOf(a).equals(bytesOf(b))).toBe(true);
    expect(bytesOf(writeModel(readModel(a))).equals(bytesOf(a))).toBe(true);
  });

  it('round-trips a model without tree weights and one with per-tree weights', () => {
    const plain = { ...sampleModel(), treeWeights: null };
    expect(readModel(writeModel(plain)).treeWeights).toBeNull();
    const perTree = sampleModel();
    perTree.treeWeights = { per: 'tree', byMission: { toi: Float64Array.from([0.125, 1e-300]) } };
    const back = readModel(writeModel(perTree));
    expect(back.treeWeights?.per).toBe('tree');
    expect(Array.from(back.treeWeights!.byMission.toi)).toEqual([0.125, 1e-300]);
  });

  it('returns arrays that share nothing with the input bytes or the written model', () => {
    const model = sampleModel();
    const bytes = writeModel(model);
    const back = readModel(bytes);
    model.forest.threshold[0] = 99;
    model.meta.classes[0] = 'CHANGED';
    (model.meta.stages[0].hyperparameters as Record<string, unknown>).maxDepth = 99;
    bytes.fill(0);
    expect(back.forest.threshold[0]).toBe(1.5);
    expect(back.meta.classes[0]).toBe('FALSE_POSITIVE');
    expect(back.meta.stages[0].hyperparameters.maxDepth).toBe(8);
    expect(back.forest.threshold.byteOffset % 4).toBe(0);
  });

  it('keeps float64 metadata numbers exact', () => {
    const model = sampleModel();
    model.meta.featureRanges[0] = { min: 0.1 + 0.2, max: Number.MAX_VALUE };
    model.meta.metrics = { tiny: 5e-324, third: 1 / 3 };
    const back = readModel(writeModel(model));
    expect(back.meta.featureRanges[0]).toEqual({ min: 0.1 + 0.2, max: Number.MAX_VALUE });
    expect(back.meta.metrics).toEqual({ tiny: 5e-324, third: 1 / 3 });
  });
});
