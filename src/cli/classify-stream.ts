/**
 * Streaming classification for the CLI. The loader's first pass keeps only the canonical
 * table (a few numbers and ids per row); this second pass reads the same file again in chunks,
 * joins each raw row to its verdict and writes the output chunk by chunk, so neither the raw
 * cells nor the output are ever held whole.
 */
import { createReadStream } from 'node:fs';
import {
  classifiedCsvLayout,
  classifiedCsvLine,
  createRowJoiner,
  rawRowReader,
  type ClassifiedCsvLayout,
  type ClassifyCounts,
  type RowClassifier,
  type RowJoiner
} from '../lib/core/classify/index.ts';
import {
  createCsvStream,
  type CanonicalTable,
  type LoadReport
} from '../lib/core/missions/index.ts';
import type { OutputSink } from './output.ts';

/** Bytes read per chunk of the second pass. */
export const CLASSIFY_CHUNK_BYTES = 1 << 18;

export interface StreamStats {
  counts: ClassifyCounts;
  /** The most output text held at once (characters), for tests of the bound. */
  maxBufferedChars: number;
  chunks: number;
}

/** Reads `file` (the regular file the table was loaded from) again and writes the classified CSV. */
export async function writeClassified(
  file: string,
  table: CanonicalTable,
  report: LoadReport,
  classifier: RowClassifier,
  sink: OutputSink,
  chunkBytes = CLASSIFY_CHUNK_BYTES
): Promise<StreamStats> {
  let layout: ClassifiedCsvLayout | null = null;
  let joiner: RowJoiner | null = null;
  let lines: string[] = [];
  let buffered = 0;
  let maxBufferedChars = 0;
  let chunks = 0;
  const reader = rawRowReader({
    header(cells) {
      layout = classifiedCsvLayout(classifier.prediction.classes, cells);
      joiner = createRowJoiner(classifier, table, cells, { setAside: report.setAside.rows });
      lines.push(layout.header);
      buffered += layout.header.length;
    },
    row(cells, line) {
      const r = (joiner as RowJoiner).next(cells, line);
      const text = classifiedCsvLine(layout as ClassifiedCsvLayout, r, cells);
      lines.push(text);
      buffered += text.length + 1;
    }
  });
  const flush = async () => {
    if (lines.length === 0) return;
    maxBufferedChars = Math.max(maxBufferedChars, buffered);
    const text = lines.join('\n') + '\n';
    lines = [];
    buffered = 0;
    await sink.write(text);
  };
  const csv = createCsvStream(reader);
  const decoder = new TextDecoder('utf-8');
  const source = createReadStream(file, { highWaterMark: chunkBytes });
  for await (const chunk of source as AsyncIterable<Buffer>) {
    chunks++;
    csv.write(decoder.decode(chunk, { stream: true }));
    await flush();
  }
  csv.write(decoder.decode());
  csv.end();
  await flush();
  if (!joiner) throw new Error('writeClassified: the file has no header on the second pass');
  return { counts: (joiner as RowJoiner).finish(), maxBufferedChars, chunks };
}
