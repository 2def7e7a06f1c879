/**
 * TrainingResult -> ModelFile (the format of src/lib/core/model). The model keeps what decides
 * predictions (forest, per-mission stage weights, feature list) plus the model card: stages with
 * their data, settings and row counts, hold-out metrics, importances, feature ranges.
 */
import { featureInfo } from '../missions/index.ts';
import type { JsonObject, JsonValue, ModelFile, StageInfo } from '../model/index.ts';
import type { ModelEvaluation } from './report.ts';
import { finalModelMetrics } from './report-final.ts';
import { storedTreeWeights } from './staged.ts';
import type { TrainingResult } from './train.ts';

export interface ToModelOptions {
  /** Display name of the model. */
  name: string;
  /** ISO 8601 creation time (default now); fix it for byte-identical files. */
  createdAt?: string;
  notes?: string;
  /**
   * Write the forest that was scored on the hold-out instead of the final (refitted) one, e.g.
   * to re-predict the hold-out. Its feature ranges and importances are the final model's.
   */
  evaluated?: boolean;
}

/** A MetricReport-based evaluation without the bulky curves (for the baselines). */
function withoutCurves(ev: ModelEvaluation): JsonValue {
  const strip = (r: object) => ({ ...r, rocCurve: null, prCurve: null, calibration: null });
  return JSON.parse(
    JSON.stringify({
      byMission: Object.fromEntries(Object.entries(ev.byMission).map(([m, r]) => [m, strip(r)])),
      combined: strip(ev.combined)
    })
  ) as JsonValue;
}

function json(v: unknown): JsonValue {
  return JSON.parse(JSON.stringify(v)) as JsonValue;
}

/** Converts a training result to a model file (see model/types.ts). */
export function toModelFile(result: TrainingResult, options: ToModelOptions): ModelFile {
  if (!options || typeof options.name !== 'string') {
    throw new Error("toModelFile: options.name (the model's display name) is required");
  }
  const { plan, report } = result;
  const staged = options.evaluated ? result.evaluated : result.staged;
  const stages: StageInfo[] = staged.stages.map((st) => {
    const ms = result.missions.find((m) => m.mission === st.mission)!;
    const sp = plan.stages[st.index];
    const hyper: JsonObject = {
      nTrees: st.params.nTrees,
      maxFeatures: st.params.maxFeatures,
      criterion: st.params.criterion,
      maxDepth: st.params.maxDepth,
      minSamplesLeaf: st.params.minSamplesLeaf,
      minSamplesSplit: st.params.minSamplesSplit,
      seed: st.params.seed,
      classWeight: sp.classWeight === null ? null : json(sp.classWeight),
      replayWeight: st.params.replayWeight,
      refitLeaves: st.params.refitBlend === null ? null : { blend: st.params.refitBlend },
      groupWeights: sp.groupWeights,
      refitRows: st.rows.refit
    };
    return {
      mission: st.mission,
      dataset: ms.datasets.join(' + '),
      dataFingerprint: ms.fingerprint,
      snapshotDate: ms.snapshotDate,
      hyperparameters: hyper,
      classWeights: [...st.classWeights],
      rows: {
        train: st.rows.train,
        holdout: ms.rows.holdout,
        calibration: st.rows.calibration,
        replayed: st.rows.replayed
      },
      treeRange: [st.treeRange[0], st.treeRange[1]]
    };
  });
  const models: { [k: string]: JsonValue } = {};
  for (const [name, ev] of Object.entries(report.models)) {
    if (ev) models[name] = name === 'staged' ? json(ev) : withoutCurves(ev);
  }
  const metrics: JsonObject = {
    task: report.task,
    classes: report.classes,
    positiveClass: report.positiveClass,
    missions: report.missions,
    holdout: report.holdout,
    rows: json(report.rows),
    trees: report.trees,
    bootstrapReps: report.bootstrapReps,
    models,
    groupWeights: json(staged.groupWeights),
    plan: json(plan)
  };
  Object.assign(metrics, finalModelMetrics(result, options.evaluated === true));
  if (result.featureSelection) {
    const fs = result.featureSelection;
    metrics.featureSelection = {
      method: fs.method,
      kept: fs.kept,
      dropped: fs.dropped,
      ranking: json(fs.ranking),
      before: withoutCurves(fs.before),
      after: withoutCurves(fs.after)
    };
  }
  const byMission = storedTreeWeights(staged);
  return {
    meta: {
      name: options.name,
      createdAt: options.createdAt ?? new Date().toISOString(),
      task: result.task,
      classes: [...result.classes],
      positiveClass: result.task === 'vetting' ? result.classes[0] : null,
      features: result.features.map((f) => modelFeatureInfo(f.name, f.unit)),
      featureRanges: result.featureRanges.map((r) => (r ? { ...r } : null)),
      stages,
      metrics,
      importances: json(result.importances) as ModelFile['meta']['importances'],
      notes: options.notes ?? '',
      ...(Object.keys(result.missingFill).length > 0
        ? { missingFill: structuredClone(result.missingFill) }
        : {})
    },
    forest: staged.forest,
    treeWeights: byMission ? { per: 'stage', byMission } : null,
    ...(staged.calibration ? { calibration: structuredClone(staged.calibration) } : {})
  };
}

/** A model feature with the registry's description, help text and valid range (model card). */
function modelFeatureInfo(name: string, unit: string): ModelFile['meta']['features'][number] {
  const info = featureInfo(name);
  return {
    name,
    unit,
    ...(info ? { description: info.description } : {}),
    ...(info?.help ? { help: info.help } : {}),
    ...(info?.valid ? { valid: info.valid.text } : {})
  };
}
