/**
 * The Train page's backtest: an older and a newer stored dataset per mission -> the plan and
 * the train worker's inputs, built as `exoforest backtest` builds them from the same files (the
 * default plan restricted to the chosen missions in KOI, K2, TESS order, the first stage without
 * replay; --trees and --seed), and the equivalent command line.
 */
import { defaultPlan, type StageMission, type TrainingPlan } from '../../core/pipeline/index.ts';
import type { DatasetSummary } from '../store/index.ts';
import { DEFAULT_ORDER } from './plan-form.ts';
import { runInputs } from './runner.ts';
import type { KeptInput } from './session.ts';

export interface BacktestChoice {
  /** Per mission: the older (trained on) and newer dataset ids; null = mission left out. */
  pairs: Partial<Record<StageMission, { older: string | null; later: string | null }>>;
  trees: number;
  seed: number;
}

/** Default pairs: per mission with two stored datasets, the oldest download and the newest. */
export function defaultBacktestChoice(datasets: DatasetSummary[]): BacktestChoice {
  const pairs: BacktestChoice['pairs'] = {};
  for (const m of DEFAULT_ORDER) {
    const list = datasets
      .filter((d) => d.kind === m)
      .sort((a, b) => ((a.downloadDate ?? '') < (b.downloadDate ?? '') ? -1 : 1));
    pairs[m] =
      list.length >= 2
        ? { older: list[0].id, later: list[list.length - 1].id }
        : { older: null, later: null };
  }
  return { pairs, trees: 100, seed: 42 };
}

/** Missions with both an older and a newer dataset, in KOI, K2, TESS order. */
export function chosenMissions(c: BacktestChoice): StageMission[] {
  return DEFAULT_ORDER.filter((m) => c.pairs[m]?.older && c.pairs[m]?.later);
}

/** The plan `exoforest backtest --trees N --seed S` builds for these missions. */
export function backtestPlan(c: BacktestChoice): TrainingPlan {
  const plan = defaultPlan('vetting');
  const missions = chosenMissions(c);
  plan.stages = plan.stages
    .filter((s) => missions.includes(s.mission))
    .map((s, i) => ({ ...s, trees: c.trees, ...(i === 0 ? { replay: null, refit: null } : {}) }));
  plan.seed = c.seed;
  return plan;
}

/** Problems that stop a backtest from starting ('' when none). */
export function backtestProblem(c: BacktestChoice): string {
  for (const m of DEFAULT_ORDER) {
    const p = c.pairs[m];
    if (p && p.older && p.later && p.older === p.later)
      return 'Choose two different downloads of a table: an older one and a newer one.';
    if (p && (p.older === null) !== (p.later === null))
      return 'Choose both an older and a newer dataset for a mission, or neither.';
  }
  if (chosenMissions(c).length === 0)
    return 'Choose an older and a newer dataset of at least one mission (store two downloads of the same table on the Datasets page).';
  if (!Number.isInteger(c.trees) || c.trees < 1 || c.trees > 10_000)
    return 'Trees per stage must be a whole number from 1 to 10000.';
  if (!Number.isInteger(c.seed)) return 'The seed must be a whole number.';
  return '';
}

/** The same backtest from the command line (dataset names as file names). */
export function backtestCommand(c: BacktestChoice, datasets: DatasetSummary[]): string {
  const name = (id: string | null) => datasets.find((d) => d.id === id)?.name ?? '?';
  const missions = chosenMissions(c);
  return [
    'npx exoforest backtest',
    ...missions.map((m) => `--data ${name(c.pairs[m]!.older)}`),
    ...missions.map((m) => `--later ${name(c.pairs[m]!.later)}`),
    `--trees ${c.trees}`,
    `--seed ${c.seed}`
  ].join(' ');
}

/** The train worker's inputs (tables kept there first). */
export async function backtestInputs(
  c: BacktestChoice,
  keep: (ids: string[]) => Promise<void>
): Promise<{ older: KeptInput[]; later: KeptInput[] }> {
  const missions = chosenMissions(c);
  const olderIds = missions.map((m) => c.pairs[m]!.older!);
  const laterIds = missions.map((m) => c.pairs[m]!.later!);
  const { inputs } = await runInputs([...olderIds, ...laterIds], keep);
  return { older: inputs.slice(0, olderIds.length), later: inputs.slice(olderIds.length) };
}
