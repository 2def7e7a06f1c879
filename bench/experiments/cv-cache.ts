/**
 * Scratch (issue #5): grouped inner CV on the training rows of plan seed 42 (the plan's hold-out
 * is removed first and never touched), caching per fold the per-tree-group probabilities of the
 * staged forest (calibration pass on calibration rows and test fold; final pass on the test
 * fold) and the pooled baseline, so post-hoc per-mission variants can be scored cheaply
 * (cv-posthoc.ts). Fold assignment depends only on the CV seed, not on the variant.
 * Usage: tsx bench/experiments/cv-cache.ts <name> '<plan patch>' <cvSeed,...> [folds] [--no-pooled]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs, patchPlan } from '../pipeline-tune.ts';
import { trainBaselines } from '../../src/lib/core/pipeline/baselines.ts';
import {
  concatRows,
  gatherLabels,
  gatherRows,
  missionCode,
  prepareData,
  splitRowsByHost
} from '../../src/lib/core/pipeline/data.ts';
import { calibrationOf, type Task } from '../../src/lib/core/pipeline/plan.ts';
import { JobContext } from '../../src/lib/core/pipeline/job-context.ts';
import {
  groupProba,
  growStages,
  joinStages,
  type StagedForest
} from '../../src/lib/core/pipeline/staged.ts';
import { refitLeaves } from '../../src/lib/core/forest/refit.ts';
import type { Matrix } from '../../src/lib/core/forest/types.ts';
import { hostFolds } from '../../src/lib/core/pipeline/tune.ts';
import { deriveSeed } from '../../src/lib/core/random.ts';

const OUT = process.env.EXO_CACHE ?? '/tmp/exo-cache';

/**
 * Group probabilities of `X` (rows of mission stage index s) with the trees of stages [0, s)
 * refitted on that mission's rows `fitRows` (a per-mission copy: other missions keep the
 * original leaves). blend as in forest/refit.ts.
 */
function missionRefitGroups(
  staged: StagedForest,
  data: ReturnType<typeof prepareData>,
  s: number,
  fitRows: Int32Array,
  X: Matrix,
  blend: number
): number[][] {
  const end = staged.stages[s].treeRange[0];
  const forest =
    s === 0
      ? staged.forest
      : refitLeaves(staged.forest, gatherRows(data.X, fitRows), gatherLabels(data.y, fitRows), {
          blend,
          treeRange: [0, end]
        });
  return staged.stages.map((st) => Array.from(groupProba(forest, st.treeRange, X)));
}

async function main() {
  const [name, patch, seedsArg, foldsArg = '5', ...flags] = process.argv.slice(2);
  const dir =
    process.env.EXOFOREST_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
  const inputs = loadInputs(dir);
  const task = (process.env.EXO_TASK ?? 'vetting') as Task;
  const { stageList, missionRefit, ...rest } = JSON.parse(patch);
  const plan = patchPlan(task, rest);
  // stageList: explicit stage order/settings, each merged into a default stage (replay null).
  if (stageList) {
    const base = { ...plan.stages[0] };
    plan.stages = stageList.map((s: object) => ({ ...base, ...s }));
  }
  const data = prepareData(inputs, plan);
  const ctx = new JobContext({});
  const F = Number(foldsArg);
  mkdirSync(OUT, { recursive: true });
  for (const cvSeed of seedsArg.split(',').map(Number)) {
    const foldOf = new Map<number, number>();
    for (const m of data.missions) {
      const rows = data.byMission[m].train;
      const f = hostFolds(data, rows, F, deriveSeed(cvSeed, 900 + data.missions.indexOf(m)));
      rows.forEach((r, k) => foldOf.set(r, f[k]));
    }
    for (let f = 0; f < F; f++) {
      const file = path.join(OUT, `${name}-s${cvSeed}-f${f}.json`);
      if (existsSync(file)) continue;
      const t0 = performance.now();
      const trainRows: Record<string, Int32Array> = {};
      const test: Int32Array[] = [];
      for (const m of data.missions) {
        const rows = data.byMission[m].train;
        trainRows[m] = rows.filter((r) => foldOf.get(r) !== f);
        test.push(rows.filter((r) => foldOf.get(r) === f));
      }
      const testRows = concatRows(test);
      const { fraction } = calibrationOf(plan);
      const fit: Record<string, Int32Array> = {};
      const cal: Record<string, Int32Array> = {};
      for (const st of plan.stages) {
        const s = splitRowsByHost(
          data,
          trainRows[st.mission],
          fraction,
          deriveSeed(plan.seed, 20 + missionCode(st.mission))
        );
        fit[st.mission] = s.first;
        cal[st.mission] = s.second;
      }
      const first = joinStages(
        await growStages(ctx, data, plan, fit, { label: 'cal', phase: 'calibrate' })
      );
      const Xt = gatherRows(data.X, testRows);
      const calOut: Record<string, unknown> = {};
      for (const m of data.missions) {
        const Xc = gatherRows(data.X, cal[m]);
        const si = plan.stages.findIndex((st) => st.mission === m);
        calOut[m] = {
          rows: Array.from(cal[m]),
          y: Array.from(gatherLabels(data.y, cal[m])),
          groups: missionRefit
            ? missionRefitGroups(first, data, si, fit[m], Xc, missionRefit.blend)
            : first.stages.map((st) => Array.from(groupProba(first.forest, st.treeRange, Xc)))
        };
      }
      const firstTest = first.stages.map((st) =>
        Array.from(groupProba(first.forest, st.treeRange, Xt))
      );
      const final = joinStages(
        await growStages(ctx, data, plan, trainRows, {
          label: 'final',
          phase: 'train'
        })
      );
      const finalTest = final.stages.map((st) =>
        Array.from(groupProba(final.forest, st.treeRange, Xt))
      );
      if (missionRefit) {
        // Replace each mission's test rows by its own refitted copy's group probabilities.
        const K = data.classes.length;
        plan.stages.forEach((st, si) => {
          const idx = Array.from(testRows.keys()).filter(
            (k) => data.mission[testRows[k]] === st.mission
          );
          const Xm = gatherRows(
            data.X,
            idx.map((k) => testRows[k])
          );
          const g = missionRefitGroups(
            final,
            data,
            si,
            trainRows[st.mission],
            Xm,
            missionRefit.blend
          );
          g.forEach((gp, gi) =>
            idx.forEach((k, j) => {
              for (let c = 0; c < K; c++) finalTest[gi][k * K + c] = gp[j * K + c];
            })
          );
        });
      }
      let pooled: number[] | null = null;
      if (!flags.includes('--no-pooled')) {
        const b = await trainBaselines(ctx, data, plan, trainRows, testRows);
        pooled = Array.from(b.pooled);
      }
      writeFileSync(
        file,
        JSON.stringify({
          name,
          patch,
          cvSeed,
          fold: f,
          stages: plan.stages.map((s) => s.mission),
          test: {
            rows: Array.from(testRows),
            y: Array.from(gatherLabels(data.y, testRows)),
            mission: Array.from(testRows, (i) => data.mission[i]),
            first: firstTest,
            final: finalTest,
            pooled
          },
          cal: calOut
        })
      );
      console.log(
        `${name} seed ${cvSeed} fold ${f}: ${((performance.now() - t0) / 1000).toFixed(0)} s`
      );
    }
  }
}
await main();
