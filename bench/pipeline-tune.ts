/**
 * Inner cross-validation of plan variants on the real archive tables (training rows only; the
 * plan's hold-out is never touched). Used to choose defaultPlan's settings.
 * Usage: tsx bench/pipeline-tune.ts [vetting|disposition] [folds] ['<JSON patch of the plan>' ...]
 * A patch is merged into defaultPlan(task); "stages" entries are merged into every stage
 * ("stageN" into stage N only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvText } from '../src/lib/core/missions/index.ts';
import {
  defaultPlan,
  type StagePlan,
  type Task,
  type TrainingPlan
} from '../src/lib/core/pipeline/index.ts';
import { crossValidate } from '../src/lib/core/pipeline/tune.ts';

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
  const [task = 'vetting', folds = '5', ...patches] = process.argv.slice(2);
  const inputs = loadInputs(dir);
  for (const p of patches.length ? patches : ['{}']) {
    const plan = patchPlan(task as Task, JSON.parse(p));
    const t0 = performance.now();
    const cv = await crossValidate(inputs, plan, { folds: Number(folds) });
    const s = (performance.now() - t0) / 1000;
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
    const w = cv.groupWeights[0];
    console.log(
      `${p} (${s.toFixed(0)} s) weights[0]=${JSON.stringify(w)}\n  ${cells.join('\n  ')}`
    );
  }
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) await main();
