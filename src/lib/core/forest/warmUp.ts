/**
 * JIT warm-up for a fresh thread. V8 runs new code in its interpreter and baseline tiers until
 * it has seen enough calls and types to optimise it; in a fresh Chromium worker the first forest
 * of a training job took over twice its warm time (100 trees on 4,854 rows: 627 vs 266 ms) and
 * a whole default job about 1 s more. Growing a few small forests through the same code paths
 * (two and three classes, missing values, fractional sample weights, large and small nodes)
 * and predicting with them lets the optimising compiler finish before real work arrives.
 * Nothing is kept; results are identical with or without it.
 */
import { fitForest } from './fit';
import { predictProba } from './predict';
import { makeClassification } from './synthetic';

/** Runs the warm-up (about 0.3-0.5 s of one core) and returns its wall time in ms. */
export function warmUpEngine(rows = 2000, trees = 10): number {
  const t0 = performance.now();
  for (const nClasses of [2, 3]) {
    const { X, y } = makeClassification({
      nRows: rows,
      nFeatures: 24,
      nInformative: 6,
      nRedundant: 4,
      nClasses,
      missingRate: 0.05,
      seed: nClasses
    });
    const sampleWeight = new Float64Array(rows);
    for (let i = 0; i < rows; i++) sampleWeight[i] = i % 3 === 0 ? 0.3 : 1;
    const weighted = fitForest(
      X,
      y,
      { nTrees: trees, seed: 1, classWeight: 'balanced' },
      { sampleWeight }
    );
    const plain = fitForest(X, y, { nTrees: trees, seed: 2 });
    predictProba(weighted, X);
    predictProba(plain, X);
  }
  return performance.now() - t0;
}
