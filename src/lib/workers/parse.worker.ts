/**
 * Parse worker: a thin Comlink adapter over the mission data layer. Loads a File/Blob or text
 * into a CanonicalTable + LoadReport; the Float32/Int32 column buffers are transferred, not
 * copied. Bad input comes back as { ok: false, error: { code, message } } (a thrown error
 * would lose its code crossing the worker boundary).
 */
import { transfer } from 'comlink';
import { exposeInWorker, release } from './expose.ts';
import {
  parseCsvBlob,
  parseCsvText,
  toOutcome,
  type LoadOutcome,
  type LoadResult
} from '../core/missions/index.ts';

type Progress = (bytesRead: number, totalBytes: number) => void;
export type ParseOutcome = LoadOutcome<LoadResult>;

/** Fire-and-forget progress; a caller that went away must not fail the load. */
function progressSink(onProgress?: Progress): Progress | undefined {
  if (!onProgress) return undefined;
  return (read, total) => {
    try {
      const sent = onProgress(read, total) as unknown;
      if (sent instanceof Promise) sent.catch(() => {});
    } catch {
      // released or closed callback: ignore
    }
  };
}

/** A Comlink proxy callback keeps its port open until released. */
function transferTable(outcome: ParseOutcome): ParseOutcome {
  if (!outcome.ok) return outcome;
  const buffers = new Set<ArrayBuffer>([
    ...outcome.table.columns.map((c) => c.buffer as ArrayBuffer),
    outcome.table.rowNumber.buffer as ArrayBuffer
  ]);
  return transfer(outcome, [...buffers]);
}

export const api = {
  async load(file: Blob, name: string, onProgress?: Progress): Promise<ParseOutcome> {
    try {
      const outcome = await toOutcome(() =>
        parseCsvBlob(file, { name, onProgress: progressSink(onProgress) })
      );
      return transferTable(outcome);
    } finally {
      release(onProgress);
    }
  },
  async loadText(text: string, name: string, onProgress?: Progress): Promise<ParseOutcome> {
    try {
      const outcome = await toOutcome(async () =>
        parseCsvText(text, { name, onProgress: progressSink(onProgress) })
      );
      return transferTable(outcome);
    } finally {
      release(onProgress);
    }
  }
};

export type ParseWorkerApi = typeof api;

exposeInWorker(api);
