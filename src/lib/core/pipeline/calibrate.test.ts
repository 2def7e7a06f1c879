/**
 * Fitting calibration maps: Platt and isotonic give scikit-learn's numbers
 * (tests/fixtures/sklearn-calibration.json, from bench/sklearn_calibration.py), the grouped
 * cross-validation picks the map with the lower held-out Brier score, and the staged forest's
 * out-of-bag probabilities are exactly the forest engine's OOB probabilities.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { oobScore } from '../forest/oob.ts';
import { ISOTONIC_TIE_BREAK, applyMap } from '../model/calibration.ts';
import {
  brier,
  chooseCalibration,
  expectedCalibrationError,
  fitIsotonic,
  fitPlatt
} from './calibrate.ts';
import { gatherLabels, gatherRows, prepareData } from './data.ts';
import { maskedCopyPositions } from './masked-copies.ts';
import { stagedOobProba } from './oob-staged.ts';
import { defaultPlan } from './plan.ts';
import { syntheticInputs } from './synthetic.ts';
import { trainStaged } from './train.ts';

interface SklearnCase {
  name: string;
  p: number[];
  y: number[];
  platt: { a: number; b: number };
  grid: number[];
  plattOnGrid: number[];
  isotonicOnGrid: number[];
}
const fixture = JSON.parse(
  readFileSync(
    new URL('../../../../tests/fixtures/sklearn-calibration.json', import.meta.url),
    'utf8'
  )
) as { cases: SklearnCase[] };

describe('calibration maps against scikit-learn', () => {
  for (const c of fixture.cases) {
    it(`Platt scaling: ${c.name} (${c.p.length} rows)`, () => {
      const map = fitPlatt(c.p, c.y)!;
      expect(map.method).toBe('platt');
      c.grid.forEach((g, i) =>
        expect(Math.abs(applyMap(map, g) - c.plattOnGrid[i])).toBeLessThan(1e-4)
      );
    });
    it(`isotonic regression: ${c.name}`, () => {
      const map = fitIsotonic(c.p, c.y)!;
      c.grid.forEach((g, i) => {
        const expected = (1 - ISOTONIC_TIE_BREAK) * c.isotonicOnGrid[i] + ISOTONIC_TIE_BREAK * g;
        expect(Math.abs(applyMap(map, g) - expected)).toBeLessThan(1e-12);
      });
    });
  }

  it('isotonic never claims certainty, and keeps the order of distinct probabilities', () => {
    const p = [0.1, 0.2, 0.3, 0.8, 0.9, 0.95];
    const y = [0, 0, 0, 1, 1, 1];
    const map = fitIsotonic(p, y)!;
    const out = [0, ...p, 1].map((v) => applyMap(map, v));
    expect(out.reduce((a, b) => Math.max(a, b), -Infinity)).toBeLessThan(1);
    expect(out.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThan(0);
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThan(out[i - 1]);
    expect(applyMap(map, 0.95)).toBeCloseTo(4 / 5, 5); // (3 planets + 1) / (3 + 2)
  });

  it('Platt needs both classes', () => {
    expect(fitPlatt([0.2, 0.4], [1, 1])).toBeNull();
    expect(fitPlatt([0.2, 0.4], [0, 0])).toBeNull();
  });
});

describe('choosing the map by grouped cross-validation', () => {
  // Over-confident scores: the truth is a flatter sigmoid of the score.
  const n = 2000;
  const p: number[] = [];
  const y: number[] = [];
  const hosts: string[] = [];
  let s = 12345;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < n; i++) {
    const score = rand();
    p.push(score);
    y.push(rand() < 0.2 + 0.6 * score ? 1 : 0);
    hosts.push(`h${Math.floor(i / 2)}`);
  }

  it('fits a map that beats the raw scores out of fold, and says what it measured', () => {
    const choice = chooseCalibration(p, y, hosts, 7)!;
    expect(choice.rows).toBe(n);
    expect(choice.cvBrier.platt).not.toBeNull();
    expect(choice.cvBrier.isotonic).not.toBeNull();
    const best = Math.min(choice.cvBrier.platt!, choice.cvBrier.isotonic!);
    expect(choice.cvBrier[choice.method]).toBe(best);
    expect(best).toBeLessThan(choice.cvBrier.raw);
    const calibrated = p.map((v) => applyMap(choice.map, v));
    expect(expectedCalibrationError(calibrated, y)).toBeLessThan(
      expectedCalibrationError(p, y) / 2
    );
    expect(brier(calibrated, y)).toBeLessThan(brier(p, y));
    // Deterministic for a seed.
    expect(chooseCalibration(p, y, hosts, 7)).toEqual(choice);
  });

  it('gives up (null) with fewer host stars than folds', () => {
    expect(chooseCalibration([0.1, 0.9, 0.2], [0, 1, 0], ['a', 'b', 'a'], 1)).toBeNull();
  });

  it('ECE: the row-weighted gap between mean probability and observed share per bin', () => {
    // Bin 0.1-0.2: mean 0.15, observed 0 (2 rows); bin 0.9-1.0: mean 0.95, observed 0.5 (2 rows).
    expect(expectedCalibrationError([0.1, 0.2 - 1e-9, 0.9, 1], [0, 0, 1, 0])).toBeCloseTo(
      (2 / 4) * 0.15 + (2 / 4) * 0.45,
      6
    );
  });
});

describe('out-of-bag probabilities of a staged forest', () => {
  it('equal the forest engine OOB of a one-stage forest (bootstraps replayed from the seed)', async () => {
    const plan = defaultPlan('vetting', 'fast');
    plan.stages = plan.stages.slice(0, 1).map((s) => ({ ...s, trees: 15, groupWeights: false }));
    plan.refitOnAllRows = false;
    // The engine's own OOB knows no masked copies; their replay is tested below.
    plan.maskedCopies = null;
    const inputs = syntheticInputs({ koi: 300 });
    const result = await trainStaged(inputs, plan, { bootstrapReps: 0, baselines: false });
    const data = prepareData(inputs, plan);
    const rows = data.byMission.koi.train;
    const ours = stagedOobProba(result.evaluated, data, plan, rows);
    const engine = oobScore(
      result.evaluated.forest,
      gatherRows(data.X, rows),
      gatherLabels(data.y, rows),
      { seed: result.evaluated.stages[0].params.seed }
    );
    expect(ours.scored.every((v, i) => v === (Number.isNaN(engine.proba[i * 2]) ? 0 : 1))).toBe(
      true
    );
    ours.proba.forEach((v, i) => {
      if (Number.isNaN(engine.proba[i])) expect(v).toBeNaN();
      else expect(v).toBeCloseTo(engine.proba[i], 12);
    });
    // Hold-out rows were never in any bootstrap: every tree votes for them.
    const holdout = stagedOobProba(result.evaluated, data, plan, data.byMission.koi.holdout);
    expect(holdout.scored.every((v) => v === 1)).toBe(true);
  });
});

describe('out-of-bag probabilities with masked copies', () => {
  it('count a tree as having seen a row when the row or its masked copy was in its bootstrap', async () => {
    const plan = defaultPlan('vetting', 'fast');
    plan.stages = plan.stages.slice(0, 1).map((s) => ({ ...s, trees: 15, groupWeights: false }));
    plan.refitOnAllRows = false;
    plan.maskedCopies = { share: 1 };
    const inputs = syntheticInputs({ koi: 400 });
    const result = await trainStaged(inputs, plan, { bootstrapReps: 0, baselines: false });
    const data = prepareData(inputs, plan);
    const rows = data.byMission.koi.train;
    expect(maskedCopyPositions(data, plan, rows, 'stage koi').length).toBe(rows.length);
    const ours = stagedOobProba(result.evaluated, data, plan, rows);
    // A tree leaves a row out when it draws neither the row nor its copy from 2n rows:
    // (1 - 1/2n)^2n ~ e^-2 per tree, so no tree of 15 leaves out ~ (1 - e^-2)^15 ~ 11% of rows.
    // Replaying the bootstraps over n rows only would leave ~0.1% unscored.
    const unscored = ours.scored.reduce((s, v) => s + (v ? 0 : 1), 0) / rows.length;
    expect(unscored).toBeGreaterThan(0.05);
    expect(unscored).toBeLessThan(0.2);
  });
});
