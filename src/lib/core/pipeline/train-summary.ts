/** What the app's results view shows of a training run: plain data, no forest. */
import type { EvaluationReport } from './report.ts';
import type { MissionSummary, Importances } from './model-summary.ts';
import type { PermutationImportance } from './permutation.ts';
import type { TrainingPlan } from './plan.ts';
import type { RankedCandidate } from './ranking.ts';
import type { StageResult } from './staged.ts';
import { formatFinalModel } from './report-final.ts';
import type { FeatureSelectionResult, TrainingResult } from './train.ts';

export interface TrainSummary {
  plan: TrainingPlan;
  task: TrainingPlan['task'];
  classes: string[];
  features: { name: string; unit: string }[];
  report: EvaluationReport;
  importances: Importances;
  /** Filled in later by the hold-out permutation importance (it takes a while on real data). */
  permutation: PermutationImportance | null;
  featureSelection: FeatureSelectionResult | null;
  missions: MissionSummary[];
  stages: StageResult[];
  groupWeights: Record<string, number[]>;
  candidates: RankedCandidate[] | null;
  trees: number;
  timings: Record<string, number>;
  /**
   * What `exoforest train` prints under the table about the final model (refit, calibration).
   * Absent in runs stored before it existed.
   */
  finalModel?: string;
}

export function trainSummary(result: TrainingResult): TrainSummary {
  return {
    plan: result.plan,
    task: result.task,
    classes: result.classes,
    features: result.features,
    report: result.report,
    importances: result.importances,
    permutation: null,
    featureSelection: result.featureSelection,
    missions: result.missions,
    stages: result.staged.stages,
    groupWeights: result.staged.groupWeights,
    candidates: result.candidates,
    trees: result.staged.forest.treeStart.length - 1,
    timings: result.timings,
    finalModel: formatFinalModel(result)
  };
}
