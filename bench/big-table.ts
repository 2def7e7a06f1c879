/**
 * Writes a large TOI-shaped table for the CLI's memory and time measurements (never committed):
 * the archive TOI download's rows repeated, each copy with its own TOI and TIC ids, so host
 * multiplicities and labels stay as in the real table.
 * Usage: npx tsx bench/big-table.ts OUT.csv MEGABYTES [TOI.csv]
 */
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { DEFAULT_DATA_DIR } from '../src/cli/paths.ts';

const [out, mbText, src = path.join(DEFAULT_DATA_DIR, 'TOI_2025.10.04_07.29.48.csv')] =
  process.argv.slice(2);
if (!out || !mbText) {
  console.error('usage: npx tsx bench/big-table.ts OUT.csv MEGABYTES [TOI.csv]');
  process.exit(2);
}
const target = Number(mbText) * 1024 * 1024;
const text = readFileSync(src, 'utf8');
const lines = text.split('\n');
const headerAt = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
const header = Papa.parse<string[]>(lines[headerAt]).data[0];
const rows = Papa.parse<string[]>(lines.slice(headerAt + 1).join('\n'), {
  skipEmptyLines: true
}).data;
const toi = header.indexOf('toi');
const tid = header.indexOf('tid');
const stream = createWriteStream(out);
let written = 0;
const write = (s: string) =>
  new Promise<void>((resolve) => {
    written += Buffer.byteLength(s);
    if (stream.write(s)) resolve();
    else stream.once('drain', resolve);
  });
await write(lines.slice(0, headerAt + 1).join('\n') + '\n');
let copy = 0;
let nRows = 0;
while (written < target) {
  const chunk: string[] = [];
  for (const r of rows) {
    const cells = r.slice();
    if (copy > 0) {
      cells[toi] = String(Number(cells[toi]) + copy * 100000);
      cells[tid] = `${cells[tid]}${String(copy).padStart(4, '0')}`;
    }
    chunk.push(Papa.unparse([cells], { newline: '\n' }));
  }
  nRows += chunk.length;
  await write(chunk.join('\n') + '\n');
  copy++;
}
stream.end();
console.error(`wrote ${out}: ${nRows} rows, ${(written / 1024 / 1024).toFixed(0)} MB`);
