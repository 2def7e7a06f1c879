/**
 * Owns the classify worker: started on first use (never during prerendering), fed the chosen
 * model's bytes once, cancelled by terminating it (every call in flight rejects with
 * JobCancelled) and started afresh by the next call, which loads the model again.
 */
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type {
  ClassifyOutcome,
  ClassifyWorkerApi,
  ModelOutcome,
  Progress
} from '../workers/classify.worker.ts';

export type {
  ClassifiedFile,
  ClassifyOutcome,
  KeyFeature,
  ModelOutcome,
  ModelOverview,
  Progress,
  RowColumns
} from '../workers/classify.worker.ts';
export type { FeatureContribution, RowExplanation } from '../core/classify/index.ts';

/** The model classification uses: a stable key (same key = same bytes) and its file bytes. */
export interface ModelChoice {
  key: string;
  bytes(): Promise<Uint8Array>;
}

export class JobCancelled extends Error {
  override name = 'JobCancelled';
  constructor() {
    super('Cancelled.');
  }
}

interface Running {
  worker: Worker;
  remote: Remote<ClassifyWorkerApi>;
  /** Rejects when the worker is terminated, so no call waits forever. */
  stopped: Promise<never>;
  stop: () => void;
  /** Key of the model the worker holds. */
  modelKey: string | null;
}

let running: Running | null = null;
let choice: ModelChoice | null = null;

function start(): Running {
  const worker = new Worker(new URL('../workers/classify.worker.ts', import.meta.url), {
    type: 'module'
  });
  let stop = () => {};
  const stopped = new Promise<never>((_, reject) => (stop = () => reject(new JobCancelled())));
  stopped.catch(() => {});
  return { worker, remote: wrap<ClassifyWorkerApi>(worker), stopped, stop, modelKey: null };
}

function current(): Running {
  running ??= start();
  return running;
}

/** Runs one call on the worker; rejects with JobCancelled if cancel() ends the worker first. */
function call<T>(fn: (remote: Remote<ClassifyWorkerApi>) => Promise<T>): Promise<T> {
  const r = current();
  return Promise.race([fn(r.remote), r.stopped]);
}

/** Chooses the model later calls classify with (loaded into the worker when first needed). */
export function useModel(next: ModelChoice): void {
  choice = next;
}

/** What the worker said about the model it last loaded, by model key. */
let lastLoaded: { key: string; outcome: ModelOutcome } | null = null;

/**
 * Makes the worker hold the chosen model (read from its bytes once per worker) and returns its
 * overview, or the reader's error for a bad file.
 */
export async function loadModel(): Promise<ModelOutcome> {
  if (!choice) throw new Error('classifier: choose a model with useModel() first');
  const r = current();
  const wanted = choice;
  if (r.modelKey === wanted.key && lastLoaded?.key === wanted.key) return lastLoaded.outcome;
  const bytes = (await wanted.bytes()).slice(); // our own copy, moved to the worker
  const outcome = await call(async (remote) => remote.setModel(transfer(bytes, [bytes.buffer])));
  if (outcome.ok && running === r) r.modelKey = wanted.key;
  lastLoaded = { key: wanted.key, outcome };
  return outcome;
}

/** Key of the model the running worker holds, or null. */
export function loadedModelKey(): string | null {
  return running?.modelKey ?? null;
}

/** Reads a model file without using it: its overview, or the reader's message for a bad file. */
export function inspectModel(bytes: Uint8Array): Promise<ModelOutcome> {
  return call(async (remote) => remote.inspect(bytes));
}

/** Reads a CSV (File or text) and classifies it with the chosen model. */
export async function classify(
  id: number,
  source: Blob | string,
  name: string,
  onProgress: Progress = () => {}
): Promise<ClassifyOutcome | { ok: false; error: { code: 'model'; message: string } }> {
  const model = await loadModel();
  if (!model.ok) return { ok: false, error: { code: 'model', message: model.error.message } };
  // The worker releases its end of the progress proxy when the job ends.
  return call(async (remote) => remote.classify(id, source, name, proxy(onProgress)));
}

/** Whether the running worker still holds file `id` (false after a cancel). */
export function holds(id: number): Promise<boolean> {
  if (!running) return Promise.resolve(false);
  return call((remote) => remote.has(id));
}

/** Classifies a held file again with the chosen model. */
export async function rescore(id: number): Promise<ClassifyOutcome> {
  await loadModel();
  return call(async (remote) => remote.rescore(id));
}

export function explain(id: number, tableIndex: number) {
  return call((remote) => remote.explain(id, tableIndex));
}

/** The results CSV of a held file, byte for byte what `exoforest classify` writes. */
export function resultsCsv(id: number): Promise<Blob> {
  return call((remote) => remote.csv(id));
}

export function forget(id: number): void {
  if (running) void call((remote) => remote.forget(id)).catch(() => {});
}

/** Stops whatever the worker is doing; the next call starts a fresh worker. */
export function cancel(): void {
  const r = running;
  if (!r) return;
  running = null;
  r.stop();
  r.remote[releaseProxy]();
  r.worker.terminate();
}
