/** `exoforest backtest --data OLD ... --later NEW ...`: train on older tables, test on what NASA decided later. */
import path from 'node:path';
import {
  MAX_TREES_PER_STAGE,
  PlanError,
  TrainingCancelled,
  formatBacktestReport,
  runBacktest,
  type BacktestReport,
  type TrainingInput,
  TrainingDataError
} from '../../lib/core/pipeline/index.ts';
import { intOpt, listOpt, parseOptions, stringOpt } from '../args.ts';
import { CliError } from '../errors.ts';
import { assertReadableFile } from '../files.ts';
import { err, out, progressLine } from '../io.ts';
import { assertDistinctPaths, assertOutputPath, STDIO, writeOutput } from '../output.ts';
import { buildPlan, chooseTables, loadInputs, parseStages, toJson } from '../training.ts';
import { readPlanFile } from './train.ts';
import type { Command } from './types.ts';

const HELP = `Usage: exoforest backtest --data OLD [--data OLD ...] --later NEW [--later NEW ...] [options]

A test on the future: trains the plan (the staged model and the three baselines: one pooled
forest, one forest per mission, their average) on every labelled row of the older archive
tables, then scores the objects that were still open in them (TOI PC, APC or blank; KOI
CANDIDATE), with the values they had then, against what the newer tables of the same
missions say (matched by object id). Prints, per mission and combined, for every model:
accuracy (beside the majority class), ROC AUC, PR AUC, precision and recall in the top 10%
and 25%, Brier score and expected calibration error on the objects resolved since (95%
intervals resample host stars), how many later-confirmed planets each model's ranking of all
open objects put in its top 10% and 25% (beside a random order), and what became of every
open object: resolved, still open, renamed (same star and period under a new id) or gone.
Those are counted and listed, never dropped silently. Report, do not tune: choose settings
by cross-validation on training rows, not on a backtest.

Options:
  --data FILE      an older archive table, trained on (repeat for each mission)
  --later FILE     a newer download of the same table (repeat for each mission)
  --stages LIST    stage order by mission (default koi,k2,toi limited to the older tables)
  --trees N        trees per stage (default 100; 1-${MAX_TREES_PER_STAGE})
  --seed S         integer seed of every random choice (default 42)
  --plan PLAN.json a full training plan (vetting); the options above override its fields
  --json REPORT    also write the full report (every number, the ids of the objects that
                   stayed open, were renamed or are gone) as JSON
  -h, --help       show this help

Example:
  exoforest backtest --data TOI_2024.05.30_18.42.55.csv --data cumulative_2022.04.28_05.30.33.csv \\
    --later TOI_2025.10.04_07.29.48.csv --later cumulative_2025.10.04_07.34.55.csv`;

export const backtest: Command = {
  name: 'backtest',
  summary: 'train on older tables, score the objects resolved since',
  async run(argv) {
    const { values } = parseOptions(
      'backtest',
      argv,
      {
        data: { type: 'string', multiple: true },
        later: { type: 'string', multiple: true },
        stages: { type: 'string' },
        trees: { type: 'string' },
        seed: { type: 'string' },
        plan: { type: 'string' },
        json: { type: 'string' }
      },
      { min: 0, max: 0, what: '' }
    );
    if (values.help) {
      out(HELP);
      return 0;
    }
    const olderFiles = listOpt(values, 'data');
    const laterFiles = listOpt(values, 'later');
    if (olderFiles.length === 0) {
      throw new CliError(
        'no older tables: give each table to train on with --data, e.g. --data TOI_2024.05.30_18.42.55.csv.'
      );
    }
    if (laterFiles.length === 0) {
      throw new CliError(
        'no newer tables: give a later download of the same table with --later, e.g. --later TOI_2025.10.04_07.29.48.csv.'
      );
    }
    const planOpt = stringOpt(values, 'plan');
    const base = planOpt ? readPlanFile(planOpt) : undefined;
    if (base && base.task !== 'vetting') {
      throw new CliError(
        `--plan ${planOpt} is a ${base.task} plan; a backtest ranks open candidates by P(planet), so it needs a vetting plan.`
      );
    }
    const stagesText = stringOpt(values, 'stages');
    const stages = stagesText === undefined ? undefined : parseStages(stagesText);
    const trees = intOpt(values, 'trees', 1, MAX_TREES_PER_STAGE, '100');
    const seed = intOpt(values, 'seed', -(2 ** 31), 2 ** 31 - 1, '42');
    const jsonPath = stringOpt(values, 'json');
    for (const f of olderFiles) assertReadableFile(f, 'data file', '--data');
    for (const f of laterFiles) assertReadableFile(f, 'data file', '--later');
    if ([...olderFiles, ...laterFiles].filter((f) => f === STDIO).length > 0) {
      throw new CliError('a backtest reads files, not standard input: give file names.');
    }
    if (jsonPath) {
      assertOutputPath(jsonPath, '--json');
      assertDistinctPaths(
        [{ file: jsonPath, option: '--json' }],
        [
          ...olderFiles.map((f) => ({ file: f, option: '--data' })),
          ...laterFiles.map((f) => ({ file: f, option: '--later' })),
          ...(planOpt ? [{ file: planOpt, option: '--plan' }] : [])
        ]
      );
    }
    const show = jsonPath === STDIO ? err : out;

    const older = await loadInputs(olderFiles, '--data');
    const later = await loadInputs(laterFiles, '--later');
    const { chosen, notes } = chooseTables(older);
    const { chosen: chosenLater, notes: laterNotes } = chooseTables(later);
    const { plan, notes: planNotes } = buildPlan(
      {
        task: 'vetting',
        stages: stages ?? (base ? base.stages.map((s) => s.mission) : undefined),
        trees,
        seed,
        base
      },
      chosen
    );
    for (const n of [...notes, ...laterNotes, ...planNotes]) err(`note: ${n}`);
    err(
      `backtest: stages ${plan.stages.map((s) => s.mission).join(' > ')} (${plan.stages[0].trees} trees per stage), seed ${plan.seed}`
    );
    const asInputs = (tables: typeof chosen): TrainingInput[] =>
      tables.map((t) => ({ table: t.table, name: path.basename(t.file), report: t.report }));
    const bar = progressLine();
    const started = Date.now();
    let report: BacktestReport;
    try {
      report = await runBacktest(asInputs(chosen), asInputs(chosenLater), plan, {
        onProgress: (p) => {
          const pct = p.treesTotal > 0 ? Math.floor((100 * p.treesDone) / p.treesTotal) : 0;
          bar.update(`[${String(pct).padStart(3)}%] ${p.phase}: ${p.message}`, p.phase);
        }
      });
      bar.done();
    } catch (e) {
      bar.done();
      if (e instanceof PlanError) throw new CliError(e.message);
      if (e instanceof TrainingCancelled) throw new CliError('the backtest was cancelled.', 130);
      if (e instanceof TrainingDataError) throw new CliError(e.detail);
      throw e;
    }
    err(`backtest finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (jsonPath) {
      const command = [
        'exoforest backtest',
        ...chosen.map((t) => `--data ${path.basename(t.file)}`),
        ...chosenLater.map((t) => `--later ${path.basename(t.file)}`),
        `--stages ${plan.stages.map((s) => s.mission).join(',')}`,
        `--trees ${plan.stages[0].trees}`,
        `--seed ${plan.seed}`
      ].join(' ');
      await writeOutput(
        jsonPath,
        toJson({ tool: 'exoforest', command, createdAt: new Date().toISOString(), plan, report }),
        '--json'
      );
      err(`wrote ${jsonPath === STDIO ? 'the report to standard output' : jsonPath}`);
    }
    show(formatBacktestReport(report));
    return 0;
  }
};
