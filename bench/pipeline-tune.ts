/**
 * Inner cross-validation of plan variants on the real archive tables (training rows only; the
 * plan's hold-out is never touched). Used to choose defaultPlan's settings.
 * Usage: tsx bench/pipeline-tune.ts [vetting|disposition] [folds] [--fold-seeds=1,2] ['<JSON patch of the plan>' ...]
 * A patch is merged into defaultPlan(task); "stages" entries are merged into every stage
 * ("stageN" into stage N only). With --fold-seeds the CV is repeated with each fold assignment
 * (same plan and hold-out) and the staged-minus-pooled accuracy is summarised per fold over all
 * repetitions (mean +- standard error, points): a gain within about two standard errors is a tie.
 * Each line is model: mission accuracy %/ROC AUC/log loss; "staged, no uncertainty columns" is
 * the staged model on the same folds with every uncertainty-derived feature missing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FROM_UNCERTAINTY_COLUMNS, parseCsvText } from '../src/lib/core/missions/index.ts';
import {
  defaultPlan,
  type StagePlan,
  type Task,
  type TrainingPlan
} from '../src/lib/core/pipeline/index.ts';
import { crossValidate, pairedDifference } from '../src/lib/core/pipeline/tune.ts';

const FILES = ['cumulative_2025.10.04_07.34.55.csv', 'k2.csv', 'TOI_2025.10.04_07.29.48.csv'];

export function loadInputs(dir: string) {
  return FILES.map((f) => {
    const r = parseCsvText(readFileSync(path.join(dir, f), 'utf8'), { name: f });
    return { table: r.table, report: r.report };
  });
}

export function patchPlan(task: Task, patch: Record<string, unknown>): TrainingPlan {
  const plan = defaultPlan(task);
  const { stages, stage0, stage1, stage2, ...rest } = patch as Record<
    string,
    Partial<StagePlan> | undefined
  >;
  Object.assign(plan, rest);
  plan.stages = plan.stages.map((s, i) => ({
    ...s,
    ...(stages ?? {}),
    ...([stage0, stage1, stage2][i] ?? {})
  }));
  return plan;
}

async function main() {
  const dir = process.env.EXOFOREST_DATA ?? path.resolve(import.meta.dirname, '../../shared/data');
  const args = process.argv.slice(2);
  const seedsArg = args.find((a) => a.startsWith('--fold-seeds='));
  const [task = 'vetting', folds = '5', ...patches] = args.filter((a) => a !== seedsArg);
  const foldSeeds = seedsArg
    ? seedsArg.slice('--fold-seeds='.length).split(',').map(Number)
    : [undefined];
  const inputs = loadInputs(dir);
  for (const p of patches.length ? patches : ['{}']) {
    const plan = patchPlan(task as Task, JSON.parse(p));
    const diffs: Record<string, { staged: number[]; pooled: number[] }> = {};
    for (const foldSeed of foldSeeds) {
      await runOne(inputs, plan, p, Number(folds), foldSeed, diffs);
    }
    const cells = Object.entries(diffs).map(([m, d]) => {
      const { mean, se } = pairedDifference(d.staged, d.pooled);
      return `${m} ${mean >= 0 ? '+' : ''}${(100 * mean).toFixed(2)} +- ${(100 * se).toFixed(2)}`;
    });
    if (cells.length > 0) {
      console.log(
        `  staged - pooled per fold (${foldSeeds.length} x ${folds} folds): ${cells.join(', ')}`
      );
    }
  }
}

async function runOne(
  inputs: ReturnType<typeof loadInputs>,
  plan: TrainingPlan,
  p: string,
  folds: number,
  foldSeed: number | undefined,
  diffs: Record<string, { staged: number[]; pooled: number[] }>
) {
  const t0 = performance.now();
  // The staged model is also scored with the uncertainty-derived features missing (a download
  // without err columns).
  const cv = await crossValidate(inputs, plan, {
    folds,
    foldSeed,
    strip: FROM_UNCERTAINTY_COLUMNS
  });
  const s = (performance.now() - t0) / 1000;
  const fa = cv.foldAccuracy;
  if (fa.staged && fa.pooled) {
    for (const m of Object.keys(fa.staged)) {
      diffs[m] ??= { staged: [], pooled: [] };
      for (const v of fa.staged[m]) diffs[m].staged.push(v);
      for (const v of fa.pooled[m]) diffs[m].pooled.push(v);
    }
  }
  const cells: string[] = [];
  for (const [name, byM] of Object.entries(cv.scores)) {
    cells.push(
      `${name}: ` +
        Object.entries(byM!)
          .map(
            ([m, v]) =>
              `${m} ${(100 * v.accuracy).toFixed(2)}/${v.rocAuc?.toFixed(4)}/${v.logLoss.toFixed(3)}`
          )
          .join(' ')
    );
  }
  if (cv.strippedScores) {
    cells.push(
      'staged, no uncertainty columns: ' +
        Object.entries(cv.strippedScores)
          .map(
            ([m, v]) =>
              `${m} ${(100 * v.accuracy).toFixed(2)}/${v.rocAuc?.toFixed(4)}/${v.logLoss.toFixed(3)}`
          )
          .join(' ')
    );
  }
  const w = cv.groupWeights[0];
  console.log(
    `${p}${foldSeed === undefined ? '' : ` fold seed ${foldSeed}`} (${s.toFixed(0)} s) weights[0]=${JSON.stringify(w)}\n  ${cells.join('\n  ')}`
  );
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) await main();
