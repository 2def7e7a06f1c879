/** Warm start: grow more trees onto an existing forest, as if they had been trained with it. */
import { concatForests } from './concat.ts';
import { fitForest, type FitOptions } from './fit.ts';
import { treeCount } from './forest-info.ts';
import type { ForestArrays, ForestParams, Matrix } from './types.ts';

/**
 * Trains nNew trees with global indices continuing after the forest's last tree and appends
 * them. With the same data and params this equals training all trees at once.
 */
export function appendTrees(
  forest: ForestArrays,
  X: Matrix,
  y: Int32Array,
  params: ForestParams,
  nNew: number,
  opts: Omit<FitOptions, 'treeOffset' | 'nTrees'> = {}
): ForestArrays {
  if (!Number.isInteger(nNew) || nNew < 1) {
    throw new Error(`appendTrees: nNew must be an integer >= 1 (got ${String(nNew)})`);
  }
  if (X.nCols !== forest.nFeatures) {
    throw new Error(
      `appendTrees: X has ${X.nCols} feature columns but the forest has ${forest.nFeatures}`
    );
  }
  const more = fitForest(
    X,
    y,
    { ...params, nClasses: params.nClasses ?? forest.nClasses },
    { ...opts, treeOffset: treeCount(forest), nTrees: nNew }
  );
  return concatForests([forest, more]);
}
