// Training runs: the plan a run followed and the report it produced. A run that kept its model
// is saved together with that model in one transaction, so neither exists without the other.

import type { StoreDB } from './db.ts';
import { StoreError } from './errors.ts';
import { prepareModel, putNewModel } from './models.ts';
import { approxBytes, toPlain } from './plain.ts';
import { read, write } from './tx.ts';
import type { ModelSummary, NewModel, NewRun, RunRecord } from './types.ts';
import { isoTime, newId, notFound, requireId } from './validate.ts';

function prepareRun(input: NewRun): RunRecord {
  const run: RunRecord = {
    id: input.id === undefined ? newId() : requireId(input.id, 'run'),
    createdAt: isoTime(input.createdAt, 'createdAt'),
    plan: toPlain(input.plan ?? null, 'Run plan', { json: true }),
    report: toPlain(input.report ?? null, 'Run report', { json: true })
  };
  if (input.modelId !== undefined) run.modelId = requireId(input.modelId, 'model');
  return run;
}

/**
 * Stores a run. With `model`, also stores that model (and with `activate`, makes it active),
 * all in one transaction; the run's modelId is set to the new model's id.
 */
export async function addRun(
  db: StoreDB,
  input: NewRun,
  opts: { model?: NewModel; activate?: boolean } = {}
): Promise<{ run: RunRecord; model?: ModelSummary }> {
  const run = prepareRun(input);
  const model = opts.model ? prepareModel(opts.model) : undefined;
  if (model) run.modelId = model.id;
  const bytes = approxBytes(run) + (model ? approxBytes(model) : 0);
  await write(db, ['runs', 'models', 'modelBlobs', 'settings'], bytes, async (tx) => {
    if ((await tx.objectStore('runs').getKey(run.id)) !== undefined) {
      throw new StoreError('exists', `A run with id "${run.id}" is already stored.`);
    }
    if (model) {
      await putNewModel(tx, model);
      if (opts.activate) {
        await tx.objectStore('settings').put({ key: 'activeModelId', value: model.id });
      }
    }
    await tx.objectStore('runs').put(run);
  });
  if (!model) return { run };
  const { bytes: _bytes, ...summary } = model;
  return { run, model: summary };
}

export async function getRun(db: StoreDB, id: string): Promise<RunRecord> {
  requireId(id, 'run');
  return read(db, ['runs'], async (tx) => {
    const run = await tx.objectStore('runs').get(id);
    if (!run) throw notFound('run', id);
    return run;
  });
}

/** Newest first. */
export async function listRuns(db: StoreDB): Promise<RunRecord[]> {
  const all = await read(db, ['runs'], (tx) => tx.objectStore('runs').index('createdAt').getAll());
  return all.reverse();
}

/** Deletes a run (not its model); returns it for restoreRun. */
export async function deleteRun(db: StoreDB, id: string): Promise<RunRecord> {
  requireId(id, 'run');
  return write(db, ['runs'], 0, async (tx) => {
    const run = await tx.objectStore('runs').get(id);
    if (!run) throw notFound('run', id);
    await tx.objectStore('runs').delete(id);
    return run;
  });
}

/** Undo for deleteRun. */
export async function restoreRun(db: StoreDB, run: RunRecord): Promise<RunRecord> {
  return (await addRun(db, run)).run;
}
