/**
 * A training plan: which task, which features, which stages in which order, and every per-stage
 * setting. Plans are plain JSON (the CLI reads them from a file, the app keeps them in
 * IndexedDB), so "unlimited depth" is `null`, never Infinity.
 *
 * `validatePlan` lists every problem (each names the setting and what is allowed);
 * `assertValidPlan` throws a PlanError carrying that list.
 */
import type { MaxFeatures } from '../forest/index.ts';
import { featureInfo, MISSIONS, type Mission, bannedReason } from '../missions/index.ts';

export type Task = 'vetting' | 'disposition';
export type StageMission = Mission;
export const TASKS: readonly Task[] = ['vetting', 'disposition'];

/**
 * 'canonical': the 9 canonical quantities + 5 physics-derived features (14, the reference set).
 * 'canonical+extras': those + every mission's non-leaky extra columns (KOI model SNR, impact,
 * Kepler magnitude; K2 radius ratio, stellar mass and density; TOI TESS magnitude, distance,
 * proper motion) for the missions in the plan; missing (NaN) for the other missions' rows.
 * 'full' (default): 'canonical+extras' + every uncertainty, the relative uncertainties of depth,
 * duration, radii, Teff and log g, and the sky features (|galactic| and |ecliptic| latitude, the
 * ephemeris match with other stars of the same table); TOI total proper motion among TOI extras.
 * string[]: explicit feature names from the registry (missions/features.ts).
 */
export type NamedFeatureSet = 'canonical' | 'canonical+extras' | 'full';
export type FeatureSetSpec = NamedFeatureSet | string[];
export const FEATURE_SETS: readonly NamedFeatureSet[] = ['canonical', 'canonical+extras', 'full'];

/** 'forest': Random Forest trees (the default); 'boosted': gradient-boosted trees (core/boost). */
export type Learner = 'forest' | 'boosted';
export const LEARNERS: readonly Learner[] = ['forest', 'boosted'];

/** Settings of a boosted stage (pipeline/boosted.ts); BOOSTED_STAGE_DEFAULTS fills what is absent. */
export interface BoostStagePlan {
  /** Shrinkage of each tree's steps, (0, 1]. */
  learningRate?: number;
  /** Leaves per tree (2..1024). */
  maxLeaves?: number;
  /** Minimum training rows per leaf. */
  minSamplesLeaf?: number;
  /** L2 regularisation of leaf values (>= 0). */
  l2?: number;
  /** Stop after this many iterations without a better calibration-split log loss; null = never. */
  earlyStoppingRounds?: number | null;
}

/**
 * scikit-learn's HistGradientBoosting defaults except l2: a later stage starts from scores the
 * earlier stages made on other missions' rows, often confidently wrong, where hessians are near 0
 * and an unregularised Newton step -G / (H + l2) explodes. l2 3 was the best of
 * 0, 1, 3 and 10 in grouped CV on the training rows (pipeline/README.md, bench/boost-cv.ts).
 */
export const BOOSTED_STAGE_DEFAULTS: Required<BoostStagePlan> = {
  learningRate: 0.1,
  maxLeaves: 31,
  minSamplesLeaf: 20,
  l2: 3,
  earlyStoppingRounds: 10
};

export interface StagePlan {
  /** The stage trains on the rows of every input table of this mission. */
  mission: StageMission;
  /**
   * Absent or 'forest': the stage grows `trees` Random Forest trees. 'boosted': the stage
   * continues gradient boosting from the earlier stages' raw scores on its own rows, for at most
   * `trees` iterations, with its own `boost` settings, classWeight and replay; groupWeights then
   * means early stopping on the stage's calibration split (no tree groups to weight). Every
   * stage of a plan uses the same learner.
   */
  learner?: Learner;
  boost?: BoostStagePlan;
  /** Trees this stage grows (1..10000). */
  trees: number;
  /** Features tried per split: 'sqrt', 'log2', a fraction in (0, 1] or an integer count >= 2. */
  maxFeatures: MaxFeatures;
  /** Maximum tree depth (root = 0); null = unlimited. */
  maxDepth: number | null;
  minSamplesLeaf: number;
  /** Default 2. */
  minSamplesSplit?: number;
  criterion: 'gini' | 'entropy';
  /**
   * 'balanced': weight_c = W / (K * W_c) from this stage's (sample-weighted) training rows,
   * number[]: one multiplier per class (task class order), null: all 1.
   */
  classWeight: 'balanced' | number[] | null;
  /** Replay every earlier stage's training rows at this sample weight (0 < weight <= 1); null = none. */
  replay: { weight: number } | null;
  /**
   * Re-estimate the node class distributions of every earlier stage's trees on this stage's
   * training rows (forest/refit.ts): new = (1 - blend) * old + blend * distribution of the new
   * rows reaching the node; structure kept. null = keep the leaves.
   */
  refit: { blend: number } | null;
  /**
   * Learn per-mission weights of the tree groups (one group per stage) for this stage's mission,
   * on an inner calibration split carved from its training rows (see TrainingPlan.calibration).
   */
  groupWeights: boolean;
}

export interface FeatureSelectionPlan {
  /** 'impurity': mean decrease in impurity (MDI); 'permutation': accuracy drop on inner validation rows. */
  method: 'impurity' | 'permutation';
  /** Keep the k most important features. Give exactly one of keepTop and cumulativeShare. */
  keepTop?: number;
  /** Keep the most important features until their share of total importance reaches this (0, 1]. */
  cumulativeShare?: number;
}

export interface CalibrationPlan {
  /** Share of a stage's training rows (grouped by host star) used to learn group weights; default 0.2. */
  fraction: number;
  /**
   * 'retrain' (default): a first pass without the calibration rows picks the weights, then every
   * stage is trained again on all its training rows and keeps those weights.
   * 'keep': one pass; the calibration rows never train a tree (cheaper, less data per tree).
   */
  mode: 'retrain' | 'keep';
  /** What the weights minimise on the calibration rows: 'brier' (default) or 'logLoss'. */
  objective?: 'brier' | 'logLoss';
}

export interface TrainingPlan {
  task: Task;
  /** Integer seed for every random choice (hold-out, calibration split, bootstraps). */
  seed: number;
  /** Share of each mission's labelled rows held out, grouped by host star; default 0.2. */
  holdout: number;
  features: FeatureSetSpec;
  /** At least one; each mission at most once; order = training order. */
  stages: StagePlan[];
  featureSelection?: FeatureSelectionPlan;
  /** Used when any stage has groupWeights; defaults { fraction: 0.2, mode: 'retrain', objective: 'brier' }. */
  calibration?: CalibrationPlan;
  /**
   * After the hold-out evaluation, train the same plan again on every labelled row (hold-out
   * included) and keep that forest as the model; the report keeps the hold-out estimate.
   * Absent or true: refit (the default); false: keep the evaluated forest.
   */
  refitOnAllRows?: boolean;
  /**
   * Missions whose missing values are filled with draws from their training rows' observed
   * values (pipeline/hide-missing.ts) in training and in every prediction, so the trees cannot
   * read the label from which columns a row has. Default plan: ['k2'].
   */
  hideMissingness?: Mission[];
  /**
   * Every forest also trains on copies of this share of its rows with the uncertainty-derived
   * features missing (pipeline/masked-copies.ts), for downloads without err columns. null or
   * absent: none. Default plan: { share: 1 }.
   */
  maskedCopies?: { share: number } | null;
}

export type Preset = 'fast' | 'default' | 'thorough';
export const PRESETS: readonly Preset[] = ['fast', 'default', 'thorough'];

/** Trees per stage for each preset (three stages: 3x this in total). */
export const PRESET_TREES: Readonly<Record<Preset, number>> = {
  fast: 40,
  default: 100,
  thorough: 300
};

export const DEFAULT_CALIBRATION: Required<CalibrationPlan> = {
  fraction: 0.2,
  mode: 'retrain',
  objective: 'brier'
};

/**
 * Replay weight of each later stage in the default plan. K2 has few labelled rows (and few false
 * positives), so it replays KOI at full weight; TESS replays KOI and K2 at 0.3, which keeps its
 * trees focused on TESS rows. Chosen by 5-fold grouped cross-validation on the training rows
 * (bench/pipeline-tune.ts), never on the hold-out.
 */
export const DEFAULT_REPLAY: Readonly<Record<StageMission, number | null>> = {
  koi: null,
  k2: 1,
  toi: 0.3
};

/**
 * Missions whose missingness is hidden by default: on K2 a forest given only which values are
 * missing nearly matches the model (see pipeline/README.md), on KOI and TESS it does not.
 */
export const DEFAULT_HIDE_MISSINGNESS: readonly Mission[] = ['k2'];

/**
 * Every row is also trained on as a copy without its uncertainty-derived features, so a
 * download without err columns keeps most of its ranking quality (grouped CV on training rows,
 * see pipeline/README.md: TESS ROC AUC without those columns 0.870 without copies, 0.935 with).
 */
export const DEFAULT_MASKED_COPIES: Readonly<{ share: number }> = { share: 1 };

/**
 * The default plan: KOI, then K2, then TESS; later stages replay the earlier stages' rows
 * (DEFAULT_REPLAY), and every mission gets its own tree-group weights (Brier score on a 20%
 * calibration split, then every stage is retrained on all its rows). Forest settings are the
 * usual Random Forest ones (sqrt features per split, unlimited depth, 1 row per leaf, gini), which
 * did as well as the alternatives tried in the same cross-validation (see pipeline/README.md).
 */
export function defaultPlan(task: Task = 'vetting', preset: Preset = 'default'): TrainingPlan {
  const trees = PRESET_TREES[preset];
  if (trees === undefined) {
    throw new Error(
      `defaultPlan: unknown preset '${String(preset)}'; use one of ${PRESETS.join(', ')}`
    );
  }
  const stage = (mission: StageMission, first: boolean): StagePlan => ({
    mission,
    trees,
    maxFeatures: 'sqrt',
    maxDepth: null,
    minSamplesLeaf: 1,
    minSamplesSplit: 2,
    criterion: 'gini',
    classWeight: null,
    replay: first || DEFAULT_REPLAY[mission] === null ? null : { weight: DEFAULT_REPLAY[mission]! },
    refit: null,
    groupWeights: true
  });
  return {
    task,
    seed: 42,
    holdout: 0.2,
    features: 'full',
    stages: [stage('koi', true), stage('k2', false), stage('toi', false)],
    calibration: { ...DEFAULT_CALIBRATION },
    hideMissingness: [...DEFAULT_HIDE_MISSINGNESS],
    maskedCopies: { ...DEFAULT_MASKED_COPIES }
  };
}

/** One problem with a plan: where (a JSON path) and what is wrong / allowed. */
export interface PlanProblem {
  path: string;
  message: string;
}

export class PlanError extends Error {
  readonly problems: PlanProblem[];
  constructor(problems: PlanProblem[]) {
    super(
      `Invalid training plan:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`
    );
    this.name = 'PlanError';
    this.problems = problems;
  }
}

const show = (v: unknown): string => {
  if (typeof v === 'string') return `'${v}'`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const MAX_TREES_PER_STAGE = 10_000;

/** Number of classes of a task. */
export function classCount(task: Task): number {
  return task === 'vetting' ? 2 : 3;
}

/** Every problem of a plan (empty when valid). Never throws. */
export function validatePlan(plan: unknown): PlanProblem[] {
  const out: PlanProblem[] = [];
  const bad = (path: string, message: string) => out.push({ path, message });
  if (!isObj(plan)) {
    bad('plan', `must be an object like defaultPlan('vetting') (got ${show(plan)})`);
    return out;
  }
  const task = plan.task;
  if (task !== 'vetting' && task !== 'disposition') {
    bad('task', `must be 'vetting' or 'disposition' (got ${show(task)})`);
  }
  const K = task === 'disposition' ? 3 : 2;
  if (!isInt(plan.seed)) bad('seed', `must be an integer, e.g. 42 (got ${show(plan.seed)})`);
  if (typeof plan.holdout !== 'number' || !(plan.holdout > 0 && plan.holdout < 1)) {
    bad(
      'holdout',
      `must be a share strictly between 0 and 1, e.g. 0.2 (got ${show(plan.holdout)})`
    );
  } else if (plan.holdout > 0.5) {
    bad('holdout', `at most 0.5 so that most rows train (got ${plan.holdout})`);
  }
  validateFeatures(plan.features, bad);

  const stages = plan.stages;
  if (!Array.isArray(stages) || stages.length === 0) {
    bad(
      'stages',
      `must be a non-empty list of stages, e.g. [{ mission: 'koi', ... }] (got ${show(stages)})`
    );
  } else {
    const seen = new Set<string>();
    stages.forEach((s, i) => {
      const p = `stages[${i}]`;
      if (!isObj(s)) {
        bad(p, `must be an object (got ${show(s)})`);
        return;
      }
      if (typeof s.mission !== 'string' || !(MISSIONS as readonly string[]).includes(s.mission)) {
        bad(
          `${p}.mission`,
          `must be one of ${MISSIONS.map(show).join(', ')} (got ${show(s.mission)})`
        );
      } else if (seen.has(s.mission)) {
        bad(`${p}.mission`, `'${s.mission}' already has a stage; each mission may appear once`);
      } else seen.add(s.mission);
      if (!isInt(s.trees) || s.trees < 1 || s.trees > MAX_TREES_PER_STAGE) {
        bad(
          `${p}.trees`,
          `must be an integer from 1 to ${MAX_TREES_PER_STAGE} (got ${show(s.trees)})`
        );
      }
      const mf = s.maxFeatures;
      const mfOk =
        mf === 'sqrt' ||
        mf === 'log2' ||
        (typeof mf === 'number' && mf > 0 && mf <= 1) ||
        (isInt(mf) && mf >= 2);
      if (!mfOk) {
        bad(
          `${p}.maxFeatures`,
          `must be 'sqrt', 'log2', a fraction in (0, 1] or an integer count >= 2 (got ${show(mf)})`
        );
      }
      if (s.maxDepth !== null && (!isInt(s.maxDepth) || s.maxDepth < 1)) {
        bad(
          `${p}.maxDepth`,
          `must be an integer >= 1, or null for unlimited (got ${show(s.maxDepth)})`
        );
      }
      if (!isInt(s.minSamplesLeaf) || s.minSamplesLeaf < 1) {
        bad(`${p}.minSamplesLeaf`, `must be an integer >= 1 (got ${show(s.minSamplesLeaf)})`);
      }
      if (s.minSamplesSplit !== undefined && (!isInt(s.minSamplesSplit) || s.minSamplesSplit < 2)) {
        bad(`${p}.minSamplesSplit`, `must be an integer >= 2 (got ${show(s.minSamplesSplit)})`);
      }
      if (s.criterion !== 'gini' && s.criterion !== 'entropy') {
        bad(`${p}.criterion`, `must be 'gini' or 'entropy' (got ${show(s.criterion)})`);
      }
      const cw = s.classWeight;
      if (cw !== null && cw !== 'balanced') {
        const ok =
          Array.isArray(cw) &&
          cw.length === K &&
          cw.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0) &&
          cw.some((v) => (v as number) > 0);
        if (!ok) {
          bad(
            `${p}.classWeight`,
            `must be 'balanced', null, or ${K} finite weights >= 0 (one per class of the ${
              task === 'disposition' ? 'disposition' : 'vetting'
            } task, not all 0) (got ${show(cw)})`
          );
        }
      }
      if (s.replay !== null) {
        if (
          !isObj(s.replay) ||
          typeof s.replay.weight !== 'number' ||
          !(s.replay.weight > 0 && s.replay.weight <= 1)
        ) {
          bad(
            `${p}.replay`,
            `must be null or { weight } with 0 < weight <= 1, e.g. { weight: 0.3 } (got ${show(s.replay)})`
          );
        } else if (i === 0) {
          bad(`${p}.replay`, 'the first stage has no earlier rows to replay; set it to null');
        }
      }
      if (s.refit !== null) {
        if (
          !isObj(s.refit) ||
          typeof s.refit.blend !== 'number' ||
          !(s.refit.blend > 0 && s.refit.blend <= 1)
        ) {
          bad(
            `${p}.refit`,
            `must be null or { blend } with 0 < blend <= 1 (the new rows' share), e.g. { blend: 0.5 } (got ${show(s.refit)})`
          );
        } else if (i === 0) {
          bad(`${p}.refit`, 'the first stage has no earlier trees to refit; set it to null');
        }
      }
      validateLearner(s, i, stages[0], bad);
      if (typeof s.groupWeights !== 'boolean') {
        bad(`${p}.groupWeights`, `must be true or false (got ${show(s.groupWeights)})`);
      }
    });
  }

  const fs = plan.featureSelection;
  if (fs !== undefined) {
    if (!isObj(fs)) {
      bad(
        'featureSelection',
        `must be an object { method, keepTop | cumulativeShare } or absent (got ${show(fs)})`
      );
    } else {
      if (fs.method !== 'impurity' && fs.method !== 'permutation') {
        bad(
          'featureSelection.method',
          `must be 'impurity' or 'permutation' (got ${show(fs.method)})`
        );
      }
      const hasTop = fs.keepTop !== undefined;
      const hasShare = fs.cumulativeShare !== undefined;
      if (hasTop === hasShare) {
        bad(
          'featureSelection',
          'give exactly one of keepTop (a count) and cumulativeShare (a share in (0, 1])'
        );
      }
      if (hasTop && (!isInt(fs.keepTop) || fs.keepTop < 1)) {
        bad('featureSelection.keepTop', `must be an integer >= 1 (got ${show(fs.keepTop)})`);
      }
      if (
        hasShare &&
        (typeof fs.cumulativeShare !== 'number' ||
          !(fs.cumulativeShare > 0 && fs.cumulativeShare <= 1))
      ) {
        bad(
          'featureSelection.cumulativeShare',
          `must be a number in (0, 1] (got ${show(fs.cumulativeShare)})`
        );
      }
    }
  }

  if (plan.refitOnAllRows !== undefined && typeof plan.refitOnAllRows !== 'boolean') {
    bad(
      'refitOnAllRows',
      `must be true (train the final model on every labelled row), false or absent (got ${show(plan.refitOnAllRows)})`
    );
  }

  const cal = plan.calibration;
  if (cal !== undefined) {
    if (!isObj(cal)) {
      bad('calibration', `must be { fraction, mode } or absent (got ${show(cal)})`);
    } else {
      if (typeof cal.fraction !== 'number' || !(cal.fraction >= 0.05 && cal.fraction <= 0.5)) {
        bad(
          'calibration.fraction',
          `must be a share from 0.05 to 0.5, e.g. 0.2 (got ${show(cal.fraction)})`
        );
      }
      if (cal.mode !== 'retrain' && cal.mode !== 'keep') {
        bad('calibration.mode', `must be 'retrain' or 'keep' (got ${show(cal.mode)})`);
      }
      if (cal.objective !== undefined && cal.objective !== 'brier' && cal.objective !== 'logLoss') {
        bad('calibration.objective', `must be 'brier' or 'logLoss' (got ${show(cal.objective)})`);
      }
    }
  }
  const mc = plan.maskedCopies;
  if (mc !== undefined && mc !== null) {
    if (!isObj(mc) || typeof mc.share !== 'number' || !(mc.share > 0 && mc.share <= 1)) {
      bad('maskedCopies', `must be { share } with a share in (0, 1], or null (got ${show(mc)})`);
    }
  }
  const hide = plan.hideMissingness;
  if (hide !== undefined) {
    if (!Array.isArray(hide)) {
      bad(
        'hideMissingness',
        `must be a list of missions, e.g. ['k2'], or absent (got ${show(hide)})`
      );
    } else {
      hide.forEach((m, i) => {
        if (!(MISSIONS as readonly unknown[]).includes(m)) {
          bad(`hideMissingness[${i}]`, `must be one of ${MISSIONS.join(', ')} (got ${show(m)})`);
        } else if (hide.indexOf(m) !== i) {
          bad(`hideMissingness[${i}]`, `'${m}' is listed twice`);
        }
      });
    }
  }
  return out;
}

function validateLearner(
  s: Record<string, unknown>,
  i: number,
  first: unknown,
  bad: (path: string, message: string) => void
): void {
  const p = `stages[${i}]`;
  if (s.learner !== undefined && !(LEARNERS as readonly unknown[]).includes(s.learner)) {
    bad(
      `${p}.learner`,
      `must be 'forest' or 'boosted', or absent for 'forest' (got ${show(s.learner)})`
    );
    return;
  }
  const learner = s.learner ?? 'forest';
  const firstLearner = (isObj(first) ? first.learner : undefined) ?? 'forest';
  if (i > 0 && learner !== firstLearner) {
    bad(
      `${p}.learner`,
      `every stage must use the same learner; stage 1 uses '${String(firstLearner)}'`
    );
  }
  if (learner !== 'boosted') {
    if (s.boost !== undefined)
      bad(`${p}.boost`, "only a 'boosted' stage takes boost settings; remove it");
    return;
  }
  if (s.refit !== null)
    bad(`${p}.refit`, 'boosted stages continue the earlier model instead; set it to null');
  const b = s.boost;
  if (b === undefined) return;
  if (!isObj(b)) {
    bad(
      `${p}.boost`,
      `must be an object like ${show(BOOSTED_STAGE_DEFAULTS)} or absent (got ${show(b)})`
    );
    return;
  }
  const known = Object.keys(BOOSTED_STAGE_DEFAULTS);
  for (const k of Object.keys(b)) {
    if (!known.includes(k)) bad(`${p}.boost.${k}`, `unknown setting; use ${known.join(', ')}`);
  }
  const num = (k: string, ok: (v: number) => boolean, what: string) => {
    const v = b[k];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && ok(v))) {
      bad(`${p}.boost.${k}`, `must be ${what} (got ${show(v)})`);
    }
  };
  num('learningRate', (v) => v > 0 && v <= 1, 'a number in (0, 1], e.g. 0.1');
  num('maxLeaves', (v) => Number.isInteger(v) && v >= 2 && v <= 1024, 'an integer from 2 to 1024');
  num('minSamplesLeaf', (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');
  num('l2', (v) => v >= 0, 'a number >= 0');
  if (b.earlyStoppingRounds !== null) {
    num(
      'earlyStoppingRounds',
      (v) => Number.isInteger(v) && v >= 1,
      'an integer >= 1, or null for no early stopping'
    );
  }
}

/** The learner of a (valid) plan: every stage uses the same one. */
export function planLearner(plan: TrainingPlan): Learner {
  return plan.stages[0]?.learner ?? 'forest';
}

/**
 * The plan with every stage on `learner`: boosted stages get the boost defaults and no refit;
 * forest stages lose their boost settings. Everything else is kept.
 */
export function withLearner(plan: TrainingPlan, learner: Learner): TrainingPlan {
  return {
    ...plan,
    stages: plan.stages.map((st) => {
      const { learner: _l, boost, ...rest } = st;
      return learner === 'forest'
        ? rest
        : { ...rest, learner, refit: null, boost: { ...BOOSTED_STAGE_DEFAULTS, ...boost } };
    })
  };
}

function validateFeatures(features: unknown, bad: (path: string, message: string) => void): void {
  if (typeof features === 'string' && (FEATURE_SETS as readonly string[]).includes(features)) {
    return;
  }
  if (!Array.isArray(features)) {
    bad(
      'features',
      `must be 'canonical', 'canonical+extras', 'full' or a list of feature names (got ${show(features)})`
    );
    return;
  }
  if (features.length === 0)
    bad('features', 'the feature list is empty; name at least one feature');
  const seen = new Set<string>();
  features.forEach((f, i) => {
    if (typeof f !== 'string') {
      bad(`features[${i}]`, `must be a feature name (got ${show(f)})`);
      return;
    }
    const banned = bannedReason(f);
    if (banned) bad(`features[${i}]`, `'${f}' may not be a feature: ${banned}`);
    else if (!featureInfo(f)) {
      bad(
        `features[${i}]`,
        `unknown feature '${f}'; use names from the feature registry (missions/features.ts), e.g. 'period_days'`
      );
    }
    if (seen.has(f)) bad(`features[${i}]`, `'${f}' is listed twice`);
    seen.add(f);
  });
}

/** Throws a PlanError listing every problem; returns the plan typed when valid. */
export function assertValidPlan(plan: unknown): TrainingPlan {
  const problems = validatePlan(plan);
  if (problems.length > 0) throw new PlanError(problems);
  return plan as TrainingPlan;
}

/** Effective calibration settings of a plan. */
export function calibrationOf(plan: TrainingPlan): Required<CalibrationPlan> {
  return { ...DEFAULT_CALIBRATION, ...(plan.calibration ?? {}) };
}

/** Whether the plan's final model is refitted on every labelled row (the default). */
export function refitsOnAllRows(plan: TrainingPlan): boolean {
  return plan.refitOnAllRows !== false;
}

/** Total trees of a plan (the staged model's size; the baselines get the same budget). */
export function totalTrees(plan: TrainingPlan): number {
  return plan.stages.reduce((s, st) => s + st.trees, 0);
}
