/**
 * Checks model metadata (parsed from an untrusted header, or handed to the writer) field by
 * field against the forest it describes, and returns a fresh copy with a fixed key order.
 * Every message names the field path, e.g. "meta.stages[1].treeRange".
 */
import { invalid } from './errors.ts';
import { assertJson, isForbiddenKey } from './safe-json.ts';
import type {
  FeatureInfo,
  FeatureRange,
  JsonValue,
  ModelMeta,
  StageInfo,
  StageRowCounts,
  Task,
  TreeWeights
} from './types.ts';

/** The forest sizes the metadata must agree with. */
export interface ForestDims {
  nFeatures: number;
  nClasses: number;
  nTrees: number;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(o: Obj, key: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(o, key) || o[key] === undefined) {
    throw invalid(`${path}.${key} is missing.`);
  }
  return o[key];
}

export function expectObject(v: unknown, path: string): Obj {
  if (!isObj(v)) throw invalid(`${path} must be an object (got ${kind(v)}).`);
  return v;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

export function expectString(o: Obj, key: string, path: string, nonEmpty = false): string {
  const v = field(o, key, path);
  if (typeof v !== 'string') throw invalid(`${path}.${key} must be a string (got ${kind(v)}).`);
  if (nonEmpty && v.trim() === '') throw invalid(`${path}.${key} must not be empty.`);
  return v;
}

export function expectInt(o: Obj, key: string, path: string, min = 0): number {
  const v = field(o, key, path);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw invalid(`${path}.${key} must be an integer >= ${min} (got ${JSON.stringify(v)}).`);
  }
  return v;
}

function expectArray(o: Obj, key: string, path: string): unknown[] {
  const v = field(o, key, path);
  if (!Array.isArray(v)) throw invalid(`${path}.${key} must be an array (got ${kind(v)}).`);
  return v;
}

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw invalid(`${path} must be a finite number (got ${JSON.stringify(v) ?? String(v)}).`);
  }
  return v;
}

function uniqueNames(names: string[], path: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw invalid(`${path} lists "${n}" twice.`);
    seen.add(n);
  }
}

function readClasses(meta: Obj, dims: ForestDims): string[] {
  const raw = expectArray(meta, 'classes', 'meta');
  const classes = raw.map((c, i) => {
    if (typeof c !== 'string' || c.trim() === '') {
      throw invalid(`meta.classes[${i}] must be a non-empty string.`);
    }
    return c;
  });
  if (classes.length !== dims.nClasses) {
    throw invalid(
      `meta.classes has ${classes.length} names but the forest has ${dims.nClasses} classes.`
    );
  }
  uniqueNames(classes, 'meta.classes');
  return classes;
}

function readFeatures(meta: Obj, dims: ForestDims): FeatureInfo[] {
  const features = expectArray(meta, 'features', 'meta').map((f, i) => {
    const path = `meta.features[${i}]`;
    const o = expectObject(f, path);
    const out: FeatureInfo = {
      name: expectString(o, 'name', path, true),
      unit: expectString(o, 'unit', path)
    };
    for (const key of ['description', 'help', 'valid'] as const) {
      if (o[key] !== undefined) out[key] = expectString(o, key, path);
    }
    return out;
  });
  if (features.length !== dims.nFeatures) {
    throw invalid(
      `meta.features has ${features.length} entries but the forest uses ${dims.nFeatures} features.`
    );
  }
  uniqueNames(
    features.map((f) => f.name),
    'meta.features'
  );
  return features;
}

function readRanges(meta: Obj, dims: ForestDims): (FeatureRange | null)[] {
  const raw = expectArray(meta, 'featureRanges', 'meta');
  if (raw.length !== dims.nFeatures) {
    throw invalid(
      `meta.featureRanges has ${raw.length} entries but the forest uses ${dims.nFeatures} features.`
    );
  }
  return raw.map((r, i) => {
    if (r === null) return null;
    const path = `meta.featureRanges[${i}]`;
    const o = expectObject(r, path);
    const min = finite(field(o, 'min', path), `${path}.min`);
    const max = finite(field(o, 'max', path), `${path}.max`);
    if (min > max) throw invalid(`${path} has min ${min} > max ${max}.`);
    return { min, max };
  });
}

function readStage(raw: unknown, i: number, dims: ForestDims): StageInfo {
  const path = `meta.stages[${i}]`;
  const o = expectObject(raw, path);
  const dataFingerprint = expectString(o, 'dataFingerprint', path, true);
  if (!/^[0-9a-f]{8,128}$/i.test(dataFingerprint)) {
    throw invalid(
      `${path}.dataFingerprint must be 8 to 128 hex digits (got "${dataFingerprint.slice(0, 40)}").`
    );
  }
  const snap = field(o, 'snapshotDate', path);
  if (snap !== null && typeof snap !== 'string') {
    throw invalid(`${path}.snapshotDate must be a string or null.`);
  }
  const hyper = expectObject(field(o, 'hyperparameters', path), `${path}.hyperparameters`);
  assertJson(hyper, `${path}.hyperparameters`);
  const weights = expectArray(o, 'classWeights', path).map((w, c) => {
    const v = finite(w, `${path}.classWeights[${c}]`);
    if (v < 0) throw invalid(`${path}.classWeights[${c}] is negative (${v}).`);
    return v;
  });
  if (weights.length !== dims.nClasses) {
    throw invalid(
      `${path}.classWeights has ${weights.length} entries but the model has ${dims.nClasses} classes.`
    );
  }
  const rowsObj = expectObject(field(o, 'rows', path), `${path}.rows`);
  const rows: StageRowCounts = {
    train: expectInt(rowsObj, 'train', `${path}.rows`),
    holdout: expectInt(rowsObj, 'holdout', `${path}.rows`),
    calibration: expectInt(rowsObj, 'calibration', `${path}.rows`),
    replayed: expectInt(rowsObj, 'replayed', `${path}.rows`)
  };
  const range = expectArray(o, 'treeRange', path);
  if (
    range.length !== 2 ||
    !range.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)
  ) {
    throw invalid(`${path}.treeRange must be [start, end] with non-negative integers.`);
  }
  return {
    mission: expectString(o, 'mission', path, true),
    dataset: expectString(o, 'dataset', path),
    dataFingerprint,
    snapshotDate: snap,
    hyperparameters: structuredCloneJson(hyper),
    classWeights: weights,
    rows,
    treeRange: [range[0] as number, range[1] as number]
  };
}

function readStages(meta: Obj, dims: ForestDims): StageInfo[] {
  const stages = expectArray(meta, 'stages', 'meta').map((s, i) => readStage(s, i, dims));
  if (stages.length === 0) throw invalid('meta.stages is empty; a model has at least one stage.');
  // Stages tile the forest in order: every tree belongs to exactly one stage.
  let next = 0;
  stages.forEach((s, i) => {
    const [start, end] = s.treeRange;
    if (start !== next || end < start) {
      throw invalid(
        `meta.stages[${i}].treeRange is [${start}, ${end}) but must start at tree ${next} (stages cover the trees in order without gaps).`
      );
    }
    next = end;
  });
  if (next !== dims.nTrees) {
    throw invalid(`the stages cover ${next} trees but the forest has ${dims.nTrees}.`);
  }
  return stages;
}

function readImportances(meta: Obj, features: FeatureInfo[]): ModelMeta['importances'] {
  const o = expectObject(field(meta, 'importances', 'meta'), 'meta.importances');
  const names = new Set(features.map((f) => f.name));
  const out: ModelMeta['importances'] = {};
  for (const kindName of Object.keys(o)) {
    if (isForbiddenKey(kindName))
      throw invalid(`meta.importances contains the forbidden key "${kindName}".`);
    const path = `meta.importances.${kindName}`;
    const inner = expectObject(o[kindName], path);
    const values: { [feature: string]: number } = {};
    for (const name of Object.keys(inner)) {
      if (isForbiddenKey(name)) throw invalid(`${path} contains the forbidden key "${name}".`);
      if (!names.has(name))
        throw invalid(`${path} names "${name}", which is not one of the model's features.`);
      values[name] = finite(inner[name], `${path}.${name}`);
    }
    out[kindName] = values;
  }
  return out;
}

/** A deep copy of already-checked JSON, so the caller's objects are never shared with the model. */
function structuredCloneJson<T extends JsonValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Validates `raw` as ModelMeta for a forest of the given sizes; returns a normalised copy. */
export function validateMeta(raw: unknown, dims: ForestDims): ModelMeta {
  const meta = expectObject(raw, 'meta');
  const task = expectString(meta, 'task', 'meta');
  if (task !== 'vetting' && task !== 'disposition') {
    throw invalid(`meta.task must be "vetting" or "disposition" (got "${task}").`);
  }
  const classes = readClasses(meta, dims);
  const positive = field(meta, 'positiveClass', 'meta');
  if (positive !== null && (typeof positive !== 'string' || !classes.includes(positive))) {
    throw invalid(
      `meta.positiveClass must be null or one of the classes (got ${JSON.stringify(positive)}).`
    );
  }
  const features = readFeatures(meta, dims);
  const metrics = field(meta, 'metrics', 'meta');
  assertJson(metrics, 'meta.metrics');
  return {
    name: expectString(meta, 'name', 'meta'),
    createdAt: expectString(meta, 'createdAt', 'meta', true),
    task: task as Task,
    classes,
    positiveClass: positive,
    features,
    featureRanges: readRanges(meta, dims),
    stages: readStages(meta, dims),
    metrics: structuredCloneJson(metrics),
    importances: readImportances(meta, features),
    notes: expectString(meta, 'notes', 'meta'),
    ...readMissingFill(meta, dims)
  };
}

/** Optional meta.missingFill: mission -> per feature null or ascending finite quantiles. */
function readMissingFill(meta: Obj, dims: ForestDims): Pick<ModelMeta, 'missingFill'> {
  if (meta.missingFill === undefined) return {};
  const o = expectObject(meta.missingFill, 'meta.missingFill');
  const out: NonNullable<ModelMeta['missingFill']> = {};
  for (const mission of Object.keys(o)) {
    if (isForbiddenKey(mission)) {
      throw invalid(`meta.missingFill contains the forbidden key "${mission}".`);
    }
    const path = `meta.missingFill.${mission}`;
    const list = o[mission];
    if (!Array.isArray(list) || list.length !== dims.nFeatures) {
      throw invalid(`${path} must be an array with one entry per feature (${dims.nFeatures}).`);
    }
    out[mission] = list.map((q, j) => {
      if (q === null) return null;
      if (!Array.isArray(q) || q.length < 2 || q.length > 1024) {
        throw invalid(`${path}[${j}] must be null or an array of 2 to 1024 quantiles.`);
      }
      const values = q.map((v, t) => finite(v, `${path}[${j}][${t}]`));
      for (let t = 1; t < values.length; t++) {
        if (values[t] < values[t - 1]) throw invalid(`${path}[${j}] must be in ascending order.`);
      }
      return values;
    });
  }
  return { missingFill: out };
}

/** Checks tree weights against the stage and tree counts; returns a copy (or null). */
export function validateTreeWeights(
  tw: TreeWeights | null,
  nStages: number,
  nTrees: number
): TreeWeights | null {
  if (tw === null) return null;
  if (!isObj(tw)) throw invalid('treeWeights must be an object or null.');
  if (tw.per !== 'stage' && tw.per !== 'tree') {
    throw invalid(`treeWeights.per must be "stage" or "tree" (got ${JSON.stringify(tw.per)}).`);
  }
  const expected = tw.per === 'stage' ? nStages : nTrees;
  const byMission: { [mission: string]: Float64Array } = {};
  for (const mission of Object.keys(expectObject(tw.byMission, 'treeWeights.byMission'))) {
    if (isForbiddenKey(mission) || mission.trim() === '') {
      throw invalid(`treeWeights has an unusable mission name "${mission}".`);
    }
    const w = tw.byMission[mission];
    if (!(w instanceof Float64Array))
      throw invalid(`treeWeights for "${mission}" must be a Float64Array.`);
    if (w.length !== expected) {
      throw invalid(
        `treeWeights for "${mission}" has ${w.length} weights but needs ${expected} (one per ${tw.per}).`
      );
    }
    for (let i = 0; i < w.length; i++) {
      if (!Number.isFinite(w[i]) || w[i] < 0) {
        throw invalid(`treeWeights for "${mission}"[${i}] is ${w[i]} (must be finite and >= 0).`);
      }
    }
    byMission[mission] = w.slice();
  }
  return { per: tw.per, byMission };
}
