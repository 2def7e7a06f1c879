/**
 * Progress of a training job for the Train page: one bar per stage (every forest grown for that
 * stage: calibration pass, final pass, the "before" model of feature selection), one for the
 * baselines and one for the feature-ranking forest, plus elapsed time and an estimate of the
 * time left. Pure: fed the pipeline's TrainingProgress events.
 */
import {
  baselineTreeCount,
  calibrationOf,
  jobTreeCount,
  refitsOnAllRows,
  totalTrees,
  type TrainingPhase,
  type TrainingPlan,
  type TrainingProgress
} from '../../core/pipeline/index.ts';
import { MISSION_LABEL } from './plan-form.ts';

export interface ProgressBar {
  key: string;
  label: string;
  done: number;
  total: number;
}

export interface ProgressState {
  bars: ProgressBar[];
  treesDone: number;
  treesTotal: number;
  phase: TrainingPhase;
  message: string;
  /** Bar that received the last trees (internal). */
  lastBar: string | null;
}

/** Trees each bar will count for a plan (baselines on, as in the app and the CLI). */
export function progressBars(plan: TrainingPlan): ProgressBar[] {
  const retrain = plan.stages.some((s) => s.groupWeights) && calibrationOf(plan).mode === 'retrain';
  const passes = (retrain ? 2 : 1) * (plan.featureSelection ? 2 : 1);
  const bars: ProgressBar[] = [];
  if (plan.featureSelection) {
    bars.push({
      key: 'selection',
      label: 'Feature ranking',
      done: 0,
      total: Math.min(300, totalTrees(plan))
    });
  }
  plan.stages.forEach((s, i) =>
    bars.push({
      key: `stage-${i}`,
      label: `Stage ${i + 1}: ${MISSION_LABEL[s.mission]}`,
      done: 0,
      total: s.trees * passes
    })
  );
  bars.push({ key: 'baselines', label: 'Baselines', done: 0, total: baselineTreeCount(plan) });
  if (refitsOnAllRows(plan)) {
    bars.push({
      key: 'final',
      label: 'Final model (all rows)',
      done: 0,
      total: (retrain ? 2 : 1) * totalTrees(plan)
    });
  }
  return bars;
}

export function initialProgress(plan: TrainingPlan): ProgressState {
  return {
    bars: progressBars(plan),
    treesDone: 0,
    treesTotal: jobTreeCount(plan),
    phase: 'prepare',
    message: 'Starting',
    lastBar: null
  };
}

function barOf(p: TrainingProgress): string | null {
  if ((p.phase === 'train' || p.phase === 'calibrate') && p.stage !== null)
    return `stage-${p.stage}`;
  if (p.phase === 'baselines') return 'baselines';
  if (p.phase === 'final') return 'final';
  if (p.phase === 'select-features') return 'selection';
  return null;
}

/**
 * The next state after an event. Trees finished since the last event belong to the bar that
 * was growing then (a new forest's first event comes before any of its trees).
 */
export function applyProgress(state: ProgressState, p: TrainingProgress): ProgressState {
  const delta = Math.max(0, p.treesDone - state.treesDone);
  const current = barOf(p);
  const target = state.lastBar ?? current;
  const bars = state.bars.map((b) =>
    b.key === target && delta > 0 ? { ...b, done: Math.min(b.total, b.done + delta) } : b
  );
  const finished = p.phase === 'done';
  return {
    bars: finished ? bars.map((b) => ({ ...b, done: b.total })) : bars,
    treesDone: Math.max(state.treesDone, p.treesDone),
    treesTotal: p.treesTotal || state.treesTotal,
    phase: p.phase,
    message: p.message,
    lastBar: current ?? state.lastBar
  };
}

/**
 * Milliseconds left, from the trees grown so far (null until there is enough to go on: 2% of
 * the trees or 2 seconds).
 */
export function estimateRemaining(done: number, total: number, elapsedMs: number): number | null {
  if (!(total > 0) || done <= 0 || elapsedMs <= 0) return null;
  if (done >= total) return 0;
  if (done / total < 0.02 && elapsedMs < 2000) return null;
  return (elapsedMs / done) * (total - done);
}

/** "4 s", "1 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
