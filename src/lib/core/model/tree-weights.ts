/** Expands a model's per-mission tree-group weights to one weight per tree, for weighted voting. */
import type { ModelFile } from './types.ts';

/**
 * Weight of each tree (length nTrees) when classifying rows of `mission`: the stored weights
 * (per stage, spread over that stage's trees, or per tree), or all 1 when the model has none
 * for this mission.
 */
export function treeWeightsFor(model: ModelFile, mission: string): Float64Array {
  const nTrees = model.forest.treeStart.length - 1;
  const out = new Float64Array(nTrees).fill(1);
  const tw = model.treeWeights;
  const w =
    tw && Object.prototype.hasOwnProperty.call(tw.byMission, mission)
      ? tw.byMission[mission]
      : null;
  if (!tw || !w) return out;
  if (tw.per === 'tree') {
    out.set(w);
    return out;
  }
  model.meta.stages.forEach((stage, s) => {
    out.fill(w[s], stage.treeRange[0], stage.treeRange[1]);
  });
  return out;
}
