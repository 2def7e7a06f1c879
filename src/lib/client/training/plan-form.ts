/**
 * The Train page's settings form <-> the pipeline's TrainingPlan. The form holds what the inputs
 * hold (numbers may be null while a field is empty or half-typed); `formToPlan` turns it into a
 * plan and `planProblems` runs the pipeline's own validatePlan on it, with every problem keyed
 * by the form field it belongs to. Pure TS: no Svelte, no DOM (unit-tested in Node).
 */
import {
  DEFAULT_CALIBRATION,
  PRESETS,
  classCount,
  defaultPlan,
  taskClasses,
  validatePlan,
  type PlanProblem,
  type Preset,
  type StageMission,
  type StagePlan,
  type Task,
  type TrainingPlan
} from '../../core/pipeline/index.ts';

export const MISSION_LABEL: Readonly<Record<StageMission, string>> = {
  koi: 'Kepler KOI',
  k2: 'K2',
  toi: 'TESS TOI'
};

/** The default stage order: KOI, then K2, then TESS. */
export const DEFAULT_ORDER: readonly StageMission[] = ['koi', 'k2', 'toi'];

export type MaxFeaturesMode = 'sqrt' | 'log2' | 'all' | 'fraction' | 'count';
export type ClassWeightMode = 'none' | 'balanced' | 'custom';

export interface StageForm {
  mission: StageMission;
  /** Train this stage (unticked stages keep their settings but are left out of the plan). */
  enabled: boolean;
  /** Stored datasets whose rows feed this stage. */
  datasetIds: string[];
  trees: number | null;
  maxFeaturesMode: MaxFeaturesMode;
  /** A fraction in (0, 1] for 'fraction', a count >= 2 for 'count'. */
  maxFeaturesValue: number | null;
  unlimitedDepth: boolean;
  maxDepth: number | null;
  minSamplesLeaf: number | null;
  minSamplesSplit: number | null;
  criterion: 'gini' | 'entropy';
  classWeightMode: ClassWeightMode;
  /** One multiplier per class of the task (used when classWeightMode is 'custom'). */
  classWeights: (number | null)[];
  replay: boolean;
  replayWeight: number | null;
  refit: boolean;
  refitBlend: number | null;
  groupWeights: boolean;
  /** The stage plan this form came from: settings the form has no field for are kept as they are. */
  base: StagePlan;
}

export interface PlanForm {
  task: Task;
  seed: number | null;
  holdout: number | null;
  features: 'canonical' | 'canonical+extras' | 'full' | 'custom';
  /** Feature names when features is 'custom' (kept from a repeated run's plan). */
  customFeatures: string[];
  /** Every mission in display order; the enabled ones, in this order, are the plan's stages. */
  stages: StageForm[];
  selection: {
    enabled: boolean;
    method: 'impurity' | 'permutation';
    mode: 'top' | 'share';
    keepTop: number | null;
    cumulativeShare: number | null;
  };
  calibration: {
    fraction: number | null;
    mode: 'retrain' | 'keep';
    objective: 'brier' | 'logLoss';
  };
  /** The plan this form came from: settings the form has no field for are kept as they are. */
  base: TrainingPlan;
}

function stageToForm(st: StagePlan, task: Task, datasetIds: string[] = []): StageForm {
  const K = classCount(task);
  const mf = st.maxFeatures;
  let maxFeaturesMode: MaxFeaturesMode;
  let maxFeaturesValue: number | null = null;
  if (mf === 'sqrt' || mf === 'log2') maxFeaturesMode = mf;
  else if (mf === 1) maxFeaturesMode = 'all';
  else if (Number.isInteger(mf) && mf >= 2) {
    maxFeaturesMode = 'count';
    maxFeaturesValue = mf;
  } else {
    maxFeaturesMode = 'fraction';
    maxFeaturesValue = mf;
  }
  const cw = st.classWeight;
  return {
    mission: st.mission,
    enabled: true,
    datasetIds: [...datasetIds],
    trees: st.trees,
    maxFeaturesMode,
    maxFeaturesValue,
    unlimitedDepth: st.maxDepth === null,
    maxDepth: st.maxDepth ?? 12,
    minSamplesLeaf: st.minSamplesLeaf,
    minSamplesSplit: st.minSamplesSplit ?? 2,
    criterion: st.criterion,
    classWeightMode: cw === null ? 'none' : cw === 'balanced' ? 'balanced' : 'custom',
    classWeights: Array.isArray(cw) ? [...cw] : new Array<number>(K).fill(1),
    replay: st.replay !== null,
    replayWeight: st.replay?.weight ?? 0.3,
    refit: st.refit !== null,
    refitBlend: st.refit?.blend ?? 0.5,
    groupWeights: st.groupWeights,
    base: structuredClone(st)
  };
}

/**
 * The form for a plan. Missions the plan has no stage for are added, unticked, after the
 * plan's stages (with the default settings of a later stage), so the user can switch them on.
 */
export function planToForm(
  plan: TrainingPlan,
  datasets: Partial<Record<StageMission, string[]>> = {}
): PlanForm {
  const template = defaultPlan(plan.task);
  const laterReplay = template.stages.slice(1).find((s) => s.replay)?.replay ?? null;
  const trees = plan.stages[plan.stages.length - 1]?.trees ?? template.stages[0].trees;
  const stages = plan.stages.map((st) => stageToForm(st, plan.task, datasets[st.mission]));
  for (const m of DEFAULT_ORDER) {
    if (stages.some((s) => s.mission === m)) continue;
    const tpl = template.stages.find((s) => s.mission === m)!;
    const extra = stageToForm(
      { ...tpl, trees, replay: tpl.replay ?? laterReplay },
      plan.task,
      datasets[m]
    );
    extra.enabled = false;
    stages.push(extra);
  }
  const fs = plan.featureSelection;
  const cal = { ...DEFAULT_CALIBRATION, ...(plan.calibration ?? {}) };
  return {
    task: plan.task,
    seed: plan.seed,
    holdout: plan.holdout,
    features: Array.isArray(plan.features) ? 'custom' : plan.features,
    customFeatures: Array.isArray(plan.features) ? [...plan.features] : [],
    stages,
    selection: {
      enabled: fs !== undefined,
      method: fs?.method ?? 'impurity',
      mode: fs?.cumulativeShare !== undefined ? 'share' : 'top',
      keepTop: fs?.keepTop ?? 10,
      cumulativeShare: fs?.cumulativeShare ?? 0.9
    },
    calibration: { fraction: cal.fraction, mode: cal.mode, objective: cal.objective },
    base: structuredClone(plan)
  };
}

/** The default form: defaultPlan(task, preset), datasets as given. */
export function defaultForm(
  task: Task = 'vetting',
  preset: Preset = 'default',
  datasets: Partial<Record<StageMission, string[]>> = {}
): PlanForm {
  return planToForm(defaultPlan(task, preset), datasets);
}

/** null / undefined / '' become NaN, so validatePlan names the field instead of us guessing. */
const num = (v: number | null | undefined): number =>
  typeof v === 'number' && !Number.isNaN(v) ? v : NaN;

/** The plan of a form (not validated: pass it to planProblems, or to trainStaged which checks). */
export function formToPlan(form: PlanForm): TrainingPlan {
  const stages: StagePlan[] = form.stages
    .filter((s) => s.enabled)
    .map((s, i) => {
      let maxFeatures: StagePlan['maxFeatures'];
      if (s.maxFeaturesMode === 'sqrt' || s.maxFeaturesMode === 'log2')
        maxFeatures = s.maxFeaturesMode;
      else if (s.maxFeaturesMode === 'all') maxFeatures = 1;
      else maxFeatures = num(s.maxFeaturesValue);
      const first = i === 0;
      return {
        ...structuredClone(s.base),
        mission: s.mission,
        trees: num(s.trees),
        maxFeatures,
        maxDepth: s.unlimitedDepth ? null : num(s.maxDepth),
        minSamplesLeaf: num(s.minSamplesLeaf),
        minSamplesSplit: num(s.minSamplesSplit),
        criterion: s.criterion,
        classWeight:
          s.classWeightMode === 'none'
            ? null
            : s.classWeightMode === 'balanced'
              ? 'balanced'
              : s.classWeights.map(num),
        // The first stage has nothing earlier to replay or refit: its switches are ignored.
        replay: !first && s.replay ? { weight: num(s.replayWeight) } : null,
        refit: !first && s.refit ? { blend: num(s.refitBlend) } : null,
        groupWeights: s.groupWeights
      };
    });
  const { featureSelection: _fs, calibration: baseCal, ...rest } = structuredClone(form.base);
  const plan: TrainingPlan = {
    ...rest,
    task: form.task,
    seed: num(form.seed),
    holdout: num(form.holdout),
    features: form.features === 'custom' ? [...form.customFeatures] : form.features,
    stages
  };
  if (form.selection.enabled) {
    plan.featureSelection =
      form.selection.mode === 'top'
        ? { method: form.selection.method, keepTop: num(form.selection.keepTop) }
        : { method: form.selection.method, cumulativeShare: num(form.selection.cumulativeShare) };
  }
  if (stages.some((s) => s.groupWeights)) {
    plan.calibration = {
      ...(baseCal ?? {}),
      fraction: num(form.calibration.fraction),
      mode: form.calibration.mode
    };
    // Written only when the plan had it or it differs from the default (same plan either way).
    if (
      baseCal?.objective !== undefined ||
      form.calibration.objective !== DEFAULT_CALIBRATION.objective
    ) {
      plan.calibration.objective = form.calibration.objective;
    }
  } else if (baseCal) {
    plan.calibration = baseCal;
  }
  return plan;
}

/** Form field ids: `task`, `seed`, `stage-<mission>-trees`, `selection-keepTop`, ... */
export type FieldProblems = Record<string, string[]>;

/** The form field a validatePlan path belongs to (stage paths are keyed by mission, not index). */
export function fieldOf(path: string, plan: TrainingPlan): string {
  const m = /^stages\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) {
    const mission = plan.stages[Number(m[1])]?.mission ?? m[1];
    const key = m[2] && m[2] in STAGE_FIELDS ? m[2] : 'stage';
    return `stage-${mission}-${key}`;
  }
  if (path === 'stages') return 'stages';
  if (path.startsWith('featureSelection')) {
    const key = path.split('.')[1];
    return key ? `selection-${key}` : 'selection';
  }
  if (path.startsWith('calibration')) {
    const key = path.split('.')[1];
    return key ? `calibration-${key}` : 'calibration';
  }
  if (path.startsWith('features')) return 'features';
  return path;
}

/**
 * One settings field: what the form shows (label, help, bounds of a number input, choices of a
 * select) and the short name used in the list of problems and in summaries of a plan. The form's
 * inputs, the problem list and the model card all read their words from here.
 */
export interface FieldSpec {
  label: string;
  /** Lower-case name inside a sentence: "K2 stage, trees", "features per split: sqrt". */
  short: string;
  help: string;
  /** Help for the first stage, when the field means nothing there (replay, refit). */
  firstHelp?: string;
  min?: number;
  max?: number;
  step?: number;
  /** A select's choices, value then words. */
  options?: readonly (readonly [string, string])[];
}

/** Fields of the whole plan, keyed by their form id. */
export const PLAN_FIELDS = {
  task: {
    label: 'Task',
    short: 'task',
    help: "Vetting: planet or false positive, trained on resolved rows only; candidates are then ranked by P(planet). Disposition: the archive's three classes.",
    options: [
      ['vetting', 'vetting (planet vs false positive)'],
      ['disposition', 'disposition (confirmed / candidate / false positive)']
    ]
  },
  holdout: {
    label: 'Hold-out share',
    short: 'hold-out share',
    help: "Share of each mission's host stars set aside before training and used only to measure the model; no star is on both sides. At most 0.5.",
    min: 0.05,
    max: 0.5,
    step: 0.05
  },
  seed: {
    label: 'Seed',
    short: 'seed',
    help: 'Every random choice (hold-out, bootstraps, feature draws) follows this number: the same data, settings and seed give the same model here and in the command line.',
    step: 1
  },
  features: {
    label: 'Features',
    short: 'features',
    help: "Canonical: period, duration, depth, radius, temperatures, insolation, stellar parameters and five physics-derived checks (14). Extras add each mission's own non-leaky columns (missing for other missions' rows). Full (default) also adds the measurement uncertainties and relative uncertainties, galactic and ecliptic latitude, and whether another star in the table shares the period (ephemeris match).",
    options: [
      ['full', 'full: + uncertainties and sky (default)'],
      ['canonical+extras', 'canonical + mission extras'],
      ['canonical', 'canonical only (14)']
    ]
  },
  stages: { label: 'Stages', short: 'stages', help: '' },
  calibration: { label: 'Per-mission weights', short: 'per-mission weights', help: '' },
  'calibration-fraction': {
    label: 'Calibration share',
    short: 'calibration share',
    help: "Share of each weighted mission's training rows (whole host stars) used to learn the weights; from 0.05 to 0.5.",
    min: 0.05,
    max: 0.5,
    step: 0.05
  },
  'calibration-mode': {
    label: 'After learning the weights',
    short: 'after learning the weights',
    help: 'Retrain: train every stage again on all its rows and keep the weights (better trees, twice the time). Keep: the calibration rows never train a tree.',
    options: [
      ['retrain', 'retrain on all rows'],
      ['keep', 'keep the first pass']
    ]
  },
  'calibration-objective': {
    label: 'Weights minimise',
    short: 'weights minimise',
    help: 'The score the weights are chosen for on the calibration rows: Brier score (squared error of the probabilities) or log loss.',
    options: [
      ['brier', 'Brier score'],
      ['logLoss', 'log loss']
    ]
  },
  selection: { label: 'Feature selection', short: 'feature selection', help: '' },
  'selection-method': {
    label: 'Rank features by',
    short: 'feature selection: ranking',
    help: "Ranked on an inner split of the training rows, never the hold-out. Impurity: how much a feature's splits purify the trees. Permutation: accuracy lost when the feature is shuffled.",
    options: [
      ['impurity', 'impurity decrease'],
      ['permutation', 'permutation importance']
    ]
  },
  'selection-mode': {
    label: 'Keep',
    short: 'feature selection: keep',
    help: 'A fixed number of top features, or the fewest top features whose importance reaches a share of the total.',
    options: [
      ['top', 'the top k features'],
      ['share', 'a cumulative share']
    ]
  },
  'selection-keepTop': {
    label: 'k (features to keep)',
    short: 'feature selection: k',
    help: 'At least 1.',
    min: 1,
    step: 1
  },
  'selection-cumulativeShare': {
    label: 'Cumulative share',
    short: 'feature selection: cumulative share',
    help: 'Above 0, at most 1 (e.g. 0.9 keeps the features that carry 90% of the importance).',
    min: 0.05,
    max: 1,
    step: 0.05
  }
} as const satisfies Record<string, FieldSpec>;

/** Fields of one stage, keyed by the last part of their form id (`stage-<mission>-<key>`). */
export const STAGE_FIELDS = {
  datasets: {
    label: 'Datasets',
    short: 'datasets',
    help: "This stage trains on these tables' rows of its mission. Pick one download per table: two copies of the same table would count every object twice."
  },
  trees: {
    label: 'Trees',
    short: 'trees',
    help: 'How many decision trees this stage grows. More trees give steadier probabilities but take longer.',
    min: 1,
    max: 10000,
    step: 1
  },
  maxFeatures: {
    label: 'Features per split',
    short: 'features per split',
    help: 'Each split chooses among this many features, drawn at random. Fewer makes the trees more different from each other, which usually helps; the square root of the feature count is the usual choice.',
    options: [
      ['sqrt', 'square root of the count'],
      ['log2', 'log2 of the count'],
      ['all', 'all features'],
      ['fraction', 'a share of the features'],
      ['count', 'a fixed number']
    ]
  },
  maxDepth: {
    label: 'Maximum depth',
    short: 'maximum depth',
    help: 'How many questions deep a tree may go. Unlimited lets trees fit fine detail; a limit makes them simpler and less likely to memorise noise.',
    min: 1,
    step: 1
  },
  minSamplesLeaf: {
    label: 'Minimum leaf size',
    short: 'minimum leaf size',
    help: 'The fewest training rows a leaf may hold. Larger leaves give smoother, less over-confident probabilities.',
    min: 1,
    step: 1
  },
  minSamplesSplit: {
    label: 'Minimum rows to split',
    short: 'minimum rows to split',
    help: 'A node with fewer training rows than this is not split any further.',
    min: 2,
    step: 1
  },
  criterion: {
    label: 'Split criterion',
    short: 'split criterion',
    help: 'How the quality of a split is measured. Gini impurity and entropy (information gain) usually give very similar forests.',
    options: [
      ['gini', 'Gini impurity'],
      ['entropy', 'entropy']
    ]
  },
  classWeight: {
    label: 'Class weights',
    short: 'class weights',
    help: "Make mistakes on one class cost more. Balanced weighs each class inversely to how often it occurs among this stage's training rows.",
    min: 0,
    step: 0.1,
    options: [
      ['none', 'equal'],
      ['balanced', 'balanced'],
      ['custom', 'custom']
    ]
  },
  replay: {
    label: 'Replay weight',
    short: 'replay',
    help: "Also train this stage's trees on the earlier stages' training rows, counted at this weight (above 0, at most 1), so the new trees do not forget the earlier missions.",
    firstHelp: 'The first stage has no earlier rows to replay.',
    min: 0.05,
    max: 1,
    step: 0.05
  },
  refit: {
    label: 'Refit blend',
    short: 'leaf refit',
    help: "Re-estimate the class shares in the leaves of the earlier stages' trees on this mission's rows, keeping the trees' shape. The blend is the share given to the new rows.",
    firstHelp: 'The first stage has no earlier trees to refit.',
    min: 0.05,
    max: 1,
    step: 0.05
  },
  groupWeights: {
    label: 'Per-mission weights',
    short: 'per-mission weights',
    help: "On a calibration split carved from this mission's training rows, learn how much each stage's trees count when classifying this mission's objects."
  },
  mission: { label: 'Mission', short: 'mission', help: '' },
  stage: { label: 'Settings', short: 'settings', help: '' }
} as const satisfies Record<string, FieldSpec>;

export type PlanFieldId = keyof typeof PLAN_FIELDS;
export type StageFieldKey = keyof typeof STAGE_FIELDS;

const STAGE_ID = /^stage-(koi|k2|toi)-(\w+)$/;

/** The spec of a form id: `holdout`, `stage-k2-trees`, ... (undefined for an unknown id). */
export function fieldSpec(field: string): FieldSpec | undefined {
  const m = STAGE_ID.exec(field);
  if (m) return (STAGE_FIELDS as Record<string, FieldSpec>)[m[2]];
  return (PLAN_FIELDS as Record<string, FieldSpec>)[field];
}

/** A field id in words, for the list of problems: "K2 stage, trees", "Hold-out share". */
export function fieldLabel(field: string): string {
  const m = STAGE_ID.exec(field);
  const spec = fieldSpec(field);
  if (m) return `${MISSION_LABEL[m[1] as StageMission]} stage, ${spec?.short ?? m[2]}`;
  if (!spec) return field;
  return spec.short.charAt(0).toUpperCase() + spec.short.slice(1);
}

/**
 * A stage's settings as stored in a model file (its hyperparameters), as labelled values in the
 * form's words: "Features per split: square root of the count". Unknown keys are kept, raw.
 */
export function describeSettings(
  hyperparameters: Readonly<Record<string, unknown>>
): { label: string; value: string }[] {
  const words = (key: StageFieldKey, v: unknown): string =>
    (STAGE_FIELDS[key] as FieldSpec).options?.find(([o]) => o === v)?.[1] ?? String(v);
  const KEYS: Record<string, (v: unknown) => [string, string] | null> = {
    nTrees: (v) => [STAGE_FIELDS.trees.label, String(v)],
    maxFeatures: (v) => [
      STAGE_FIELDS.maxFeatures.label,
      v === 1
        ? 'all features'
        : typeof v === 'number' && v < 1
          ? `${v} of the features`
          : words('maxFeatures', v)
    ],
    maxDepth: (v) => [STAGE_FIELDS.maxDepth.label, v === null ? 'unlimited' : String(v)],
    minSamplesLeaf: (v) => [STAGE_FIELDS.minSamplesLeaf.label, String(v)],
    minSamplesSplit: (v) => [STAGE_FIELDS.minSamplesSplit.label, String(v)],
    criterion: (v) => [STAGE_FIELDS.criterion.label, words('criterion', v)],
    classWeight: (v) => [
      STAGE_FIELDS.classWeight.label,
      v === null ? 'equal' : Array.isArray(v) ? v.join(', ') : String(v)
    ],
    replayWeight: (v) => [STAGE_FIELDS.replay.label, v === null ? 'off' : String(v)],
    refitLeaves: (v) => [
      STAGE_FIELDS.refit.label,
      v === null ? 'off' : typeof v === 'object' && v && 'blend' in v ? String(v.blend) : String(v)
    ],
    groupWeights: (v) => [STAGE_FIELDS.groupWeights.label, v ? 'learned' : 'off'],
    refitRows: () => null,
    seed: (v) => ['Seed of this stage', String(v)]
  };
  const out: { label: string; value: string }[] = [];
  for (const [k, v] of Object.entries(hyperparameters)) {
    const pair = KEYS[k] ? KEYS[k](v) : [k, typeof v === 'object' ? JSON.stringify(v) : String(v)];
    if (pair) out.push({ label: pair[0], value: pair[1] });
  }
  return out;
}

/** A problem message without the "(got NaN)" that an empty field produces. */
function tidy(message: string): string {
  return message.replace(/ \(got (NaN|null|\[[^\]]*null[^\]]*\])\)$/, ' (the field is empty)');
}

export interface FormCheck {
  plan: TrainingPlan;
  /** Every problem, keyed by form field id. */
  byField: FieldProblems;
  /** The same problems as a list, for a summary above the Train button. */
  problems: (PlanProblem & { field: string })[];
}

/**
 * Converts and validates: the pipeline's validatePlan messages, plus what only the form knows
 * (a stage without a dataset, no stage at all).
 */
export function checkForm(form: PlanForm): FormCheck {
  const plan = formToPlan(form);
  const problems: FormCheck['problems'] = [];
  const noStage = !form.stages.some((s) => s.enabled);
  for (const p of validatePlan(plan)) {
    // With every stage switched off, the pipeline's "non-empty list of stages" is said below.
    if (noStage && p.path === 'stages') continue;
    problems.push({ path: p.path, message: tidy(p.message), field: fieldOf(p.path, plan) });
  }
  if (noStage) {
    problems.push({
      path: 'stages',
      field: 'stages',
      message:
        'switch on at least one stage below; each stage needs a stored archive table (add them on the Datasets page)'
    });
  }
  form.stages.forEach((s) => {
    if (s.enabled && s.datasetIds.length === 0) {
      problems.push({
        path: `datasets.${s.mission}`,
        field: `stage-${s.mission}-datasets`,
        message: `pick at least one ${MISSION_LABEL[s.mission]} dataset for this stage, or switch the stage off`
      });
    }
  });
  const byField: FieldProblems = {};
  for (const p of problems) (byField[p.field] ??= []).push(p.message);
  return { plan, byField, problems };
}

/**
 * A preset's settings (fast / default / thorough) for every stage, keeping the user's task,
 * seed, hold-out, stage order, switched-on stages and datasets. Each mission gets its own
 * default settings; replay follows position (the first stage never replays; a mission that is
 * first in the default order but later here replays like the default's first later stage).
 */
export function applyPreset(form: PlanForm, preset: Preset): PlanForm {
  if (!PRESETS.includes(preset)) throw new Error(`unknown preset '${String(preset)}'`);
  const fresh = planToForm(defaultPlan(form.task, preset));
  const laterReplay = fresh.stages.slice(1).find((s) => s.replay);
  const out = structuredClone(form);
  out.features = fresh.features;
  out.customFeatures = [];
  out.calibration = fresh.calibration;
  out.selection.enabled = false;
  out.base = { ...fresh.base, task: form.task, seed: form.base.seed, holdout: form.base.holdout };
  out.stages = form.stages.map((s) => {
    const template = structuredClone(fresh.stages.find((t) => t.mission === s.mission)!);
    if (!template.replay && laterReplay) {
      template.replay = true;
      template.replayWeight = laterReplay.replayWeight;
    }
    return { ...template, mission: s.mission, enabled: s.enabled, datasetIds: [...s.datasetIds] };
  });
  return out;
}

/**
 * When the first switched-on stage changes, the stage that lost the first place and had replay
 * off gets the replay setting of the first later stage that replays in the old order (as the
 * CLI's --stages does with the default plan).
 */
function afterReorder(before: PlanForm, out: PlanForm): PlanForm {
  const firstBefore = firstEnabled(before);
  const firstAfter = firstEnabled(out);
  if (!firstBefore || !firstAfter || firstBefore === firstAfter) return out;
  const demoted = out.stages.find((s) => s.mission === firstBefore)!;
  if (!demoted.enabled || demoted.replay) return out;
  const later = before.stages
    .filter((s) => s.enabled)
    .slice(1)
    .find((s) => s.replay);
  demoted.replay = true;
  demoted.replayWeight = later?.replayWeight ?? demoted.replayWeight ?? 0.3;
  return out;
}

/** Moves a stage up (-1) or down (+1) in the order. */
export function moveStage(form: PlanForm, index: number, delta: -1 | 1): PlanForm {
  const to = index + delta;
  if (index < 0 || index >= form.stages.length || to < 0 || to >= form.stages.length) return form;
  const out = structuredClone(form);
  const [moved] = out.stages.splice(index, 1);
  out.stages.splice(to, 0, moved);
  return afterReorder(form, out);
}

/** Switches a stage on or off. */
export function setStageEnabled(form: PlanForm, mission: StageMission, enabled: boolean): PlanForm {
  const out = structuredClone(form);
  const st = out.stages.find((s) => s.mission === mission);
  if (st) st.enabled = enabled;
  return afterReorder(form, out);
}

function firstEnabled(form: PlanForm): StageMission | undefined {
  return form.stages.find((s) => s.enabled)?.mission;
}

/** Changes the task, resizing custom class weights to the new class count. */
export function setTask(form: PlanForm, task: Task): PlanForm {
  const out = structuredClone(form);
  out.task = task;
  const K = classCount(task);
  for (const s of out.stages) {
    s.classWeights = Array.from({ length: K }, (_, c) => s.classWeights[c] ?? 1);
  }
  return out;
}

/** Class names of the form's task, for the custom class-weight fields. */
export function formClasses(form: PlanForm): string[] {
  return taskClasses(form.task);
}

/** Stored datasets to train on, in stage order, each once (the order the CLI's --data must follow). */
export function inputDatasetIds(form: PlanForm): string[] {
  const out: string[] = [];
  for (const s of form.stages) {
    if (!s.enabled) continue;
    for (const id of s.datasetIds) if (!out.includes(id)) out.push(id);
  }
  return out;
}
