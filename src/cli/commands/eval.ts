/** `exoforest eval [--data DIR]`: the standard evaluation on the three archive tables. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  formatReportTable,
  MAX_TREES_PER_STAGE,
  type Task,
  type TrainingResult
} from '../../lib/core/pipeline/index.ts';
import { choiceOpt, intOpt, parseOptions, stringOpt } from '../args.ts';
import { CliError } from '../errors.ts';
import { loadTable, type LoadedTable } from '../files.ts';
import { assertDistinctPaths, assertOutputPath, STDIO, writeOutput } from '../output.ts';
import { printLoadWarnings } from '../warnings.ts';
import { err, out } from '../io.ts';
import { DEFAULT_DATA_DIR, PACKAGE_ROOT } from '../paths.ts';
import {
  buildPlan,
  chooseTables,
  MISSION_NAMES,
  reportJson,
  runTraining,
  toJson
} from '../training.ts';
import type { Command } from './types.ts';

const HELP = `Usage: exoforest eval [--data DIR] [--task vetting|disposition|both] [--json REPORT.json]

The standard evaluation: reads the Kepler KOI, K2 and TESS TOI archive tables found in DIR,
trains the default staged plan (KOI > K2 > TESS) and the baselines (one pooled forest, one
forest per mission, the average of the per-mission forests, and per mission a forest that sees
only which values are missing) with the same trees, features and training rows, and prints
accuracy (with the majority-class baseline and a 95% interval resampling host stars), ROC
AUC, PR AUC, balanced accuracy, macro-F1, Brier score and log loss on a 20% host-grouped
hold-out, per mission and combined. A mission where the
missing-pattern-only forest comes within 5 points of the model is named with a plain warning
(K2: its missing values are filled from observed values, so its figure rests on the physics).
No model file is written.

Options:
  --data DIR      folder with the archive CSV downloads (default: ${path.relative(process.cwd(), DEFAULT_DATA_DIR) || '.'},
                  or $EXOFOREST_DATA); when it holds both K2 downloads, the one with more
                  feature columns is used and the choice is printed
  --task TASK     vetting (default), disposition, or both
  --trees N       trees per stage (default 100)
  --seed S        seed (default 42)
  --json REPORT   also write the full reports as JSON
  -h, --help      show this help

Example:
  exoforest eval --data ../shared/data --task both --json eval.json`;

/** Every CSV-like file of DIR that loads as an archive table (others are listed and skipped). */
async function findTables(dir: string, jsonPath: string | undefined): Promise<LoadedTable[]> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      throw new CliError(`--data "${dir}" is a file; give the folder holding the archive tables.`);
    }
    names = readdirSync(dir).sort();
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(
      `cannot read the data folder "${dir}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). ` +
        'Give the folder holding the KOI, K2 and TOI downloads with --data DIR, or set EXOFOREST_DATA.'
    );
  }
  const out: LoadedTable[] = [];
  const csvNames = names.filter((n) => /\.(csv|tsv|txt)$/i.test(n));
  if (jsonPath) {
    assertDistinctPaths(
      [{ file: jsonPath, option: '--json' }],
      csvNames.map((n) => ({ file: path.join(dir, n), option: '--data' }))
    );
  }
  for (const name of csvNames) {
    try {
      const t = await loadTable(path.join(dir, name), '--data');
      err(
        `read ${name}: ${t.report.title}, ${t.report.rowsKept} rows kept, downloaded ${t.report.downloadDate ?? 'unknown'}`
      );
      printLoadWarnings(name, t.report);
      out.push(t);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      err(`skipped ${name}: ${e.message.split('\n')[0]}`);
    }
  }
  return out;
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'run the standard evaluation on the three archive tables',
  async run(argv) {
    const { values } = parseOptions(
      'eval',
      argv,
      {
        data: { type: 'string' },
        task: { type: 'string' },
        trees: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'string' }
      },
      { min: 0, max: 0, what: '' }
    );
    if (values.help) {
      out(HELP);
      return 0;
    }
    const dir = path.resolve(stringOpt(values, 'data') ?? DEFAULT_DATA_DIR);
    const taskOpt =
      choiceOpt(values, 'task', ['vetting', 'disposition', 'both'] as const) ?? 'vetting';
    const trees = intOpt(values, 'trees', 1, MAX_TREES_PER_STAGE, '100');
    const seed = intOpt(values, 'seed', -(2 ** 31), 2 ** 31 - 1, '42');
    const jsonPath = stringOpt(values, 'json');

    if (jsonPath) assertOutputPath(jsonPath, '--json');
    const tables = await findTables(dir, jsonPath);
    const { chosen, notes } = chooseTables(tables);
    const kinds = new Set(chosen.map((t) => t.report.kind));
    const absent = (['koi', 'k2', 'toi'] as const).filter((m) => !kinds.has(m));
    if (absent.length > 0) {
      throw new CliError(
        `the standard evaluation needs the KOI, K2 and TESS TOI tables; ${dir} has no ${absent
          .map((m) => MISSION_NAMES[m])
          .join(
            ' or '
          )} table${tables.length ? ` (found: ${tables.map((t) => `${path.basename(t.file)} = ${t.report.kind}`).join(', ')})` : ''}. ` +
          'Download the missing table from the NASA Exoplanet Archive into that folder, or point --data at the right folder.'
      );
    }
    for (const n of notes) err(`note: ${n}`);
    const tasks: Task[] = taskOpt === 'both' ? ['vetting', 'disposition'] : [taskOpt];
    const results: { task: Task; result: TrainingResult }[] = [];
    for (const task of tasks) {
      const { plan } = buildPlan({ task, trees, seed }, chosen);
      err(
        `evaluating ${task}: stages ${plan.stages.map((s) => s.mission).join(' > ')}, ${plan.stages[0].trees} trees per stage, seed ${plan.seed}`
      );
      const result = await runTraining(chosen, plan);
      results.push({ task, result });
      const show = jsonPath === STDIO ? err : out;
      if (results.length > 1) show('');
      show(formatReportTable(result.report));
    }
    if (jsonPath) {
      const rel = path.relative(PACKAGE_ROOT, dir);
      const command = `exoforest eval --data ${rel.startsWith('..') ? rel : dir} --task ${taskOpt}`;
      const json =
        results.length === 1
          ? reportJson(command, tables, chosen, results[0].result)
          : toJson(
              Object.fromEntries(
                results.map((r) => [
                  r.task,
                  JSON.parse(reportJson(command, tables, chosen, r.result))
                ])
              )
            );
      await writeOutput(jsonPath, json, '--json');
      if (jsonPath !== STDIO) err(`wrote ${jsonPath}`);
    }
    return 0;
  }
};
