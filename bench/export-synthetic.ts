/**
 * Writes a named synthetic data set (src/lib/core/forest/synthetic.ts) to CSV for
 * bench/sklearn_rf.py. Usage: tsx bench/export-synthetic.ts PRESET OUT.csv
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  SYNTHETIC_PRESETS,
  makeClassification,
  toCsv,
  type SyntheticPreset
} from '../src/lib/core/forest/synthetic.ts';

export function exportSynthetic(preset: SyntheticPreset, out: string): { trainRows: number } {
  const p = SYNTHETIC_PRESETS[preset];
  if (!p) {
    throw new Error(
      `export-synthetic: unknown preset '${preset}'; use one of ${Object.keys(SYNTHETIC_PRESETS).join(', ')}`
    );
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, toCsv(makeClassification(p.options)));
  return { trainRows: p.trainRows };
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const [preset, out] = process.argv.slice(2);
  if (!preset || !out) {
    console.error(
      `usage: tsx bench/export-synthetic.ts PRESET OUT.csv  (PRESET: ${Object.keys(SYNTHETIC_PRESETS).join(' | ')})`
    );
    process.exit(2);
  }
  const { trainRows } = exportSynthetic(preset as SyntheticPreset, out);
  console.log(`wrote ${out} (first ${trainRows} rows train)`);
}
