/** Small shared checks and accessors for ForestArrays. */
import type { ForestArrays, Matrix } from './types.ts';
import { validateMatrix } from './params.ts';

/** Number of trees in a forest. */
export function treeCount(forest: ForestArrays): number {
  return forest.treeStart.length - 1;
}

/** Cheap shape checks before reading a forest (the model reader does the deep validation). */
export function checkForest(forest: ForestArrays, where: string): void {
  if (!forest || !(forest.treeStart instanceof Int32Array) || forest.treeStart.length < 1) {
    throw new Error(`${where}: forest must be a ForestArrays with a treeStart Int32Array`);
  }
  const n = forest.feature.length;
  if (forest.treeStart[forest.treeStart.length - 1] !== n) {
    throw new Error(
      `${where}: forest.treeStart ends at ${forest.treeStart[forest.treeStart.length - 1]} but the forest has ${n} nodes`
    );
  }
  if (forest.value.length !== n * forest.nClasses) {
    throw new Error(
      `${where}: forest.value has ${forest.value.length} entries, expected nodes x nClasses = ${n * forest.nClasses}`
    );
  }
}

/** Checks that X has the forest's feature columns. */
export function checkInput(forest: ForestArrays, X: Matrix, where: string): void {
  validateMatrix(X, where);
  if (X.nCols !== forest.nFeatures) {
    throw new Error(
      `${where}: X has ${X.nCols} feature columns but the forest was trained on ${forest.nFeatures}`
    );
  }
}

/** Validates optional per-tree weights (one finite weight >= 0 per tree, positive sum) and returns their sum. */
export function checkTreeWeights(
  w: Float64Array | undefined,
  nTrees: number,
  where: string
): number {
  if (w === undefined) return nTrees;
  if (!(w instanceof Float64Array) || w.length !== nTrees) {
    throw new Error(
      `${where}: opts.treeWeights must be a Float64Array with one weight per tree (${nTrees})`
    );
  }
  let sum = 0;
  for (let t = 0; t < nTrees; t++) {
    if (!(w[t] >= 0) || !Number.isFinite(w[t])) {
      throw new Error(`${where}: opts.treeWeights[${t}] = ${w[t]} must be a finite number >= 0`);
    }
    sum += w[t];
  }
  if (!(sum > 0))
    throw new Error(
      `${where}: opts.treeWeights sum to 0; give at least one tree a positive weight`
    );
  return sum;
}
