/**
 * Probability calibration of a staged forest (vetting): per mission, a Platt or isotonic map of
 * P(planet) fitted on the out-of-bag probabilities of that mission's rows (rows no tree that
 * votes for them was grown on), the method chosen by grouped 5-fold cross-validation on the same
 * rows. And the hold-out report of what the calibration changed: ECE, Brier score, ROC AUC and
 * the reliability curve before and after, per mission and combined.
 */
import { applyCalibration, type ProbabilityCalibration } from '../model/index.ts';
import { deriveSeed } from '../random.ts';
import {
  brier,
  chooseCalibration,
  expectedCalibrationError,
  type CalibrationChoice
} from './calibrate.ts';
import { PLANET_CLASS, missionCode, type PreparedData } from './data.ts';
import { calibrationCurve, type CalibrationBin } from './metrics-probability.ts';
import { rocAuc } from './metrics-ranking.ts';
import { stagedOobProba } from './oob-staged.ts';
import type { TrainingPlan } from './plan.ts';
import type { StagedForest } from './staged.ts';

/** How one mission's map was chosen and fitted. */
export interface MissionCalibrationFit {
  method: CalibrationChoice['method'];
  /** Out-of-bag rows the map was fitted on. */
  rows: number;
  folds: number;
  cvBrier: CalibrationChoice['cvBrier'];
}

export interface StagedCalibration {
  calibration: ProbabilityCalibration | null;
  /** Per mission; a mission absent here keeps the forest's probabilities (and says why). */
  fits: { [mission: string]: MissionCalibrationFit };
  skipped: { [mission: string]: string };
}

/** Folds of the grouped cross-validation that picks Platt or isotonic. */
export const CALIBRATION_FOLDS = 5;

/**
 * Fits the per-mission calibration of `staged` on the OOB probabilities of `rows` (per mission,
 * indices into data: the rows its final pass may have grown on). Vetting only: a disposition
 * model is returned without calibration.
 */
export function fitStagedCalibration(
  staged: StagedForest,
  data: PreparedData,
  plan: TrainingPlan,
  rows: Record<string, Int32Array>
): StagedCalibration {
  const out: StagedCalibration = { calibration: null, fits: {}, skipped: {} };
  if (data.task !== 'vetting') {
    for (const m of data.missions) out.skipped[m] = 'only vetting models are calibrated';
    return out;
  }
  const byMission: ProbabilityCalibration['byMission'] = {};
  const K = data.classes.length;
  for (const m of data.missions) {
    const mr = rows[m] ?? new Int32Array(0);
    const oob = stagedOobProba(staged, data, plan, mr);
    const p: number[] = [];
    const y: number[] = [];
    const groups: string[] = [];
    mr.forEach((r, q) => {
      if (!oob.scored[q]) return;
      p.push(oob.proba[q * K + PLANET_CLASS]);
      y.push(data.y[r] === PLANET_CLASS ? 1 : 0);
      groups.push(data.hostId[r]);
    });
    const choice = chooseCalibration(
      p,
      y,
      groups,
      deriveSeed(plan.seed, 30 + missionCode(m)),
      CALIBRATION_FOLDS
    );
    if (!choice) {
      out.skipped[m] =
        `too few out-of-bag rows of both classes (${p.length} rows, ${y.filter((v) => v === 1).length} planets) or host stars to fit and choose a map`;
      continue;
    }
    byMission[m] = choice.map;
    out.fits[m] = {
      method: choice.method,
      rows: choice.rows,
      folds: choice.folds,
      cvBrier: choice.cvBrier
    };
  }
  if (Object.keys(byMission).length > 0) {
    out.calibration = { positiveClass: data.classes[PLANET_CLASS], byMission };
  }
  return out;
}

/** Calibration numbers of one set of probabilities. */
export interface CalibrationNumbers {
  /** Expected calibration error, 10 equal-width bins of P(planet). */
  ece: number | null;
  brier: number | null;
  rocAuc: number | null;
  curve: CalibrationBin[];
}

export interface CalibrationComparison {
  rows: number;
  before: CalibrationNumbers;
  after: CalibrationNumbers;
}

/** What the calibration changed on the hold-out: per mission (with its fit) and combined. */
export interface CalibrationReport {
  positiveClass: string;
  byMission: {
    [mission: string]: CalibrationComparison & { fit: MissionCalibrationFit | null };
  };
  combined: CalibrationComparison;
  skipped: { [mission: string]: string };
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** ECE, Brier, ROC AUC and reliability curve of P(planet) (two-class, row-major) against labels. */
export function calibrationNumbers(yTrue: Int32Array, proba: Float64Array): CalibrationNumbers {
  const n = yTrue.length;
  const p = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = proba[i * 2 + PLANET_CLASS];
    y[i] = yTrue[i] === PLANET_CLASS ? 1 : 0;
  }
  if (n === 0) return { ece: null, brier: null, rocAuc: null, curve: [] };
  return {
    ece: orNull(expectedCalibrationError(p, y)),
    brier: orNull(brier(p, y)),
    rocAuc: orNull(rocAuc(yTrue, proba, 2, PLANET_CLASS)),
    curve: calibrationCurve(yTrue, proba, 2, PLANET_CLASS, 10)
  };
}

/**
 * Compares raw and calibrated probabilities of the same hold-out rows (row-major, aligned with
 * `labels` and `missions`).
 */
export function calibrationReport(
  fitted: StagedCalibration,
  labels: Int32Array,
  missions: readonly string[],
  raw: Float64Array,
  calibrated: Float64Array,
  missionOrder: readonly string[],
  positiveClass: string
): CalibrationReport {
  const pick = (keep: (i: number) => boolean) => {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (keep(i)) idx.push(i);
    const y = Int32Array.from(idx, (i) => labels[i]);
    const sub = (p: Float64Array) => {
      const out = new Float64Array(idx.length * 2);
      idx.forEach((i, k) => {
        out[k * 2] = p[i * 2];
        out[k * 2 + 1] = p[i * 2 + 1];
      });
      return out;
    };
    return {
      rows: idx.length,
      before: calibrationNumbers(y, sub(raw)),
      after: calibrationNumbers(y, sub(calibrated))
    };
  };
  const byMission: CalibrationReport['byMission'] = {};
  for (const m of missionOrder) {
    byMission[m] = { ...pick((i) => missions[i] === m), fit: fitted.fits[m] ?? null };
  }
  return {
    positiveClass,
    byMission,
    combined: pick(() => true),
    skipped: { ...fitted.skipped }
  };
}

/** Raw staged probabilities -> calibrated copy (the model file's numbers). */
export function calibratedCopy(
  cal: ProbabilityCalibration | null,
  classes: readonly string[],
  raw: Float64Array,
  missions: readonly string[]
): Float64Array {
  return applyCalibration(cal, classes, raw.slice(), missions);
}
