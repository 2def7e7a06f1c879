import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText, tableToCsv } from '../../core/missions/index.ts';
import type { DatasetSummary } from '../store/index.ts';
import {
  canonicalCsv,
  canonicalCsvName,
  datasetCounts,
  fingerprintHex,
  labelParts,
  sameFileAs
} from './summary.ts';

const file = new URL('../../../../tests/fixtures/cli/koi.csv', import.meta.url);

describe('dataset summaries', () => {
  it('records kept rows and archive dispositions from the load report', () => {
    const { report } = parseCsvText(readFileSync(file, 'utf8'), { name: 'koi.csv' });
    const c = datasetCounts(report);
    expect(c.rows).toBe(report.rowsKept);
    expect(Object.keys(c.labels).sort()).toEqual(['CANDIDATE', 'CONFIRMED', 'FALSE_POSITIVE']);
    expect(Object.values(c.labels).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(c.rows);
    expect(labelParts({ FALSE_POSITIVE: 3, OTHER: 1, CONFIRMED: 2 }).map((p) => p.label)).toEqual([
      'CONFIRMED',
      'FALSE_POSITIVE',
      'OTHER'
    ]);
  });

  it('fingerprints the file bytes with SHA-256 (as sha256sum does) and finds re-added files', async () => {
    const bytes = new Uint8Array(readFileSync(file));
    const fp = await fingerprintHex(bytes);
    expect(fp).toBe(createHash('sha256').update(bytes).digest('hex'));
    const stored = [
      { name: 'a.csv', fingerprint: fp },
      { name: 'b.csv', fingerprint: 'other' }
    ] as DatasetSummary[];
    expect(sameFileAs(stored, fp)).toEqual(['a.csv']);
    expect(sameFileAs(stored, 'none')).toEqual([]);
  });

  it("exports the missions layer's canonical CSV under a safe name", async () => {
    const { table } = parseCsvText(readFileSync(file, 'utf8'), { name: 'koi.csv' });
    expect(await canonicalCsv(table).text()).toBe(tableToCsv(table));
    expect(canonicalCsvName('cumulative_2025.10.04_07.34.55.csv')).toBe(
      'cumulative_2025.10.04_07.34.55-canonical.csv'
    );
    expect(canonicalCsvName('../=evil name.csv')).toBe('evil-name-canonical.csv');
    expect(canonicalCsvName('.csv')).toBe('dataset-canonical.csv');
  });
});
