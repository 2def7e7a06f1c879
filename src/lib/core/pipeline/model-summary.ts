/**
 * What a training job reports about a model beside its hold-out metrics: each stage's data
 * fingerprint and row counts, feature importances, the training rows' feature ranges, the
 * hold-out probabilities before and after calibration, and the inputs' ranked candidates.
 */
import { mdiImportance } from '../forest/index.ts';
import { infiniteAsMissing, toMatrix } from '../missions/index.ts';
import { littleEndianBytes, Sha256, type FeatureRange } from '../model/index.ts';
import { calibratedCopy, fitStagedCalibration } from './calibration-fit.ts';
import {
  PLANET_CLASS,
  concatRows,
  gatherLabels,
  gatherRows,
  type PreparedData,
  type TrainingInput
} from './data.ts';
import { fillTableRows } from './hide-missing.ts';
import type { TrainingPlan } from './plan.ts';
import { orderByPlanet, rankRows, unresolvedRows, type RankedCandidate } from './ranking.ts';
import type { FeatureRankEntry } from './selection.ts';
import { predictStaged, type StagedForest } from './staged.ts';

/** Per mission: rows and the data behind its stage. */
export interface MissionSummary {
  mission: string;
  datasets: string[];
  snapshotDate: string | null;
  /** SHA-256 over the stage's training matrix and labels. */
  fingerprint: string;
  rows: { labelled: number; train: number; holdout: number; calibration: number };
}

/** Importances by kind ('mdi', 'selection-<method>'), then by feature. */
export type Importances = { [kind: string]: { [feature: string]: number } };

function fingerprint(data: PreparedData, rows: Int32Array): string {
  const h = new Sha256();
  h.update(JSON.stringify(data.features));
  h.update(littleEndianBytes(gatherRows(data.X, rows).data));
  h.update(littleEndianBytes(gatherLabels(data.y, rows)));
  return h.digestHex();
}

function featureRanges(data: PreparedData, rows: Int32Array): (FeatureRange | null)[] {
  const n = data.X.nRows;
  return data.features.map((_, j) => {
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < rows.length; k++) {
      const v = data.X.data[j * n + rows[k]];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return min <= max ? { min, max } : null;
  });
}

/** A model's importances, mission summaries and feature ranges (over the rows it was trained on). */
export function summariseModel(
  data: PreparedData,
  staged: StagedForest,
  rowsOf: Record<string, Int32Array>,
  selection: { method: string; ranking: FeatureRankEntry[] } | null
): { importances: Importances; missions: MissionSummary[]; ranges: (FeatureRange | null)[] } {
  const allTrain = concatRows(data.missions.map((m) => rowsOf[m]));
  const mdi = mdiImportance(staged.forest);
  const importances: Importances = {
    mdi: Object.fromEntries(data.features.map((f, j) => [f, mdi[j]]))
  };
  if (selection) {
    importances[`selection-${selection.method}`] = Object.fromEntries(
      selection.ranking
        .filter((r) => data.features.includes(r.feature))
        .map((r) => [r.feature, r.importance])
    );
  }
  const missions: MissionSummary[] = staged.stages.map((st) => {
    const mr = data.byMission[st.mission];
    return {
      mission: st.mission,
      datasets: mr.datasets,
      snapshotDate: mr.snapshotDate,
      fingerprint: fingerprint(data, rowsOf[st.mission]),
      rows: {
        labelled: mr.all.length,
        train: mr.train.length,
        holdout: mr.holdout.length,
        calibration: st.rows.calibration
      }
    };
  });
  return { importances, missions, ranges: featureRanges(data, allTrain) };
}

/**
 * Hold-out probabilities of the evaluated forest before and after its calibration, which is
 * fitted on its training rows' out-of-bag probabilities (never on the hold-out). Sets the
 * forest's calibration.
 */
export function holdoutScores(
  staged: StagedForest,
  data: PreparedData,
  plan: TrainingPlan,
  trainRows: Record<string, Int32Array>,
  evalRows: Int32Array,
  evalMissions: string[]
) {
  const fit = fitStagedCalibration(staged, data, plan, trainRows);
  staged.calibration = fit.calibration;
  const raw = predictStaged(
    { ...staged, calibration: null },
    gatherRows(data.X, evalRows),
    evalMissions
  );
  return { fit, raw, calibrated: calibratedCopy(fit.calibration, data.classes, raw, evalMissions) };
}

export type HoldoutScores = ReturnType<typeof holdoutScores>;

/** Every unresolved row of the inputs' staged missions, ranked by P(planet) (vetting). */
export function rankInputCandidates(
  inputs: readonly TrainingInput[],
  data: PreparedData,
  staged: StagedForest
): RankedCandidate[] {
  const candidates: RankedCandidate[] = [];
  for (const input of inputs) {
    const rows = unresolvedRows(input.table).filter((i) =>
      (data.missions as string[]).includes(input.table.mission[i])
    );
    if (rows.length === 0) continue;
    const X = toMatrix(input.table, data.features, rows);
    infiniteAsMissing(X.data);
    fillTableRows(X, input.table, rows, data.features, data.fill);
    const proba = predictStaged(
      staged,
      X,
      rows.map((i) => input.table.mission[i]),
      data.classes
    );
    for (const c of rankRows(input.table, rows, proba, data.classes.length, PLANET_CLASS)) {
      candidates.push(c);
    }
  }
  return orderByPlanet(candidates);
}
