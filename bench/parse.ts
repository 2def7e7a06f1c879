/**
 * Parse benchmark: times loading each real archive download the way the parse worker does
 * (parseCsvBlob on a Blob of the file). bench/run.ts registers this section; it also runs
 * alone:  npx tsx bench/parse.ts [--json]
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvBlob } from '../src/lib/core/missions/index.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.EXOFOREST_DATA ?? path.resolve(projectRoot, '../shared/data');

const FILES = [
  'cumulative_2025.10.04_07.34.55.csv',
  'TOI_2025.10.04_07.29.48.csv',
  'k2pandc_2025.10.04_07.36.56.csv',
  'k2.csv'
];
const RUNS = 5;

export async function parseBench(opts: { json: boolean }): Promise<Record<string, unknown>[]> {
  if (!existsSync(dataDir)) {
    console.log(
      `parse: skipped, the archive downloads are not at ${dataDir} (set EXOFOREST_DATA).`
    );
    return [];
  }
  const rows: Record<string, unknown>[] = [];
  for (const file of FILES) {
    const full = path.join(dataDir, file);
    if (!existsSync(full)) {
      console.log(`parse: skipped ${file} (not in ${dataDir}).`);
      continue;
    }
    const blob = new Blob([readFileSync(full)]);
    await parseCsvBlob(blob, { name: file }); // warm-up (JIT)
    const times: number[] = [];
    let last = null as Awaited<ReturnType<typeof parseCsvBlob>> | null;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      last = await parseCsvBlob(blob, { name: file });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const ms = times[times.length >> 1];
    const r = (last as NonNullable<typeof last>).report;
    rows.push({
      section: 'parse',
      file,
      kind: r.kind,
      bytes: blob.size,
      rowsRead: r.rowsRead,
      rowsKept: r.rowsKept,
      ms: Number(ms.toFixed(1)),
      rowsPerSec: Math.round(r.rowsRead / (ms / 1000)),
      mbPerSec: Number((blob.size / 1e6 / (ms / 1000)).toFixed(1)),
      runs: RUNS
    });
  }
  if (!opts.json) {
    console.log('parse (parseCsvBlob, median of 5 runs after a warm-up)');
    for (const row of rows) {
      console.log(
        `  ${String(row.file).padEnd(36)} ${String(row.rowsRead).padStart(6)} rows -> ${String(row.rowsKept).padStart(5)} kept  ${String(row.ms).padStart(7)} ms  ${String(row.rowsPerSec).padStart(8)} rows/s  ${row.mbPerSec} MB/s`
      );
    }
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  parseBench({ json }).then((rows) => {
    if (json) console.log(JSON.stringify(rows, null, 2));
  });
}
