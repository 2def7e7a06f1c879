/**
 * Data preparation for training: the task's labelled rows of every input table, one pooled
 * feature matrix, and per mission a grouped (by host star) hold-out that no training step may
 * touch. Everything downstream addresses rows by their index into `PreparedData`.
 */
import { TrainingDataError } from './job-failure.ts';
import type { Matrix } from '../forest/index.ts';
import { deriveSeed } from '../random.ts';
import {
  DEFAULT_FEATURES,
  FULL_SHARED_FEATURES,
  MISSION_EXTRAS,
  MISSIONS,
  featureInfo,
  type Mission,
  DISPOSITION_CLASSES,
  VETTING_CLASSES,
  assertNoLeakage,
  infiniteAsMissing,
  toMatrix,
  type CanonicalTable,
  type LoadReport
} from '../missions/index.ts';
import type { FeatureSetSpec, Task, TrainingPlan } from './plan.ts';
import { applyFill, learnFill, missingMask, type MissingFill } from './hide-missing.ts';
import { groupedHoldout, innerSplit } from './split.ts';

/** One input table (usually one archive download) and what the model card says about it. */
export interface TrainingInput {
  table: CanonicalTable;
  /** Dataset name for the model card; default report.fileName, else `table-<i>`. */
  name?: string;
  /** Download date (ISO); default report.downloadDate. */
  downloadDate?: string | null;
  /** The loader's report (only fileName and downloadDate are read). */
  report?: Pick<LoadReport, 'fileName' | 'downloadDate'>;
}

/** Class names of a task, in forest order (class index i = classes[i]). */
export function taskClasses(task: Task): string[] {
  return task === 'vetting' ? [...VETTING_CLASSES] : [...DISPOSITION_CLASSES];
}

/** Index of the planet class of the vetting task (ranked by P(planet)). */
export const PLANET_CLASS = 0;

/** Stable numeric code per mission (seeds must not depend on stage order). */
export function missionCode(m: Mission): number {
  return MISSIONS.indexOf(m) + 1;
}

/** Label index of row i of a table for a task, or -1 when the row has no label for it. */
export function labelIndex(table: CanonicalTable, i: number, task: Task): number {
  if (task === 'vetting') {
    const v = table.labelVetting[i];
    return v === null ? -1 : VETTING_CLASSES.indexOf(v);
  }
  const d = table.labelDisposition[i];
  return d === null ? -1 : DISPOSITION_CLASSES.indexOf(d);
}

/**
 * Feature names of a plan, in registry order for the named sets:
 * 'canonical' = the 14 canonical + derived features; 'canonical+extras' adds the extras of
 * every mission that has a stage; 'full' also the uncertainties, relative uncertainties and sky
 * features (missions/features.ts FULL_SHARED_FEATURES) before the extras.
 */
export function resolveFeatures(spec: FeatureSetSpec, missions: readonly Mission[]): string[] {
  if (spec === 'canonical') return [...DEFAULT_FEATURES];
  if (spec === 'canonical+extras' || spec === 'full') {
    const out = [...(spec === 'full' ? FULL_SHARED_FEATURES : DEFAULT_FEATURES)];
    for (const m of MISSIONS)
      if (missions.includes(m)) for (const f of MISSION_EXTRAS[m]) out.push(f);
    return out;
  }
  return [...spec];
}

/** Unit of a registry feature ('' when unknown). */
export function featureUnit(name: string): string {
  return featureInfo(name)?.unit ?? '';
}

export interface MissionRows {
  mission: Mission;
  /** Every labelled row of this mission (indices into PreparedData). */
  all: Int32Array;
  /** Rows any training step may use. */
  train: Int32Array;
  /** Grouped hold-out: never used for training, replay, refit, calibration, weights or selection. */
  holdout: Int32Array;
  /** Names of the inputs that contributed rows. */
  datasets: string[];
  /** Earliest known download date of those inputs. */
  snapshotDate: string | null;
}

export interface PreparedData {
  task: Task;
  classes: string[];
  features: string[];
  units: string[];
  /**
   * Every labelled row of the plan's missions, column-major; rows of the plan's
   * `hideMissingness` missions have their missing values filled (hide-missing.ts).
   */
  X: Matrix;
  /** 1 where X was missing before any fill (same layout): the missing-pattern baseline's input. */
  missing: Uint8Array;
  /** Fill of each `hideMissingness` mission, learned on its training rows only. */
  fill: MissingFill;
  y: Int32Array;
  mission: Mission[];
  hostId: string[];
  objectId: string[];
  /** Unique row key `<input index>:<table row index>`. */
  rowKey: string[];
  /** Missions in stage order. */
  missions: Mission[];
  byMission: Record<string, MissionRows>;
  /** Rows of the inputs that were not used (no label for the task, or a mission without a stage). */
  skipped: { unlabelled: number; otherMission: number };
}

/** Seed of mission m's hold-out split: stable across stage orders. */
export function holdoutSeed(seed: number, m: Mission): number {
  return deriveSeed(seed, 10 + missionCode(m));
}

function inputName(input: TrainingInput, i: number): string {
  return input.name ?? input.report?.fileName ?? `table-${i + 1}`;
}

/** Derived from host ids alone: a value here is no measurement of the object. */
const CONTEXT_ONLY = new Set(['host_multiplicity']);

/** True when some measured feature has a finite value in one of `rows` (column-major data). */
function hasMeasuredValue(
  data: Float32Array,
  n: number,
  features: readonly string[],
  rows: readonly number[]
): boolean {
  for (let j = 0; j < features.length; j++) {
    if (CONTEXT_ONLY.has(features[j])) continue;
    for (const i of rows) if (data[j * n + i] === data[j * n + i]) return true;
  }
  return false;
}

/** Builds the pooled labelled data set and the per-mission grouped hold-out. */
export function prepareData(inputs: readonly TrainingInput[], plan: TrainingPlan): PreparedData {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new TrainingDataError(
      'trainStaged: give at least one input table (e.g. the KOI, K2 and TOI downloads)'
    );
  }
  const missions = plan.stages.map((s) => s.mission);
  const features = resolveFeatures(plan.features, missions);
  assertNoLeakage(features);
  const classes = taskClasses(plan.task);

  const mission: Mission[] = [];
  const hostId: string[] = [];
  const objectId: string[] = [];
  const rowKey: string[] = [];
  const y: number[] = [];
  const parts: { input: number; rows: number[] }[] = [];
  const datasets = new Map<Mission, Set<string>>();
  /** Download dates of each mission's inputs (the earliest is its snapshot date). */
  const dates = new Map<Mission, Set<string>>();
  let unlabelled = 0;
  let otherMission = 0;

  inputs.forEach((input, k) => {
    const t = input?.table;
    if (!t || !Array.isArray(t.objectId)) {
      throw new TrainingDataError(
        `trainStaged: inputs[${k}].table is not a CanonicalTable (load it with parseCsvText or parseCsvBlob)`
      );
    }
    const rows: number[] = [];
    const used = new Set<Mission>();
    for (let i = 0; i < t.objectId.length; i++) {
      const m = t.mission[i];
      if (!(missions as string[]).includes(m)) {
        otherMission++;
        continue;
      }
      const c = labelIndex(t, i, plan.task);
      if (c < 0) {
        unlabelled++;
        continue;
      }
      const mm = m as Mission;
      rows.push(i);
      mission.push(mm);
      hostId.push(t.hostId[i]);
      objectId.push(t.objectId[i]);
      rowKey.push(`${k}:${i}`);
      y.push(c);
      used.add(mm);
    }
    // The input's name and download date, once for each mission it gave rows to.
    const date = input.downloadDate ?? input.report?.downloadDate ?? null;
    for (const mm of used) {
      if (!datasets.has(mm)) datasets.set(mm, new Set());
      datasets.get(mm)!.add(inputName(input, k));
      if (date) {
        if (!dates.has(mm)) dates.set(mm, new Set());
        dates.get(mm)!.add(date);
      }
    }
    parts.push({ input: k, rows });
  });

  const n = y.length;
  const p = features.length;
  const data = new Float32Array(n * p);
  let at = 0;
  for (const part of parts) {
    if (part.rows.length === 0) continue;
    const sub = toMatrix(inputs[part.input].table, features, part.rows);
    for (let j = 0; j < p; j++) {
      data.set(sub.data.subarray(j * sub.nRows, (j + 1) * sub.nRows), j * n + at);
    }
    at += sub.nRows;
  }
  infiniteAsMissing(data);

  const byMission: Record<string, MissionRows> = {};
  for (const m of missions) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) if (mission[i] === m) all.push(i);
    if (all.length === 0) {
      throw new TrainingDataError(
        `trainStaged: the plan has a '${m}' stage but no input has ${plan.task}-labelled ${m.toUpperCase()} rows; add the ${m.toUpperCase()} table or remove the stage`
      );
    }
    if (!hasMeasuredValue(data, n, features, all)) {
      throw new TrainingDataError(
        `trainStaged: no feature of the ${all.length} ${m.toUpperCase()} rows (${[...(datasets.get(m) ?? [])].join(', ')}) has a usable value: every measured cell is empty or not a number, so a model would be constant. Check the file's number format (a decimal point, not a comma) and its columns.`
      );
    }
    let split: { train: Int32Array; holdout: Int32Array };
    try {
      split = groupedHoldout(
        all.map((i) => hostId[i]),
        plan.holdout,
        holdoutSeed(plan.seed, m)
      );
    } catch (e) {
      throw new TrainingDataError(
        `trainStaged: cannot hold out ${m.toUpperCase()} rows by host star: ${(e as Error).message}`,
        { cause: e }
      );
    }
    const train = Int32Array.from(split.train, (j) => all[j]).sort();
    const holdout = Int32Array.from(split.holdout, (j) => all[j]).sort();
    const ds = [...(dates.get(m) ?? [])].sort();
    byMission[m] = {
      mission: m,
      all: Int32Array.from(all),
      train,
      holdout,
      datasets: [...(datasets.get(m) ?? [])],
      snapshotDate: ds.length > 0 ? ds[0] : null
    };
  }
  const X: Matrix = { data, nRows: n, nCols: p };
  const missing = missingMask(X);
  const fill: MissingFill = {};
  for (const m of plan.hideMissingness ?? []) {
    const mr = byMission[m];
    if (!mr) continue;
    fill[m] = learnFill(X, mr.train);
    const ids = Array.from(mr.all, (i) => objectId[i]);
    applyFill(X, mr.all, ids, features, fill[m]);
  }
  return {
    task: plan.task,
    classes,
    features,
    units: features.map(featureUnit),
    X,
    missing,
    fill,
    y: Int32Array.from(y),
    mission,
    hostId,
    objectId,
    rowKey,
    missions,
    byMission,
    skipped: { unlabelled, otherMission }
  };
}

/** Rows `rows` of a column-major matrix, optionally only some columns. */
export function gatherRows(X: Matrix, rows: ArrayLike<number>, cols?: ArrayLike<number>): Matrix {
  const n = rows.length;
  const colList = cols ?? Array.from({ length: X.nCols }, (_, j) => j);
  const p = colList.length;
  const data = new Float32Array(n * p);
  for (let jj = 0; jj < p; jj++) {
    const src = colList[jj] * X.nRows;
    const dst = jj * n;
    for (let i = 0; i < n; i++) data[dst + i] = X.data[src + rows[i]];
  }
  return { data, nRows: n, nCols: p };
}

export function gatherLabels(y: Int32Array, rows: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]];
  return out;
}

export function concatRows(lists: readonly ArrayLike<number>[]): Int32Array {
  const n = lists.reduce((s, l) => s + l.length, 0);
  const out = new Int32Array(n);
  let at = 0;
  for (const l of lists) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}

/**
 * Grouped split of some rows by host star (split.ts innerSplit): about `fraction` of the rows,
 * whole hosts at a time, go to `second`. Needs at least two hosts among the rows.
 */
export function splitRowsByHost(
  data: PreparedData,
  rows: Int32Array,
  fraction: number,
  seed: number
): { first: Int32Array; second: Int32Array } {
  const s = innerSplit(rows, data.hostId, fraction, seed);
  return { first: s.train, second: s.test };
}
