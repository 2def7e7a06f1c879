/** `exoforest classify FILE [--model MODEL] [--out OUT.csv]`. */
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { createRowClassifier, type ClassifyCounts } from '../../lib/core/classify/index.ts';
import {
  LoadError,
  parseCsvBlob,
  type CanonicalTable,
  type LoadReport
} from '../../lib/core/missions/index.ts';
import { parseOptions, stringOpt } from '../args.ts';
import { CLASSIFY_CHUNK_BYTES, writeClassified } from '../classify-stream.ts';
import { CliError } from '../errors.ts';
import { assertReadableFile, inputName, loadModel, seekableInput } from '../files.ts';
import { err, out } from '../io.ts';
import { assertDistinctPaths, assertOutputPath, openOutput, STDIO } from '../output.ts';
import { escapeControls, shown } from '../text.ts';
import { printLoadWarnings } from '../warnings.ts';
import { DEFAULT_MODEL, PACKAGE_ROOT } from '../paths.ts';
import type { Command } from './types.ts';

const HELP = `Usage: exoforest classify FILE [--model MODEL] [--out OUT.csv]

Classifies every row of FILE (a NASA Exoplanet Archive download of the Kepler KOI, K2 or
TESS TOI table, or a CSV with canonical column names; "-" or a pipe is read as a stream)
and writes CSV: every input row in
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
  --out OUT.csv   write the CSV here (default, or "-": standard output); it may not
                  be the input or the model. Written whole or not at all (through a
                  symlink to its target; a FIFO or device is written in place)
  -h, --help      show this help

The input is read twice (the second time in chunks, as the output is written), so memory
stays proportional to the rows' model values, not to the file. Load warnings and a one-line
summary go to standard error.

Example:
  exoforest classify TOI_2025.10.04_07.29.48.csv --out toi-classified.csv`;

/** The largest table classify reads (the app's loader stops at 200 MB; the CLI streams). */
export const CLASSIFY_MAX_BYTES = 4 * 1024 * 1024 * 1024;

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
    const modelOption = values.model === undefined ? 'the default model' : '--model';
    const outPath = stringOpt(values, 'out') ?? STDIO;
    const file = positionals[0];
    assertReadableFile(file, 'input file', 'the FILE argument');
    assertOutputPath(outPath, '--out');
    assertDistinctPaths(
      [{ file: outPath, option: '--out' }],
      [
        { file, option: 'FILE' },
        { file: modelPath, option: modelOption }
      ]
    );
    const model = await loadModel(modelPath, modelOption);
    const name = inputName(file);
    const input = await seekableInput(file, 'FILE', CLASSIFY_MAX_BYTES);
    let counts: ClassifyCounts;
    let report: LoadReport;
    let kind: string;
    let missions: { mission: string; weighted: boolean }[];
    try {
      let table: CanonicalTable;
      try {
        const blob = await openAsBlob(input.path);
        ({ table, report } = await parseCsvBlob(blob, {
          name,
          maxBytes: CLASSIFY_MAX_BYTES,
          chunkBytes: CLASSIFY_CHUNK_BYTES
        }));
      } catch (e) {
        if (e instanceof LoadError)
          throw new CliError(`cannot classify ${shown(file)}: ${e.message}`);
        throw e;
      }
      kind = table.kind;
      printLoadWarnings(name, report);
      const classifier = createRowClassifier(model, table);
      missions = classifier.prediction.missions;
      const sink = openOutput(outPath, '--out');
      try {
        ({ counts } = await writeClassified(input.path, table, report, classifier, sink));
        await sink.commit();
      } catch (e) {
        sink.abort();
        throw e;
      }
    } finally {
      input.release();
    }

    const shownModel =
      values.model === undefined
        ? `${path.relative(PACKAGE_ROOT, DEFAULT_MODEL)} (default)`
        : escapeControls(modelPath);
    const c = counts;
    const parts = [`${c.scored} scored`];
    if (c.setAside > 0) parts.push(`${c.setAside} set aside by the loader`);
    if (c.noValues > 0) parts.push(`${c.noValues} without feature values`);
    if (c.outOfRange > 0) parts.push(`${c.outOfRange} with values outside the training range`);
    const unweighted = missions.filter((m) => !m.weighted && model.treeWeights);
    err(
      `classified ${c.rows} rows of ${escapeControls(name)} (${report.title}, kind ${kind}) with ${shownModel} ` +
        `(${model.meta.task}: ${model.meta.classes.join(' / ')}): ${parts.join(', ')}` +
        (unweighted.length
          ? `; ${unweighted.map((m) => m.mission).join(', ')} rows: no learned tree weights, every tree votes equally`
          : '') +
        (outPath !== STDIO ? `; wrote ${escapeControls(outPath)}` : '')
    );
    return 0;
  }
};
