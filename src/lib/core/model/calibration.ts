/**
 * Probability calibration stored in a model file: per mission, a monotone map applied to the
 * positive class's probability after the trees have voted (the other class of a two-class model
 * gets 1 - p). A mission without a map keeps the forest's probabilities. The pipeline fits the
 * maps (pipeline/calibrate.ts); this file owns their shape, their validation and applying them,
 * so the CLI, the app and the training report give the same numbers.
 */
import { invalid } from './errors.ts';
import { isForbiddenKey } from './safe-json.ts';
import { exactExp } from '../exact-math.ts';

/**
 * 'platt': p' = 1 / (1 + exp(-(a p + b))) with a > 0 (scikit-learn's sigmoid calibration on the
 * forest's probability). 'isotonic': knots x (strictly increasing, in [0, 1]) and y
 * (non-decreasing, in [0, 1]); linear between knots, constant beyond the first and last
 * (scikit-learn's IsotonicRegression with out_of_bounds='clip'), then tilted by
 * ISOTONIC_TIE_BREAK towards p, so rows the forest ranks apart stay apart (a flat step would tie
 * them and lose ranking); both maps keep the forest's order strictly.
 */
export type CalibrationMap =
  { method: 'platt'; a: number; b: number } | { method: 'isotonic'; x: number[]; y: number[] };

export interface ProbabilityCalibration {
  /** Class whose probability is mapped (two-class models only). */
  positiveClass: string;
  /** Mission id -> map. Missions absent here keep the forest's probabilities. */
  byMission: { [mission: string]: CalibrationMap };
}

/** Share of the raw probability in an isotonic map's output: order within a flat step. */
export const ISOTONIC_TIE_BREAK = 1e-6;

/** Most knots an isotonic map may have (a fit has at most two per block of its rows). */
export const MAX_ISOTONIC_KNOTS = 100_000;

/** The calibrated probability of one raw probability p in [0, 1]. */
export function applyMap(map: CalibrationMap, p: number): number {
  if (map.method === 'platt') {
    const z = map.a * p + map.b;
    return 1 / (1 + exactExp(-z));
  }
  return (1 - ISOTONIC_TIE_BREAK) * isotonicStep(map.x, map.y, p) + ISOTONIC_TIE_BREAK * p;
}

/** The isotonic fit itself: linear between knots, constant beyond the ends. */
function isotonicStep(x: number[], y: number[], p: number): number {
  const n = x.length;
  if (p <= x[0]) return y[0];
  if (p >= x[n - 1]) return y[n - 1];
  // Binary search for the last knot <= p.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= p) lo = mid;
    else hi = mid;
  }
  const t = (p - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}

/**
 * Applies the calibration in place to row-major two-class probabilities, each row by its
 * mission's map (`missions[i]`); rows of a mission without a map are left as they are.
 */
export function applyCalibration(
  cal: ProbabilityCalibration | null | undefined,
  classes: readonly string[],
  proba: Float64Array,
  missions: readonly string[]
): Float64Array {
  if (!cal) return proba;
  const pos = classes.indexOf(cal.positiveClass);
  if (classes.length !== 2 || pos < 0) {
    throw new Error(
      `applyCalibration: a calibration of ${cal.positiveClass} needs a two-class model with that class (classes: ${classes.join(', ')})`
    );
  }
  const other = 1 - pos;
  for (let i = 0; i < missions.length; i++) {
    const m = missions[i];
    if (!Object.prototype.hasOwnProperty.call(cal.byMission, m)) continue;
    const p = applyMap(cal.byMission[m], proba[i * 2 + pos]);
    const q = Math.min(1, Math.max(0, p));
    proba[i * 2 + pos] = q;
    proba[i * 2 + other] = 1 - q;
  }
  return proba;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function probability(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw invalid(`${path} must be a number in [0, 1] (got ${JSON.stringify(v) ?? String(v)}).`);
  }
  return v;
}

function readMap(raw: unknown, path: string): CalibrationMap {
  if (!isObj(raw)) throw invalid(`${path} must be an object.`);
  if (raw.method === 'platt') {
    const { a, b } = raw;
    if (typeof a !== 'number' || !Number.isFinite(a) || a <= 0) {
      throw invalid(
        `${path}.a must be a finite number > 0 (a Platt map must keep the ranking; got ${JSON.stringify(a)}).`
      );
    }
    if (typeof b !== 'number' || !Number.isFinite(b)) {
      throw invalid(`${path}.b must be a finite number (got ${JSON.stringify(b)}).`);
    }
    return { method: 'platt', a, b };
  }
  if (raw.method === 'isotonic') {
    const { x, y } = raw;
    if (!Array.isArray(x) || !Array.isArray(y)) {
      throw invalid(`${path}.x and ${path}.y must be arrays of probabilities.`);
    }
    if (x.length === 0 || x.length !== y.length) {
      throw invalid(
        `${path}.x and ${path}.y must be non-empty and of equal length (got ${x.length} and ${y.length}).`
      );
    }
    if (x.length > MAX_ISOTONIC_KNOTS) {
      throw invalid(`${path} has ${x.length} knots (limit ${MAX_ISOTONIC_KNOTS}).`);
    }
    const xs = x.map((v, i) => probability(v, `${path}.x[${i}]`));
    const ys = y.map((v, i) => probability(v, `${path}.y[${i}]`));
    for (let i = 1; i < xs.length; i++) {
      if (!(xs[i] > xs[i - 1])) {
        throw invalid(`${path}.x must be strictly increasing (x[${i}] = ${xs[i]}).`);
      }
      if (ys[i] < ys[i - 1]) {
        throw invalid(
          `${path}.y must not decrease (y[${i}] = ${ys[i]} < y[${i - 1}] = ${ys[i - 1]}); a calibration must keep the ranking.`
        );
      }
    }
    return { method: 'isotonic', x: xs, y: ys };
  }
  throw invalid(
    `${path}.method must be "platt" or "isotonic" (got ${JSON.stringify(raw.method) ?? 'nothing'}).`
  );
}

/**
 * Validates a calibration (from an untrusted header, or handed to the writer) against the
 * model's classes; returns a fresh copy, or null.
 */
export function validateCalibration(
  raw: unknown,
  classes: readonly string[]
): ProbabilityCalibration | null {
  if (raw === null || raw === undefined) return null;
  if (!isObj(raw)) throw invalid('calibration must be an object or null.');
  const positive = raw.positiveClass;
  if (typeof positive !== 'string' || !classes.includes(positive)) {
    throw invalid(
      `calibration.positiveClass must be one of the classes ${classes.join(', ')} (got ${JSON.stringify(positive)}).`
    );
  }
  if (classes.length !== 2) {
    throw invalid(
      `calibration is only defined for two-class models; this one has ${classes.length} classes.`
    );
  }
  if (!isObj(raw.byMission)) throw invalid('calibration.byMission must be an object.');
  const byMission: ProbabilityCalibration['byMission'] = {};
  for (const m of Object.keys(raw.byMission)) {
    if (isForbiddenKey(m) || m.trim() === '') {
      throw invalid(`calibration has an unusable mission name "${m}".`);
    }
    byMission[m] = readMap(raw.byMission[m], `calibration.byMission.${m}`);
  }
  return { positiveClass: positive, byMission };
}
