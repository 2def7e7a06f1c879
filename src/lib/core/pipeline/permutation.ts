/**
 * Hold-out permutation importance of a trained model: per mission, the accuracy drop when one
 * feature's column is shuffled among that mission's hold-out rows, the rows predicted as the
 * model file predicts them (its mission's tree weights, then its calibration).
 */
import {
  accuracyMetric,
  meanStd,
  predictProba,
  shuffledDrops,
  type Matrix
} from '../forest/index.ts';
import { infiniteAsMissing, toMatrix } from '../missions/index.ts';
import { applyCalibration, treeWeightsFor } from '../model/index.ts';
import { deriveSeed } from '../random.ts';
import type { TrainingInput } from './data.ts';
import { toModelFile } from './model.ts';
import type { TrainingResult } from './train.ts';

/** Hold-out permutation importance: accuracy drop when a feature is shuffled within a mission. */
export interface PermutationImportance {
  /** Row-weighted mean of the per-mission drops. */
  combined: Record<string, number>;
  byMission: Record<
    string,
    { rows: number; mean: Record<string, number>; std: Record<string, number> }
  >;
  repeats: number;
}

/** Rows of `keys` (`<input>:<row>`, as TrainingResult.holdout.rowKeys) as one matrix, in key order. */
export function rowsMatrix(inputs: TrainingInput[], features: string[], keys: string[]): Matrix {
  const n = keys.length;
  const p = features.length;
  const data = new Float32Array(n * p);
  const byInput = new Map<number, { pos: number[]; rows: number[] }>();
  keys.forEach((key, pos) => {
    const [k, r] = key.split(':').map(Number);
    if (!byInput.has(k)) byInput.set(k, { pos: [], rows: [] });
    byInput.get(k)!.pos.push(pos);
    byInput.get(k)!.rows.push(r);
  });
  for (const [k, { pos, rows }] of byInput) {
    const sub = toMatrix(inputs[k].table, features, rows);
    infiniteAsMissing(sub.data);
    for (let j = 0; j < p; j++) {
      for (let i = 0; i < rows.length; i++) data[j * n + pos[i]] = sub.data[j * rows.length + i];
    }
  }
  return { data, nRows: n, nCols: p };
}

const yieldToMessages = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * The evaluated model's hold-out permutation importance (`repeats` shuffles per feature). Yields
 * between features so a new request can interrupt it (`alive` turns false): returns null then.
 */
export async function holdoutPermutation(
  inputs: TrainingInput[],
  result: TrainingResult,
  repeats: number,
  alive: () => boolean,
  onFeature?: (done: number, total: number) => void
): Promise<PermutationImportance | null> {
  const model = toModelFile(result, {
    name: 'permutation',
    createdAt: '1970-01-01T00:00:00.000Z',
    evaluated: true
  });
  const features = result.features.map((f) => f.name);
  const { holdout } = result;
  const K = model.forest.nClasses;
  const combined: Record<string, number> = Object.fromEntries(features.map((f) => [f, 0]));
  const byMission: PermutationImportance['byMission'] = {};
  const missions = result.report.missions;
  let total = 0;
  let step = 0;
  for (const [k, m] of missions.entries()) {
    const idx: number[] = [];
    holdout.missions.forEach((mm, i) => mm === m && idx.push(i));
    if (idx.length === 0) continue;
    const X = rowsMatrix(
      inputs,
      features,
      idx.map((i) => holdout.rowKeys[i])
    );
    const y = Int32Array.from(idx, (i) => holdout.labels[i]);
    const opts = { treeWeights: treeWeightsFor(model, m) };
    const rowMissions = idx.map(() => m);
    const scored = (M: Matrix) =>
      applyCalibration(
        model.calibration,
        model.meta.classes,
        predictProba(model.forest, M, opts),
        rowMissions
      );
    const base = accuracyMetric(y, scored(X), K);
    const drop = (M: Matrix) => base - accuracyMetric(y, scored(M), K);
    const work: Matrix = { data: X.data.slice(), nRows: X.nRows, nCols: X.nCols };
    const drops = new Float64Array(repeats);
    const mean: Record<string, number> = {};
    const std: Record<string, number> = {};
    const seed = deriveSeed(result.plan.seed, 700 + k);
    for (const [j, f] of features.entries()) {
      shuffledDrops(X, work, j, seed, drop, drops);
      ({ mean: mean[f], std: std[f] } = meanStd(drops));
      combined[f] += mean[f] * X.nRows;
      onFeature?.(++step, missions.length * features.length);
      await yieldToMessages();
      if (!alive()) return null;
    }
    byMission[m] = { rows: X.nRows, mean, std };
    total += X.nRows;
  }
  if (total === 0) return null;
  for (const f of features) combined[f] /= total;
  return { combined, byMission, repeats };
}
