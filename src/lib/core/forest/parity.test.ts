import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitForest } from './fit.ts';
import { predict } from './predict.ts';
import {
  makeClassification,
  sliceRows,
  SYNTHETIC_PRESETS,
  type SyntheticPreset
} from './synthetic.ts';
import { accuracy } from './test-utils.ts';
import type { ForestParams } from './types.ts';

interface ParityCase {
  preset: SyntheticPreset;
  trainRows: number;
  seeds: number[];
  accuracy: number[];
  meanAccuracy: number;
  note?: string;
}

const fixture = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../../../../tests/fixtures/sklearn-parity.json'),
    'utf8'
  )
) as { params: ForestParams; cases: ParityCase[] };

/** Seeds used on both sides (the fixture holds more; five keep the test quick). */
const SEEDS = 5;

/** scikit-learn's mean accuracy over the first SEEDS seeds of the fixture. */
function sklearnMean(c: ParityCase): number {
  return c.accuracy.slice(0, SEEDS).reduce((a, b) => a + b, 0) / SEEDS;
}

function engineMeanAccuracy(c: ParityCase): number {
  const preset = SYNTHETIC_PRESETS[c.preset];
  expect(preset.trainRows).toBe(c.trainRows);
  const d = makeClassification(preset.options);
  const tr = sliceRows(d, 0, c.trainRows);
  const te = sliceRows(d, c.trainRows, d.X.nRows);
  let sum = 0;
  for (const seed of c.seeds.slice(0, SEEDS)) {
    const f = fitForest(tr.X, tr.y, { ...fixture.params, seed });
    sum += accuracy(predict(f, te.X), te.y);
  }
  return sum / SEEDS;
}

describe('accuracy parity with scikit-learn (tests/fixtures/sklearn-parity.json)', () => {
  const clean = fixture.cases.find((c) => c.preset === 'parity') as ParityCase;
  const missing = fixture.cases.find((c) => c.preset === 'parityMissing') as ParityCase;

  it('is within 1 percentage point of scikit-learn, averaged over seeds, without missing values', () => {
    const mean = engineMeanAccuracy(clean);
    expect(Math.abs(mean - sklearnMean(clean))).toBeLessThanOrEqual(0.01);
  });

  it('is no worse than 1 point below scikit-learn (NaN as a sentinel) with 10% missing values', () => {
    const mean = engineMeanAccuracy(missing);
    expect(mean).toBeGreaterThanOrEqual(sklearnMean(missing) - 0.01);
  });
});
