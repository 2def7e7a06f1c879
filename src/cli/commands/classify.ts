/** `exoforest classify FILE [--model MODEL] [--out OUT.csv]`. */
import path from 'node:path';
import { classifyTable, classifyToCsv } from '../../lib/core/classify/index.ts';
import { parseOptions, stringOpt } from '../args';
import { assertOutputPath, loadModel, loadTableWithRaw, writeFileAtomic } from '../files';
import { err, out } from '../io';
import { DEFAULT_MODEL, PACKAGE_ROOT } from '../paths';
import type { Command } from './types';

const HELP = `Usage: exoforest classify FILE [--model MODEL] [--out OUT.csv]

Classifies every row of FILE (a NASA Exoplanet Archive download of the Kepler KOI, K2 or
TESS TOI table, or a CSV with canonical column names) and writes CSV: every input row in
input order with all its original columns, then
  pred_label          the most probable class
  pred_prob_<CLASS>   one probability per class of the model (vetting: PLANET,
                      FALSE_POSITIVE; disposition: CONFIRMED, CANDIDATE, FALSE_POSITIVE)
  pred_mission        the mission whose tree weights scored the row
  pred_notes          missing model features, values outside the training range, or why
                      a row was not scored (K2 rows with default_flag 0, rows without values)
Text cells that would start a spreadsheet formula get a leading apostrophe.

Options:
  --model MODEL   model file (default: the shipped models/default.exoforest)
  --out OUT.csv   write the CSV here (default: standard output)
  -h, --help      show this help

A one-line summary goes to standard error.

Example:
  exoforest classify TOI_2025.10.04_07.29.48.csv --out toi-classified.csv`;

export const classify: Command = {
  name: 'classify',
  summary: 'classify the rows of a CSV with a model',
  async run(argv) {
    const { values, positionals } = parseOptions(
      'classify',
      argv,
      { model: { type: 'string' }, out: { type: 'string' } },
      { min: 1, max: 1, what: 'the CSV file to classify, e.g. exoforest classify toi.csv' }
    );
    if (values.help) {
      out(HELP);
      return 0;
    }
    const modelPath = stringOpt(values, 'model') ?? DEFAULT_MODEL;
    const outPath = stringOpt(values, 'out');
    if (outPath) assertOutputPath(outPath, '--out');
    const model = loadModel(
      modelPath,
      values.model === undefined ? 'the default model' : '--model'
    );
    const file = positionals[0];
    const { table, report, raw } = await loadTableWithRaw(file, 'the FILE argument');
    const result = classifyTable(model, table, raw, { setAside: report.setAside.rows });
    const csv = classifyToCsv(result, raw);
    if (outPath) writeFileAtomic(outPath, csv, '--out');
    else await writeStdout(csv);

    const shownModel =
      values.model === undefined
        ? `${path.relative(PACKAGE_ROOT, DEFAULT_MODEL)} (default)`
        : modelPath;
    const c = result.counts;
    const parts = [`${c.scored} scored`];
    if (c.setAside > 0) parts.push(`${c.setAside} set aside by the loader`);
    if (c.noValues > 0) parts.push(`${c.noValues} without feature values`);
    if (c.outOfRange > 0) parts.push(`${c.outOfRange} with values outside the training range`);
    const unweighted = result.prediction.missions.filter((m) => !m.weighted && model.treeWeights);
    err(
      `classified ${c.rows} rows of ${path.basename(file)} (${report.title}, kind ${table.kind}) with ${shownModel} ` +
        `(${model.meta.task}: ${model.meta.classes.join(' / ')}): ${parts.join(', ')}` +
        (unweighted.length
          ? `; ${unweighted.map((m) => m.mission).join(', ')} rows: no learned tree weights, every tree votes equally`
          : '') +
        (outPath ? `; wrote ${outPath}` : '')
    );
    return 0;
  }
};

let pipeGuard = false;

/**
 * Writes to stdout and waits until flushed. A reader that stops early (e.g. `| head`) closes the
 * pipe: that EPIPE ends the output quietly instead of crashing with an unhandled error event.
 */
function writeStdout(text: string): Promise<void> {
  if (!pipeGuard) {
    pipeGuard = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') return;
      process.stderr.write(`exoforest classify: cannot write to standard output: ${e.message}\n`);
      process.exitCode = 1;
    });
  }
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (e) => {
      if (e && (e as NodeJS.ErrnoException).code !== 'EPIPE') reject(e);
      else resolve();
    });
  });
}
