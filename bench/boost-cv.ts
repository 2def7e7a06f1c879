/**
 * Staged vs pooled x forest vs boosted in grouped cross-validation on the training rows (the
 * plan's hold-out removed first, never touched): issue #18's evaluation.
 * Usage: tsx bench/boost-cv.ts [vetting|disposition] [folds] [--fold-seeds=1,2,3] ['<boosted plan patch>' ...]
 * The forest rows use defaultPlan(task); each boosted patch is merged into defaultPlan(task)
 * with every stage's learner set to 'boosted' (patch format of bench/pipeline-tune.ts).
 * Prints accuracy / ROC AUC / log loss per mission for each model (over all fold seeds), and
 * per-fold paired differences (mean +- standard error, points) against the staged forest and
 * the pooled models.
 */
import path from 'node:path';
import { defaultPlan, withLearner, type Task } from '../src/lib/core/pipeline/index.ts';
import { crossValidate, pairedDifference, type CvScores } from '../src/lib/core/pipeline/tune.ts';
import { loadInputs, patchPlan } from './pipeline-tune.ts';

type PerMission = Record<string, number[]>;

async function main() {
  const dir = process.env.EXOFOREST_DATA ?? path.resolve(import.meta.dirname, '../../shared/data');
  const args = process.argv.slice(2);
  const seedsArg = args.find((a) => a.startsWith('--fold-seeds='));
  const [task = 'vetting', foldsArg = '5', ...patches] = args.filter((a) => a !== seedsArg);
  const folds = Number(foldsArg);
  const foldSeeds = seedsArg ? seedsArg.slice(13).split(',').map(Number) : [1];
  const inputs = loadInputs(dir);
  const variants: [string, ReturnType<typeof defaultPlan>][] = [
    ['forest', defaultPlan(task as Task)]
  ];
  for (const p of patches.length ? patches : ['{}']) {
    variants.push([`boosted ${p}`, withLearner(patchPlan(task as Task, JSON.parse(p)), 'boosted')]);
  }
  const fold: Record<string, PerMission> = {};
  const scores: Record<string, Record<string, CvScores[]>> = {};
  for (const [name, plan] of variants) {
    for (const foldSeed of foldSeeds) {
      const t0 = performance.now();
      const cv = await crossValidate(inputs, plan, { folds, foldSeed });
      console.log(
        `${name}, fold seed ${foldSeed}: ${((performance.now() - t0) / 1000).toFixed(0)} s`
      );
      for (const model of ['staged', 'pooled'] as const) {
        const key = `${model} ${name}`;
        fold[key] ??= {};
        scores[key] ??= {};
        for (const [m, acc] of Object.entries(cv.foldAccuracy[model] ?? {})) {
          for (const v of acc) (fold[key][m] ??= []).push(v);
          (scores[key][m] ??= []).push(cv.scores[model]![m]);
        }
      }
    }
  }
  const missions = Object.keys(Object.values(fold)[0]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  console.log(
    `\n${task}, ${folds}-fold grouped CV, fold seeds ${foldSeeds.join(',')}: accuracy % / ROC AUC / log loss`
  );
  console.log(`| model | ${missions.join(' | ')} |\n|---|${missions.map(() => '---').join('|')}|`);
  for (const [key, byM] of Object.entries(scores)) {
    const cells = missions.map((m) => {
      const s = byM[m];
      const auc = s.every((x) => x.rocAuc !== null)
        ? mean(s.map((x) => x.rocAuc!)).toFixed(3)
        : '-';
      return `${(100 * mean(s.map((x) => x.accuracy))).toFixed(2)} / ${auc} / ${mean(s.map((x) => x.logLoss)).toFixed(3)}`;
    });
    console.log(`| ${key} | ${cells.join(' | ')} |`);
  }
  const diff = (a: string, b: string) =>
    missions
      .map((m) => {
        const { mean: d, se } = pairedDifference(fold[a][m], fold[b][m]);
        return `${m} ${d >= 0 ? '+' : ''}${(100 * d).toFixed(2)} +- ${(100 * se).toFixed(2)}`;
      })
      .join(', ');
  console.log('\nPer-fold paired differences (points, mean +- standard error):');
  for (const key of Object.keys(fold)) {
    if (key === 'staged forest') continue;
    console.log(`  ${key} - staged forest: ${diff(key, 'staged forest')}`);
  }
  for (const [name] of variants.slice(1)) {
    console.log(`  staged ${name} - pooled ${name}: ${diff(`staged ${name}`, `pooled ${name}`)}`);
    console.log(`  staged ${name} - pooled forest: ${diff(`staged ${name}`, 'pooled forest')}`);
  }
}

await main();
