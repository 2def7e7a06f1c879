/**
 * Out-of-bag probabilities of a staged forest: each row is predicted by the trees that never
 * saw it (not in the tree's bootstrap sample, or not among its stage's rows at all), with its
 * mission's tree weights, normalised over those trees. Bootstrap samples are not stored; they
 * are replayed from each stage's seed exactly as the forest engine drew them (forest/oob.ts).
 * These are the rows "no tree was grown on" that probability calibration is fitted on.
 */
import { bootstrapCounts, leafOf } from '../forest/index.ts';
import { createRng, deriveSeed } from '../random.ts';
import { concatRows, gatherRows, type PreparedData } from './data.ts';
import { maskedCopyPositions } from './masked-copies.ts';
import type { TrainingPlan } from './plan.ts';
import { storedTreeWeights, treeWeightsForMission, type StagedForest } from './staged.ts';

export interface OobPrediction {
  /** Row-major probabilities aligned with `rows`; NaN where no tree left the row out. */
  proba: Float64Array;
  /** 1 where the row got an out-of-bag prediction. */
  scored: Uint8Array;
}

/**
 * OOB probabilities of `rows` (indices into data) under `staged`, whose stages were grown on
 * `staged.grownOn` (per mission, as growStages received them) with `plan`'s replay and refit
 * settings. A tree whose leaves were re-estimated on a row (leaf refit) counts as having seen it.
 */
export function stagedOobProba(
  staged: StagedForest,
  data: PreparedData,
  plan: TrainingPlan,
  rows: Int32Array
): OobPrediction {
  const grownOn = staged.grownOn;
  if (!grownOn) {
    throw new Error('stagedOobProba: the staged forest does not record the rows it was grown on');
  }
  const { forest, stages } = staged;
  const K = forest.nClasses;
  const nTrees = forest.treeStart.length - 1;
  const n = rows.length;
  const X = gatherRows(data.X, rows);
  const byMission = storedTreeWeights(staged);
  const weightsOf = new Map<string, Float64Array>();
  const rowWeights: Float64Array[] = [];
  for (let q = 0; q < n; q++) {
    const m = data.mission[rows[q]];
    if (!weightsOf.has(m)) weightsOf.set(m, treeWeightsForMission(nTrees, stages, byMission, m));
    rowWeights.push(weightsOf.get(m)!);
  }
  // Position of each data row among `rows` (-1 = not asked for).
  const pos = new Int32Array(data.y.length).fill(-1);
  rows.forEach((r, q) => (pos[r] = q));
  const sum = new Float64Array(n * K);
  const wsum = new Float64Array(n);
  // seen[q] === stamp: row q was in the current tree's bootstrap (or refit) rows.
  const seen = new Int32Array(n);
  let stamp = 0;
  // refitSeen[s]: positions whose rows re-estimated the leaves of trees before stage s.
  const refittedBy: { upTo: number; positions: number[] }[] = [];
  plan.stages.forEach((st, s) => {
    if (s > 0 && st.refit) {
      const own = grownOn[st.mission] ?? new Int32Array(0);
      const positions: number[] = [];
      for (const r of own) if (pos[r] >= 0) positions.push(pos[r]);
      refittedBy.push({ upTo: stages[s].treeRange[0], positions });
    }
  });
  for (let s = 0; s < stages.length; s++) {
    const sr = stages[s];
    const st = plan.stages[sr.index];
    const own = grownOn[st.mission] ?? new Int32Array(0);
    const earlier = plan.stages.slice(0, sr.index).map((e) => grownOn[e.mission]);
    const stageRows = st.replay ? concatRows([own, ...earlier]) : own;
    // The forest drew its bootstraps over the rows and their masked copies (staged.ts).
    const copies = maskedCopyPositions(data, plan, stageRows, `stage ${st.mission}`);
    const nFit = stageRows.length + copies.length;
    const counts = new Int32Array(nFit);
    const [start, end] = sr.treeRange;
    for (let t = 0; t < end - start; t++) {
      const tree = start + t;
      stamp++;
      bootstrapCounts(createRng(deriveSeed(sr.params.seed, t)), nFit, counts);
      for (let k = 0; k < nFit; k++) {
        if (counts[k] === 0) continue;
        const row = k < stageRows.length ? k : copies[k - stageRows.length];
        const q = pos[stageRows[row]];
        if (q >= 0) seen[q] = stamp;
      }
      for (const rf of refittedBy) {
        if (tree < rf.upTo) for (const q of rf.positions) seen[q] = stamp;
      }
      const root = forest.treeStart[tree];
      for (let q = 0; q < n; q++) {
        if (seen[q] === stamp) continue;
        const w = rowWeights[q][tree];
        if (w === 0) continue;
        const leaf = leafOf(forest, X.data, n, q, root);
        for (let c = 0; c < K; c++) sum[q * K + c] += w * forest.value[leaf * K + c];
        wsum[q] += w;
      }
    }
  }
  const scored = new Uint8Array(n);
  for (let q = 0; q < n; q++) {
    if (wsum[q] > 0) {
      scored[q] = 1;
      for (let c = 0; c < K; c++) sum[q * K + c] = Math.min(1, sum[q * K + c] / wsum[q]);
    } else {
      for (let c = 0; c < K; c++) sum[q * K + c] = NaN;
    }
  }
  return { proba: sum, scored };
}
