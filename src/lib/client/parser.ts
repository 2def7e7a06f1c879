import { wrap, proxy, type Remote } from 'comlink';
import type { ParseWorkerApi } from '../workers/parse.worker.ts';

let remote: Remote<ParseWorkerApi> | undefined;

/** The parse worker, started on first use (never during prerendering). */
function parser(): Remote<ParseWorkerApi> {
  remote ??= wrap<ParseWorkerApi>(
    new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module' })
  );
  return remote;
}

export type Progress = (done: number, total: number) => void;

/** Parses CSV text (pasted or read from a file) into a canonical table, off the main thread. */
export function parseText(text: string, name: string, onProgress: Progress = () => {}) {
  // The worker releases its end of the progress proxy when the job ends.
  return parser().loadText(text, name, proxy(onProgress));
}

/** Parses a dropped or picked file, streaming it inside the worker. */
export function parseFile(file: Blob, name: string, onProgress: Progress = () => {}) {
  return parser().load(file, name, proxy(onProgress));
}
