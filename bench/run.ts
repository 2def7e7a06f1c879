/**
 * Benchmarks: `npm run bench` (tsx bench/run.ts). Each section returns rows and prints its own
 * table; `--json FILE` also writes every row to FILE; `--only NAME[,NAME]` runs some sections.
 * Add a section by appending to SECTIONS.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { backtestBench } from './backtest.ts';
import { browserClassifyBench } from './browser-classify.ts';
import { boostSection } from './boost.ts';
import { browserTrainSection } from './browser-train.ts';
import { forestSection } from './forest.ts';
import { parseBench } from './parse.ts';
import { pipelineBench } from './pipeline.ts';

/** One measured case. `section` and `case` name it; the rest are free-form measurements. */
export interface Row {
  section: string;
  case: string;
  [measure: string]: string | number | boolean | null | undefined;
}

export type Section = (opts: { json: boolean }) => Promise<Row[]>;

export const SECTIONS: { name: string; run: Section }[] = [
  { name: 'forest', run: forestSection },
  { name: 'boost', run: boostSection },
  { name: 'parse', run: asSection('parse', parseBench) },
  { name: 'pipeline', run: asSection('pipeline', pipelineBench) },
  { name: 'backtest', run: backtestBench },
  { name: 'browser-train', run: asSection('browser-train', browserTrainSection) },
  { name: 'browser-classify', run: browserClassifyBench }
];

/** Adapts a section that returns loosely typed rows, stamping its name on each row. */
function asSection(
  name: string,
  run: (opts: { json: boolean }) => Promise<Record<string, unknown>[]>
): Section {
  return async (opts) => (await run(opts)).map((r) => ({ case: '', ...r, section: name }) as Row);
}

/** Prints rows as an aligned text table (numbers right-aligned, missing cells blank). */
export function printTable(title: string, rows: Row[]): void {
  const cols: string[] = [];
  for (const r of rows)
    for (const k of Object.keys(r)) if (k !== 'section' && !cols.includes(k)) cols.push(k);
  const cell = (v: Row[string]): string =>
    v === undefined || v === null
      ? ''
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? String(v)
          : v.toPrecision(4)
        : String(v);
  const grid = [cols, ...rows.map((r) => cols.map((c) => cell(r[c])))];
  const width = cols.map((_, j) => grid.reduce((w, g) => Math.max(w, g[j].length), 0));
  console.log(`\n## ${title}\n`);
  grid.forEach((g, i) => {
    console.log(
      g
        .map((v, j) =>
          i > 0 && typeof rows[i - 1][cols[j]] === 'number'
            ? v.padStart(width[j])
            : v.padEnd(width[j])
        )
        .join('  ')
    );
    if (i === 0) console.log(width.map((w) => '-'.repeat(w)).join('  '));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && !jsonFile) throw new Error('bench: --json needs a file name');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',') : undefined;
  const rows: Row[] = [];
  for (const s of SECTIONS) {
    if (only && !only.includes(s.name)) continue;
    for (const row of await s.run({ json: jsonFile !== undefined })) rows.push(row);
  }
  if (jsonFile) {
    writeFileSync(
      jsonFile,
      JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + '\n'
    );
    console.log(`\nwrote ${rows.length} rows to ${jsonFile}`);
  }
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
