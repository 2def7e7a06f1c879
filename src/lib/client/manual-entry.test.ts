import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../core/missions/parse-text.ts';
import { emptyEntry, entryProblems, entryToCsv } from './manual-entry.ts';

describe('one-object form', () => {
  it('becomes a one-row canonical table in canonical units, derived features computed', () => {
    const entry = emptyEntry();
    entry.objectId = '=evil()';
    entry.mission = 'toi';
    Object.assign(entry.values, {
      period_days: '9.488',
      period_days_err: '0.0001',
      depth_ppm: '615.8',
      depth_ppm_err: '20',
      planet_radius_re: '2.26',
      star_radius_rsun: '0.927'
    });
    expect(entryProblems(entry)).toEqual([]);
    const csv = entryToCsv(entry);
    expect(csv.split('\n')[1].startsWith("'=evil()")).toBe(true);
    const { table, report } = parseCsvText(csv, { name: 'manual' });
    expect(report.kind).toBe('canonical');
    expect(table.objectId).toHaveLength(1);
    expect(table.mission[0]).toBe('toi');
    const col = (f: string) => table.columns[table.features.indexOf(f)][0];
    expect(col('period_days')).toBeCloseTo(9.488, 4);
    expect(col('depth_snr')).toBeCloseTo(615.8 / 20, 3);
    expect(Number.isFinite(col('depth_consistency'))).toBe(true);
    expect(Number.isNaN(col('teq_k'))).toBe(true);
  });

  it('says what is wrong with an entry', () => {
    const entry = emptyEntry();
    expect(entryProblems(entry)).toEqual(['Enter at least one value.']);
    entry.values.period_days = 'ten';
    expect(entryProblems(entry)).toEqual(['Orbital period: "ten" is not a number.']);
  });
});
