/** `exoforest train --data FILE ... --out MODEL`: staged training, model file, metrics table. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { modelFingerprint, writeModel, type JsonObject } from '../../lib/core/model/index.ts';
import {
  assertValidPlan,
  backtestSummary,
  formatFinalModel,
  formatReportTable,
  MAX_TREES_PER_STAGE,
  PlanError,
  TASKS,
  toModelFile,
  type BacktestReport,
  type TrainingPlan
} from '../../lib/core/pipeline/index.ts';
import { choiceOpt, intOpt, listOpt, parseOptions, shareOpt, stringOpt } from '../args.ts';
import { CliError } from '../errors.ts';
import { assertReadableFile } from '../files.ts';
import { assertDistinctPaths, assertOutputPath, STDIO, writeOutput } from '../output.ts';
import { escapeControls, shown } from '../text.ts';
import { err, out } from '../io.ts';
import {
  buildPlan,
  chooseTables,
  loadInputs,
  parseStages,
  reportJson,
  runTraining
} from '../training.ts';
import type { Command } from './types.ts';

const HELP = `Usage: exoforest train --data FILE [--data FILE ...] --out MODEL [options]

Trains a staged Random Forest on NASA Exoplanet Archive tables (Kepler KOI cumulative,
K2 Planets and Candidates, TESS TOI; each file's table is detected from its columns),
evaluates it beside three baselines (one pooled forest, one forest per mission, the average
of the per-mission forests) on a host-grouped hold-out no stage ever sees, then trains the
same plan on every labelled row for the model file (see --no-refit), calibrates P(PLANET)
per mission on out-of-bag rows, writes the model file and prints the metrics table.

Options:
  --data FILE        an archive table (repeat for each mission)
  --out MODEL        model file to write, e.g. my-model.exoforest (required)
  --task TASK        vetting (PLANET vs FALSE_POSITIVE, default) or disposition
                     (CONFIRMED / CANDIDATE / FALSE_POSITIVE)
  --stages LIST      stage order by mission, e.g. koi,k2,toi (default: that order, limited
                     to the missions given); a listed mission without a table is an error
  --trees N          trees per stage (default 100; 1-${MAX_TREES_PER_STAGE})
  --seed S           integer seed of every random choice (default 42)
  --holdout SHARE    share of each mission's host stars held out (default 0.2, at most 0.5)
  --plan PLAN.json   a full training plan (JSON, as the pipeline's defaultPlan returns);
                     the options above override its fields
  --no-refit         keep the forest that was scored on the hold-out as the model (by
                     default the same plan is trained again on every labelled row, hold-out
                     included, after the evaluation; the printed metrics stay the hold-out
                     estimate either way)
  --backtest FILE    a report written by \`exoforest backtest --json\` for this plan: its
                     figures go into the model card beside the hold-out ones (trees and
                     seed must match)
  --name NAME        display name stored in the model
  --json REPORT      also write the full report (inputs, plan, metrics, importances) as JSON
  -h, --help         show this help

Two downloads of the same table (e.g. the K2 default and custom column sets) describe the
same objects; only the one with more feature columns is used, and the choice is printed.
Progress goes to standard error, the metrics table to standard output.

Example:
  exoforest train --data cumulative.csv --data k2.csv --data TOI.csv --out my.exoforest`;

/** A plan file is small JSON: anything larger is refused unread. */
const MAX_PLAN_BYTES = 1024 * 1024;

export function readPlanFile(file: string): TrainingPlan {
  assertReadableFile(file, 'plan file', '--plan');
  if (file === STDIO || !statSync(path.resolve(file)).isFile()) {
    throw new CliError(`--plan ${shown(file)} is not a regular file; give a JSON plan file.`);
  }
  if (statSync(path.resolve(file)).size > MAX_PLAN_BYTES) {
    throw new CliError(
      `--plan ${shown(file)} is larger than 1 MB; a plan is a small JSON file. Give the plan written by the app or defaultPlan.`
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  } catch (e) {
    throw new CliError(`--plan ${shown(file)} is not valid JSON: ${(e as Error).message}.`);
  }
  try {
    return assertValidPlan(value);
  } catch (e) {
    if (e instanceof PlanError) throw new CliError(`--plan ${shown(file)}: ${e.message}`);
    throw e;
  }
}

/** A backtest report (exoforest backtest --json) of this plan, as the model card keeps it. */
function readBacktest(file: string, plan: TrainingPlan): JsonObject {
  assertReadableFile(file, 'backtest report', '--backtest');
  if (statSync(path.resolve(file)).size > 64 * 1024 * 1024) {
    throw new CliError(
      `--backtest ${shown(file)} is larger than 64 MB; give the JSON report of exoforest backtest.`
    );
  }
  let doc: { tool?: unknown; command?: unknown; plan?: TrainingPlan; report?: BacktestReport };
  try {
    doc = JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  } catch (e) {
    throw new CliError(`--backtest ${shown(file)} is not valid JSON: ${(e as Error).message}.`);
  }
  const r = doc?.report;
  if (doc?.tool !== 'exoforest' || !r || !r.resolved || !r.ranking || !doc.plan) {
    throw new CliError(
      `--backtest ${shown(file)} is not a backtest report; write one with exoforest backtest --json FILE.`
    );
  }
  const bt = doc.plan;
  if (bt.seed !== plan.seed || bt.stages.some((s) => s.trees !== plan.stages[0].trees)) {
    throw new CliError(
      `--backtest ${shown(file)} tested another plan (seed ${bt.seed}, ${bt.stages[0]?.trees} trees per stage; this one: seed ${plan.seed}, ${plan.stages[0].trees}); run the backtest with the same --trees and --seed.`
    );
  }
  return JSON.parse(
    JSON.stringify(
      backtestSummary(r, {
        command: typeof doc.command === 'string' ? doc.command : 'exoforest backtest',
        stages: bt.stages.map((s) => s.mission)
      })
    )
  ) as JsonObject;
}

export const train: Command = {
  name: 'train',
  summary: 'train a staged model from archive tables',
  async run(argv) {
    const { values } = parseOptions(
      'train',
      argv,
      {
        data: { type: 'string', multiple: true },
        out: { type: 'string', short: 'o' },
        task: { type: 'string' },
        stages: { type: 'string' },
        trees: { type: 'string' },
        seed: { type: 'string' },
        holdout: { type: 'string' },
        plan: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'string' },
        'no-refit': { type: 'boolean' },
        backtest: { type: 'string' }
      },
      { min: 0, max: 0, what: '' }
    );
    if (values.help) {
      out(HELP);
      return 0;
    }
    const files = listOpt(values, 'data');
    const outPath = stringOpt(values, 'out');
    if (files.length === 0) {
      throw new CliError(
        'no training data: give each archive table with --data, e.g. --data cumulative.csv --data k2.csv --data TOI.csv.'
      );
    }
    if (!outPath) {
      throw new CliError(
        'missing --out: say where to write the model, e.g. --out my-model.exoforest.'
      );
    }
    const planOpt = stringOpt(values, 'plan');
    const base = planOpt ? readPlanFile(planOpt) : undefined;
    const task = choiceOpt(values, 'task', TASKS) ?? base?.task ?? 'vetting';
    const stagesText = stringOpt(values, 'stages');
    const stages = stagesText === undefined ? undefined : parseStages(stagesText);
    const trees = intOpt(values, 'trees', 1, MAX_TREES_PER_STAGE, '100');
    const seed = intOpt(values, 'seed', -(2 ** 31), 2 ** 31 - 1, '42');
    const holdout = shareOpt(values, 'holdout', 0, 0.5, '0.2');
    const jsonPath = stringOpt(values, 'json');
    for (const f of files) assertReadableFile(f, 'data file', '--data');
    assertOutputPath(outPath, '--out');
    if (jsonPath) assertOutputPath(jsonPath, '--json');
    const outputs = [{ file: outPath, option: '--out' }];
    if (jsonPath) outputs.push({ file: jsonPath, option: '--json' });
    const planPath = stringOpt(values, 'plan');
    assertDistinctPaths(outputs, [
      ...files.map((f) => ({ file: f, option: '--data' })),
      ...(planPath ? [{ file: planPath, option: '--plan' }] : [])
    ]);
    if (files.filter((f) => f === STDIO).length > 1) {
      throw new CliError('standard input ("-") can be given to --data once only.');
    }
    // With an output on standard output, the metrics table goes to standard error.
    const show = outPath === STDIO || jsonPath === STDIO ? err : out;

    const tables = await loadInputs(files, '--data');
    const { chosen, notes } = chooseTables(tables);
    const { plan, notes: planNotes } = buildPlan(
      {
        task,
        stages: stages ?? (base ? base.stages.map((s) => s.mission) : undefined),
        trees,
        seed,
        holdout,
        base,
        refit: values['no-refit'] === true ? false : undefined
      },
      chosen
    );
    for (const n of [...notes, ...planNotes]) err(`note: ${n}`);
    const perStage = plan.stages.map((s) => `${s.mission} ${s.trees}`).join(', ');
    err(
      `training ${plan.task}: stages ${plan.stages.map((s) => s.mission).join(' > ')} (trees ${perStage}), seed ${plan.seed}, hold-out ${plan.holdout}`
    );

    const result = await runTraining(chosen, plan);
    const name =
      stringOpt(values, 'name') ??
      `Exoforest ${plan.task} (${plan.stages.map((s) => s.mission).join(' > ')})`;
    const planFile = stringOpt(values, 'plan');
    const command = [
      'exoforest train',
      ...chosen.map((t) => `--data ${path.basename(t.file)}`),
      ...(planFile ? [`--plan ${path.basename(planFile)}`] : []),
      `--task ${plan.task}`,
      `--stages ${plan.stages.map((s) => s.mission).join(',')}`,
      // One --trees only says it when every stage has that many; else the plan file does.
      ...(plan.stages.every((s) => s.trees === plan.stages[0].trees)
        ? [`--trees ${plan.stages[0].trees}`]
        : []),
      `--seed ${plan.seed}`,
      `--holdout ${plan.holdout}`,
      ...(plan.refitOnAllRows === false ? ['--no-refit'] : [])
    ].join(' ');
    const model = toModelFile(result, { name, notes: `Trained with: ${command}` });
    const backtestPath = stringOpt(values, 'backtest');
    if (backtestPath) {
      (model.meta.metrics as JsonObject).backtest = readBacktest(backtestPath, plan) as never;
    }
    const bytes = writeModel(model);
    await writeOutput(outPath, bytes, '--out');
    if (jsonPath) {
      await writeOutput(
        jsonPath,
        reportJson(command, tables, chosen, result, {
          invocation: ['exoforest', 'train', ...argv].join(' '),
          model: {
            file: outPath === STDIO ? '-' : path.basename(outPath),
            name,
            bytes: bytes.length,
            fingerprint: modelFingerprint(model),
            trees: model.forest.treeStart.length - 1
          },
          backtest: (model.meta.metrics as JsonObject).backtest ?? null
        }),
        '--json'
      );
    }
    show(formatReportTable(result.report));
    show('');
    show(formatFinalModel(result));
    const nTrees = model.forest.treeStart.length - 1;
    err(
      `wrote ${outPath === STDIO ? 'the model to standard output' : escapeControls(outPath)} (${(bytes.length / 1024).toFixed(0)} KiB, ${nTrees} trees, ${model.meta.features.length} features)` +
        (jsonPath
          ? ` and ${jsonPath === STDIO ? 'the report to standard output' : escapeControls(jsonPath)}`
          : '')
    );
    return 0;
  }
};
