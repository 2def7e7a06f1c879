/**
 * The in-memory shape of a model file (`*.exoforest`). The training pipeline fills a `ModelFile`,
 * `writeModel` turns it into bytes, `readModel` validates bytes back into the same shape.
 * Everything in `ModelMeta` is plain JSON (so it can be shown, stored and structured-cloned as
 * is); the large numeric parts (trees, tree weights) are typed arrays.
 */
import type { ForestArrays } from '../forest/index.ts';
import type { ProbabilityCalibration } from './calibration.ts';

/** Value of the `format` field; a file without it is not an Exoforest model. */
export const MODEL_FORMAT = 'exoforest-model';
/**
 * Newest version written by this build. Bump it on any incompatible layout or schema change.
 * Version 2 adds a probability calibration (header field `calibration`); version 3 adds
 * `meta.missingFill` (hidden missingness). A model is written with the lowest version that
 * holds what it has, so older readers keep opening plain models, and refuse (rather than
 * silently ignore) one whose predictions they would get wrong.
 */
export const MODEL_FORMAT_VERSION = 3;
/** Versions `readModel` accepts. */
export const SUPPORTED_MODEL_VERSIONS: readonly number[] = [1, 2, 3];

/** The version a model is written as: 3 with a missing-value fill, 2 with a calibration, else 1. */
export function versionFor(model: Pick<ModelFile, 'calibration' | 'meta'>): number {
  if (model.meta?.missingFill) return 3;
  return model.calibration ? 2 : 1;
}

/** Any value JSON can carry (no NaN, no Infinity, no undefined). */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** 'vetting' = PLANET vs FALSE_POSITIVE; 'disposition' = CONFIRMED / CANDIDATE / FALSE_POSITIVE. */
export type Task = 'vetting' | 'disposition';

/** One input column of the forest, in the order the forest indexes features. */
export interface FeatureInfo {
  /** Canonical feature name, unique within the model (e.g. 'period', 'depth_consistency'). */
  name: string;
  /** Unit the values are in after import ('days', 'hours', 'ppm', 'K', ...); '' when dimensionless. */
  unit: string;
  /** What the feature is (model card); absent in older files. */
  description?: string;
  /** Why it can help (model card); absent when the registry has none. */
  help?: string;
  /** Physically possible values, in words (e.g. 'must be >= 0'); absent when unrestricted. */
  valid?: string;
}

/** Training range of one feature, for "outside the training range" warnings at prediction time. */
export interface FeatureRange {
  /** Smallest finite training value. */
  min: number;
  /** Largest finite training value (>= min). */
  max: number;
}

/** Row counts of one stage; every count is a non-negative integer, 0 when not applicable. */
export interface StageRowCounts {
  /** This stage's own training rows (after the grouped hold-out was removed). */
  train: number;
  /** This mission's held-out validation rows (never seen by any stage). */
  holdout: number;
  /** Rows of the inner calibration split used to choose tree-group weights. */
  calibration: number;
  /** Earlier stages' rows replayed (at a lower weight) while growing this stage's trees. */
  replayed: number;
}

/** One training stage: which data grew which trees, and how. */
export interface StageInfo {
  /** Mission id of the stage's own rows: 'koi' | 'k2' | 'toi', or e.g. 'pooled' for several at once. */
  mission: string;
  /** Human-readable dataset name, usually the file name of the archive table. */
  dataset: string;
  /** Lower-case hex hash of the canonical rows used (e.g. `Sha256` over the feature matrix and labels). */
  dataFingerprint: string;
  /** When the archive table was downloaded (ISO 8601 date or date-time); null when unknown. */
  snapshotDate: string | null;
  /**
   * Settings the stage used, as JSON: e.g. { nTrees, maxDepth, minSamplesLeaf, maxFeatures,
   * criterion: 'gini' | 'entropy', replayWeight, refitLeaves, seed }. Open on purpose, so new
   * settings do not need a format change; `describeModel` prints them all.
   */
  hyperparameters: JsonObject;
  /** Loss weight per class, aligned with `ModelMeta.classes` (all 1 when unweighted). */
  classWeights: number[];
  rows: StageRowCounts;
  /** Trees [start, end) grown by this stage. Stages cover the forest in order without gaps; start === end when a stage grew no trees. */
  treeRange: [number, number];
}

/** Everything about a model except the typed arrays; plain JSON. */
export interface ModelMeta {
  /** Display name chosen by the user. */
  name: string;
  /** Creation time, ISO 8601. */
  createdAt: string;
  task: Task;
  /** Class names in forest order (class index i = classes[i]); length = forest.nClasses. */
  classes: string[];
  /** Class whose probability ranks candidates (vetting: the planet class); null when none. */
  positiveClass: string | null;
  /** Input features in forest order; length = forest.nFeatures. */
  features: FeatureInfo[];
  /** Training range per feature, aligned with `features`; null for a feature with no finite training value. */
  featureRanges: (FeatureRange | null)[];
  /** Training stages in the order they ran; at least one. */
  stages: StageInfo[];
  /** Validation report (e.g. MetricReport per mission and combined), stored as given. */
  metrics: JsonValue;
  /** Feature importances: kind ('mdi', 'permutation', ...) -> feature name -> value. */
  importances: { [kind: string]: { [feature: string]: number } };
  /** Free-text notes; '' when none. */
  notes: string;
  /**
   * Missions whose missing values are filled before prediction (pipeline/hide-missing.ts):
   * mission -> per feature (forest order) the quantiles of the training values, or null (left
   * missing). Absent (older files, or no such mission): nothing is filled.
   */
  missingFill?: { [mission: string]: (number[] | null)[] };
}

/**
 * Per-mission weights of tree groups, used to weight the trees' votes by the input's mission.
 * A mission without an entry uses equal weights.
 */
export interface TreeWeights {
  /** 'stage': one weight per stage (tree group, same order as `stages`); 'tree': one per tree. */
  per: 'stage' | 'tree';
  /** Mission id -> finite, non-negative weights (length = stages or trees, as `per` says). */
  byMission: { [mission: string]: Float64Array };
}

/** A complete model: what `writeModel` takes and `readModel` returns. */
export interface ModelFile {
  meta: ModelMeta;
  forest: ForestArrays;
  /** null when all trees vote with equal weight for every mission. */
  treeWeights: TreeWeights | null;
  /**
   * Per-mission map of the positive class's probability, applied after the tree vote
   * (model/calibration.ts); null or absent = the forest's probabilities as they are.
   */
  calibration?: ProbabilityCalibration | null;
}
