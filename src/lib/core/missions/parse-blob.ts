import { createCsvStream } from './csv-stream.ts';
import { LoadError } from './errors.ts';
import { CHUNK_BYTES, throwIfAborted } from './parse-text.ts';
import { createTableReader } from './reader.ts';
import { assertSize, assertTextBytes, MAX_INPUT_BYTES, SNIFF_BYTES } from './sniff.ts';
import type { LoadOptions, LoadResult } from './types.ts';

/**
 * Streams a Blob/File in slices (`blob.slice(a, b).arrayBuffer()`, available in browsers,
 * workers and Node 20, unlike FileReader), decoding UTF-8 with a streaming TextDecoder so a
 * multi-byte character split across slices survives. Only the current slice, the carried
 * partial row and the canonical columns are in memory at any time.
 */
export async function parseCsvBlob(blob: Blob, opts: LoadOptions = {}): Promise<LoadResult> {
  const name = opts.name ?? ((blob as { name?: string }).name || 'input');
  const size = blob.size;
  assertSize(size, opts.maxBytes ?? MAX_INPUT_BYTES, name);
  if (size === 0) {
    throw new LoadError(
      'empty',
      `"${name}" is empty (0 bytes). Choose a CSV file downloaded from the NASA Exoplanet Archive.`
    );
  }
  assertTextBytes(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()), name);
  // fatal: false -> invalid bytes become U+FFFD and the stream warns; the decoder drops a BOM.
  const decoder = new TextDecoder('utf-8');
  const reader = createTableReader({ name, bytes: size, maxListed: opts.maxListed });
  const stream = createCsvStream(opts.wrapReader ? opts.wrapReader(reader) : reader);
  const chunk = Math.max(1, opts.chunkBytes ?? CHUNK_BYTES);
  for (let offset = 0; offset < size; offset += chunk) {
    throwIfAborted(opts.signal);
    const bytes = new Uint8Array(await blob.slice(offset, offset + chunk).arrayBuffer());
    stream.write(decoder.decode(bytes, { stream: true }));
    opts.onProgress?.(Math.min(offset + chunk, size), size);
  }
  stream.write(decoder.decode());
  return stream.end();
}
