/**
 * Parity with scikit-learn's HistGradientBoostingClassifier: same data, same parameters, the
 * same trees. tests/fixtures/sklearn-hgb.json comes from bench/sklearn_hgb_fixture.py.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../forest/types.ts';
import { fitBoosted } from './fit.ts';
import { predictRaw } from './predict.ts';
import type { BoostParams } from './types.ts';

interface Case {
  name: string;
  nClasses: number;
  params: Record<string, number | string>;
  maxIter: number;
  nTrain: number;
  nFeatures: number;
  X: (number | null)[];
  y: number[];
  nIter: number;
  leaves: number[];
  rawTrain: number[];
  rawTest: number[];
}

const fixture = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../../../../tests/fixtures/sklearn-hgb.json'),
    'utf8'
  )
) as { sklearn_version: string; cases: Case[] };

/**
 * Largest raw-score difference allowed (log-odds units). Measured: 0 to 9e-15 (sums in another
 * order); a different split anywhere would move scores by far more.
 */
const RAW_TOL = 1e-9;

const NAMES: Record<string, keyof BoostParams> = {
  l2_regularization: 'l2',
  max_depth: 'maxDepth',
  min_samples_leaf: 'minSamplesLeaf',
  class_weight: 'classWeight',
  max_leaf_nodes: 'maxLeaves',
  learning_rate: 'learningRate'
};

function rowsToMatrix(c: Case, from: number, to: number): Matrix {
  const n = to - from;
  const p = c.nFeatures;
  const data = new Float32Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) data[j * n + i] = c.X[(from + i) * p + j] ?? NaN;
  return { data, nRows: n, nCols: p };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe(`boosted trees match scikit-learn ${fixture.sklearn_version} HistGradientBoostingClassifier`, () => {
  for (const c of fixture.cases) {
    it(`${c.name}: same leaves per tree, raw scores within ${RAW_TOL}`, () => {
      const params: BoostParams = { maxIter: c.maxIter };
      for (const [k, v] of Object.entries(c.params)) {
        const name = NAMES[k];
        if (name === undefined) throw new Error(`parity.test: no mapping for scikit-learn's ${k}`);
        (params as Record<string, unknown>)[name] = v;
      }
      const Xtr = rowsToMatrix(c, 0, c.nTrain);
      const Xte = rowsToMatrix(c, c.nTrain, c.y.length);
      const y = Int32Array.from(c.y.slice(0, c.nTrain));
      const { model, nIter } = fitBoosted(Xtr, y, params);
      expect(nIter).toBe(c.nIter);
      const leaves: number[] = [];
      for (let t = 0; t + 1 < model.treeStart.length; t++) {
        let n = 0;
        for (let nd = model.treeStart[t]; nd < model.treeStart[t + 1]; nd++)
          if (model.feature[nd] < 0) n++;
        leaves.push(n);
      }
      expect(leaves).toEqual(c.leaves);
      expect(maxDiff(predictRaw(model, Xtr), c.rawTrain)).toBeLessThan(RAW_TOL);
      expect(maxDiff(predictRaw(model, Xte), c.rawTest)).toBeLessThan(RAW_TOL);
    });
  }
});
