/**
 * Feature selection by importance, on training rows only: each mission's training rows are
 * split by host star into inner-train (80%) and inner-validation (20%); a pooled ranking forest
 * grows on inner-train; features are ranked by its impurity decrease (MDI) or by permutation
 * importance (accuracy drop) on inner-validation; the top k, or the smallest top set reaching a
 * cumulative share of the total importance, is kept.
 */
import { mdiImportance, permutationImportance } from '../forest/index.ts';
import { deriveSeed } from '../random.ts';
import {
  concatRows,
  gatherLabels,
  gatherRows,
  missionCode,
  splitRowsByHost,
  type PreparedData
} from './data.ts';
import { totalTrees, type FeatureSelectionPlan, type TrainingPlan } from './plan.ts';
import type { JobContext } from './job-context.ts';
import { resolveClassWeights, stageForestParams } from './staged.ts';

export interface FeatureRankEntry {
  feature: string;
  importance: number;
}

/** Trees of the ranking forest (the plan's total, at most 300). */
export function rankingTreeCount(plan: TrainingPlan): number {
  return Math.min(300, totalTrees(plan));
}

export const INNER_VALIDATION_SHARE = 0.2;

/** Ranks the data's features on an inner split of the training rows (most important first). */
export async function rankFeatures(
  ctx: JobContext,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>,
  method: FeatureSelectionPlan['method']
): Promise<{ ranking: FeatureRankEntry[]; innerTrain: number; innerValidation: number }> {
  const K = data.classes.length;
  const fit: Int32Array[] = [];
  const val: Int32Array[] = [];
  for (const st of plan.stages) {
    const s = splitRowsByHost(
      data,
      trainRows[st.mission],
      INNER_VALIDATION_SHARE,
      deriveSeed(plan.seed, 400 + missionCode(st.mission))
    );
    fit.push(s.first);
    val.push(s.second);
  }
  const fitRows = concatRows(fit);
  const valRows = concatRows(val);
  const y = gatherLabels(data.y, fitRows);
  const first = plan.stages[0];
  const params = stageForestParams(
    { ...first, trees: rankingTreeCount(plan) },
    data.X.nCols,
    K,
    deriveSeed(plan.seed, 500),
    resolveClassWeights(first.classWeight, y, undefined, K)
  );
  const label = 'feature selection: ranking forest';
  ctx.audit('feature-selection', label, () =>
    Array.from(concatRows([fitRows, valRows]), (i) => data.rowKey[i])
  );
  const forest = await ctx.train(
    { X: gatherRows(data.X, fitRows), y, params, label },
    'select-features',
    null
  );
  ctx.emit(
    'select-features',
    null,
    `ranking ${data.features.length} features by ${method} importance`
  );
  let scores: Float64Array;
  if (method === 'impurity') {
    scores = mdiImportance(forest);
  } else {
    scores = permutationImportance(
      forest,
      gatherRows(data.X, valRows),
      gatherLabels(data.y, valRows),
      {
        seed: deriveSeed(plan.seed, 501),
        repeats: 3,
        metric: 'accuracy'
      }
    ).mean;
  }
  const ranking = data.features
    .map((feature, j) => ({ feature, importance: scores[j], j }))
    .sort((a, b) => b.importance - a.importance || a.j - b.j)
    .map(({ feature, importance }) => ({ feature, importance }));
  return { ranking, innerTrain: fitRows.length, innerValidation: valRows.length };
}

/**
 * Features to keep from a ranking: the first keepTop, or the fewest leading features whose
 * (negative-clipped) importances reach cumulativeShare of the total. Always at least one.
 */
export function selectFeatures(ranking: FeatureRankEntry[], fs: FeatureSelectionPlan): string[] {
  if (ranking.length === 0) return [];
  if (fs.keepTop !== undefined) {
    return ranking
      .slice(0, Math.max(1, Math.min(fs.keepTop, ranking.length)))
      .map((r) => r.feature);
  }
  const share = fs.cumulativeShare ?? 1;
  const pos = ranking.map((r) => Math.max(0, r.importance));
  const total = pos.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return ranking.map((r) => r.feature);
  const out: string[] = [];
  let acc = 0;
  for (let k = 0; k < ranking.length; k++) {
    out.push(ranking[k].feature);
    acc += pos[k];
    if (acc / total >= share - 1e-12) break;
  }
  return out;
}

/** The same rows and splits with only some feature columns (in the data's column order). */
export function selectColumns(data: PreparedData, keep: readonly string[]): PreparedData {
  const cols = data.features.map((f, j) => (keep.includes(f) ? j : -1)).filter((j) => j >= 0);
  const all = Int32Array.from({ length: data.X.nRows }, (_, i) => i);
  const n = data.X.nRows;
  const missing = new Uint8Array(n * cols.length);
  cols.forEach((j, k) => missing.set(data.missing.subarray(j * n, (j + 1) * n), k * n));
  return {
    ...data,
    features: cols.map((j) => data.features[j]),
    units: cols.map((j) => data.units[j]),
    X: gatherRows(data.X, all, cols),
    missing,
    fill: Object.fromEntries(Object.entries(data.fill).map(([m, f]) => [m, cols.map((j) => f[j])]))
  };
}
