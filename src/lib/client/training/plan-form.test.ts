import { describe, expect, it } from 'vitest';
import { defaultPlan, validatePlan, type TrainingPlan } from '../../core/pipeline/index.ts';
import {
  applyPreset,
  checkForm,
  defaultForm,
  describeSettings,
  fieldLabel,
  fieldOf,
  fieldSpec,
  PLAN_FIELDS,
  STAGE_FIELDS,
  formToPlan,
  inputDatasetIds,
  moveStage,
  planToForm,
  setStageEnabled,
  setTask
} from './plan-form.ts';

const datasets = { koi: ['d-koi'], k2: ['d-k2'], toi: ['d-toi'] };

describe('settings form <-> training plan', () => {
  it('the default form is exactly the pipeline default plan, for every preset and task', () => {
    for (const task of ['vetting', 'disposition'] as const) {
      for (const preset of ['fast', 'default', 'thorough'] as const) {
        const form = defaultForm(task, preset, datasets);
        expect(formToPlan(form)).toEqual(defaultPlan(task, preset));
        const check = checkForm(form);
        expect(check.problems).toEqual([]);
      }
    }
  });

  it('round-trips a plan with every setting changed', () => {
    const plan: TrainingPlan = {
      task: 'disposition',
      seed: 7,
      holdout: 0.25,
      features: 'canonical',
      stages: [
        {
          mission: 'toi',
          trees: 12,
          maxFeatures: 0.5,
          maxDepth: 8,
          minSamplesLeaf: 3,
          minSamplesSplit: 6,
          criterion: 'entropy',
          classWeight: [1, 2, 0.5],
          replay: null,
          refit: null,
          groupWeights: false
        },
        {
          mission: 'koi',
          trees: 5,
          maxFeatures: 4,
          maxDepth: null,
          minSamplesLeaf: 1,
          minSamplesSplit: 2,
          criterion: 'gini',
          classWeight: 'balanced',
          replay: { weight: 0.5 },
          refit: { blend: 0.25 },
          groupWeights: true
        }
      ],
      featureSelection: { method: 'permutation', cumulativeShare: 0.8 },
      calibration: { fraction: 0.3, mode: 'keep' }
    };
    expect(validatePlan(plan)).toEqual([]);
    const form = planToForm(plan, datasets);
    // The mission without a stage is listed, switched off, after the plan's stages.
    expect(form.stages.map((s) => [s.mission, s.enabled])).toEqual([
      ['toi', true],
      ['koi', true],
      ['k2', false]
    ]);
    expect(formToPlan(form)).toEqual(plan);
    expect(inputDatasetIds(form)).toEqual(['d-toi', 'd-koi']);
  });

  it("shows the pipeline's validatePlan messages beside the fields they belong to", () => {
    const form = defaultForm('vetting', 'fast', datasets);
    form.seed = 1.5;
    form.holdout = 0.7;
    form.stages[1].trees = null; // k2: emptied field
    form.stages[2].trees = 20_000;
    form.stages[2].maxFeaturesMode = 'fraction';
    form.stages[2].maxFeaturesValue = 1.5;
    form.stages[0].unlimitedDepth = false;
    form.stages[0].maxDepth = 0;
    form.stages[1].classWeightMode = 'custom';
    form.stages[1].classWeights = [1, -2];
    form.stages[1].replayWeight = 2;
    form.selection.enabled = true;
    form.selection.mode = 'top';
    form.selection.keepTop = 0;
    form.calibration.fraction = 0.9;
    const { byField, problems } = checkForm(form);
    expect(Object.keys(byField).sort()).toEqual(
      [
        'seed',
        'holdout',
        'stage-k2-trees',
        'stage-toi-trees',
        'stage-toi-maxFeatures',
        'stage-koi-maxDepth',
        'stage-k2-classWeight',
        'stage-k2-replay',
        'selection-keepTop',
        'calibration-fraction'
      ].sort()
    );
    expect(byField['seed'][0]).toMatch(/must be an integer/);
    expect(byField['holdout'][0]).toMatch(/at most 0.5/);
    expect(byField['stage-k2-trees'][0]).toMatch(/integer from 1 to 10000 \(the field is empty\)/);
    expect(byField['stage-toi-trees'][0]).toMatch(/got 20000/);
    expect(byField['stage-k2-classWeight'][0]).toMatch(/2 finite weights >= 0/);
    expect(problems.length).toBe(10);
  });

  it('asks for a dataset per switched-on stage and for at least one stage', () => {
    const form = defaultForm('vetting', 'default', { koi: ['a'] });
    let check = checkForm(form);
    expect(check.byField['stage-k2-datasets'][0]).toMatch(/pick at least one K2 dataset/);
    expect(check.byField['stage-toi-datasets']).toHaveLength(1);
    let off = setStageEnabled(form, 'k2', false);
    off = setStageEnabled(off, 'toi', false);
    check = checkForm(off);
    expect(check.problems).toEqual([]);
    expect(check.plan.stages.map((s) => s.mission)).toEqual(['koi']);
    const none = setStageEnabled(off, 'koi', false);
    expect(checkForm(none).byField['stages'][0]).toMatch(/switch on at least one stage/);
  });

  it('the first stage never replays or refits, and a demoted first stage starts replaying', () => {
    const form = defaultForm('vetting', 'default', datasets);
    form.stages[0].refit = true; // ignored while first
    expect(formToPlan(form).stages[0]).toMatchObject({ replay: null, refit: null });
    // Move K2 to the front: KOI, now second, takes the replay the other later stages have.
    const moved = moveStage(form, 1, -1);
    const plan = formToPlan(moved);
    expect(plan.stages.map((s) => s.mission)).toEqual(['k2', 'koi', 'toi']);
    expect(plan.stages[0].replay).toBeNull();
    // (the replay of the first later stage in the old order: K2's in the default plan)
    expect(plan.stages[1].replay).toEqual(defaultPlan('vetting').stages[1].replay);
    expect(plan.stages[1].refit).toEqual({ blend: 0.5 });
    expect(validatePlan(plan)).toEqual([]);
    // Out of range moves do nothing.
    expect(moveStage(form, 0, -1)).toBe(form);
    expect(moveStage(form, 2, 1)).toBe(form);
    // Switching the first stage off promotes the next one the same way.
    const off = setStageEnabled(form, 'koi', false);
    expect(formToPlan(off).stages.map((s) => [s.mission, s.replay])).toEqual([
      ['k2', null],
      ['toi', defaultPlan('vetting').stages[2].replay]
    ]);
  });

  it('presets change the per-stage settings and keep order, datasets, task and seed', () => {
    let form = defaultForm('vetting', 'default', datasets);
    form = moveStage(form, 2, -1); // koi, toi, k2
    form.seed = 99;
    form.stages[1].criterion = 'entropy';
    const fast = applyPreset(form, 'fast');
    const plan = formToPlan(fast);
    expect(plan.seed).toBe(99);
    const d = defaultPlan('vetting', 'fast').stages;
    expect(plan.stages.map((s) => [s.mission, s.trees, s.criterion, s.replay])).toEqual([
      ['koi', 40, 'gini', null],
      ['toi', 40, 'gini', d[2].replay],
      ['k2', 40, 'gini', d[1].replay]
    ]);
    // KOI moved later replays like the default's first later stage.
    const koiLater = formToPlan(applyPreset(moveStage(form, 0, 1), 'fast'));
    expect(koiLater.stages.map((s) => [s.mission, s.replay])).toEqual([
      ['toi', null],
      ['koi', d[1].replay],
      ['k2', d[1].replay]
    ]);
    expect(inputDatasetIds(fast)).toEqual(['d-koi', 'd-toi', 'd-k2']);
    expect(applyPreset(form, 'thorough').stages.every((s) => s.trees === 300)).toBe(true);
    expect(() => applyPreset(form, 'huge' as never)).toThrow(/unknown preset/);
  });

  it('changing the task resizes custom class weights', () => {
    const form = defaultForm('vetting', 'default', datasets);
    form.stages[0].classWeightMode = 'custom';
    form.stages[0].classWeights = [2, 1];
    const d = setTask(form, 'disposition');
    expect(d.stages[0].classWeights).toEqual([2, 1, 1]);
    expect(formToPlan(d).stages[0].classWeight).toEqual([2, 1, 1]);
    expect(checkForm(d).problems).toEqual([]);
    expect(setTask(d, 'vetting').stages[0].classWeights).toEqual([2, 1]);
  });

  it('maps validatePlan paths to field ids by mission', () => {
    const plan = defaultPlan('vetting');
    expect(fieldOf('stages[2].trees', plan)).toBe('stage-toi-trees');
    expect(fieldOf('stages[0]', plan)).toBe('stage-koi-stage');
    expect(fieldOf('features[3]', plan)).toBe('features');
    expect(fieldOf('featureSelection', plan)).toBe('selection');
    expect(fieldOf('calibration.mode', plan)).toBe('calibration-mode');
    expect(fieldOf('task', plan)).toBe('task');
    expect(fieldLabel('stage-k2-trees')).toBe('K2 stage, trees');
    expect(fieldLabel('holdout')).toBe('Hold-out share');
    expect(fieldLabel('selection-keepTop')).toBe('Feature selection: k');
  });
});

describe('the field table', () => {
  it('has a label and help for every field a plan problem can point at', () => {
    const plan = formToPlan(defaultForm('vetting', 'default', datasets));
    const paths = [
      'task',
      'seed',
      'holdout',
      'features',
      'stages',
      'featureSelection',
      'featureSelection.keepTop',
      'featureSelection.cumulativeShare',
      'featureSelection.method',
      'calibration.fraction',
      'calibration.mode',
      'calibration.objective',
      ...Object.keys(plan.stages[0]).map((k) => `stages[1].${k}`)
    ];
    for (const path of paths) {
      const id = fieldOf(path, plan);
      expect(fieldSpec(id), `${path} -> ${id}`).toBeDefined();
      expect(fieldLabel(id)).not.toBe(id);
    }
  });

  it('gives number fields bounds that agree with validatePlan', () => {
    // The smallest value the input offers is accepted, one step below it is refused.
    const form = defaultForm('vetting', 'default', datasets);
    form.stages[1].trees = STAGE_FIELDS.trees.min;
    form.holdout = PLAN_FIELDS.holdout.max;
    expect(checkForm(form).problems).toEqual([]);
    form.stages[1].trees = STAGE_FIELDS.trees.min - STAGE_FIELDS.trees.step;
    form.holdout = PLAN_FIELDS.holdout.max + PLAN_FIELDS.holdout.step;
    expect(Object.keys(checkForm(form).byField).sort()).toEqual(['holdout', 'stage-k2-trees']);
  });
});

describe('describeSettings', () => {
  it("shows a model file's stage settings as labelled values in the form's words", () => {
    const shown = describeSettings({
      classWeight: null,
      criterion: 'gini',
      maxDepth: null,
      maxFeatures: 'sqrt',
      nTrees: 100,
      refitLeaves: null,
      refitRows: 0,
      replayWeight: 0.3
    });
    expect(shown).toEqual([
      { label: 'Class weights', value: 'equal' },
      { label: 'Split criterion', value: 'Gini impurity' },
      { label: 'Maximum depth', value: 'unlimited' },
      { label: 'Features per split', value: 'square root of the count' },
      { label: 'Trees', value: '100' },
      { label: 'Refit blend', value: 'off' },
      { label: 'Replay weight', value: '0.3' }
    ]);
  });
});

describe('problems in words', () => {
  it('asks for a stage in plain words when every stage is off', () => {
    let form = defaultForm('vetting', 'default', {});
    for (const m of ['koi', 'k2', 'toi'] as const) form = setStageEnabled(form, m, false);
    const { problems } = checkForm(form);
    expect(problems.map((p) => `${fieldLabel(p.field)}: ${p.message}`)).toEqual([
      'Stages: switch on at least one stage below; each stage needs a stored archive table (add them on the Datasets page)'
    ]);
  });
});
