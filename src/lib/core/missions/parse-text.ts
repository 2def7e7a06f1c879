import { createCsvStream } from './csv-stream.ts';
import { LoadError } from './errors.ts';
import { createTableReader } from './reader.ts';
import { assertSize, assertTextString, MAX_INPUT_BYTES } from './sniff.ts';
import type { LoadOptions, LoadResult } from './types.ts';

/** Default streaming chunk: 1 MiB. */
export const CHUNK_BYTES = 1 << 20;

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LoadError('aborted', 'Loading was cancelled.');
}

/**
 * Parses CSV text already in memory (CLI, tests, pasted text), in chunks through the same
 * stream as parseCsvBlob. Sizes and progress are counted in characters.
 */
export function parseCsvText(text: string, opts: LoadOptions = {}): LoadResult {
  const name = opts.name ?? 'input';
  assertSize(text.length, opts.maxBytes ?? MAX_INPUT_BYTES, name);
  if (text.length === 0) {
    throw new LoadError(
      'empty',
      `"${name}" is empty (0 bytes). Choose a CSV file downloaded from the NASA Exoplanet Archive.`
    );
  }
  assertTextString(text, name);
  const reader = createTableReader({ name, bytes: text.length, maxListed: opts.maxListed });
  const stream = createCsvStream(opts.wrapReader ? opts.wrapReader(reader) : reader);
  const chunk = Math.max(1, opts.chunkBytes ?? CHUNK_BYTES);
  for (let i = 0; i < text.length; i += chunk) {
    throwIfAborted(opts.signal);
    stream.write(text.slice(i, i + chunk));
    opts.onProgress?.(Math.min(i + chunk, text.length), text.length);
  }
  return stream.end();
}
