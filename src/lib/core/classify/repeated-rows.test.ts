/**
 * A K2 download without default_flag lists a planet once per reference. Host multiplicity
 * counts planets, each planet is scored once (and the other rows name the row used), so
 * repeating every row leaves every planet's prediction unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readModel } from '../model/index.ts';
import { classifyTable } from './classify.ts';
import { parseCsvTextWithRaw } from './raw.ts';

const root = new URL('../../../../', import.meta.url);
const model = readModel(readFileSync(new URL('models/default.exoforest', root)));
const k2Path = new URL('../shared/data/k2.csv', root);

/**
 * Probability of the first class per object id; each planet must be scored exactly once, or
 * (`repeats`) every row of it with the same probability.
 */
function byPlanet(csv: string, repeats = false): Map<string, number> {
  const loaded = parseCsvTextWithRaw(csv, { name: 'k2.csv' });
  const result = classifyTable(model, loaded.table, loaded.raw, {
    setAside: loaded.report.setAside.rows
  });
  const out = new Map<string, number>();
  for (const r of result.rows) {
    if (!r.probabilities) continue;
    const seen = out.get(r.objectId);
    if (seen !== undefined) {
      expect(repeats, `${r.objectId} scored twice`).toBe(true);
      expect(r.probabilities[0], r.objectId).toBe(seen);
    }
    out.set(r.objectId, r.probabilities[0]);
  }
  return out;
}

/** Every data line repeated `times` times, in place. */
function repeatRows(csv: string, times: number): string {
  const [header, ...rows] = csv.trimEnd().split('\n');
  return [header, ...rows.flatMap((r) => new Array<string>(times).fill(r))].join('\n') + '\n';
}

// Three hosts: K2-399 has one planet with three references, K2-3 three planets (one with two
// references), K2-18 one planet listed once. Values differ between references.
const HEADER =
  'pl_name,hostname,disposition,pl_orbper,pl_orbpererr1,pl_orbpererr2,pl_rade,pl_radeerr1,pl_radeerr2,pl_trandep,pl_trandur,st_teff,st_rad,st_logg';
const SYNTHETIC = [
  HEADER,
  'K2-399 b,K2-399,CANDIDATE,0.7634,0.0001,-0.0001,2.5,,,0.09,1.7,5300,0.88,',
  'K2-399 b,K2-399,CANDIDATE,0.76347,,,2.61,0.2,-0.2,0.094,1.71,5295,0.9,4.5',
  'K2-399 b,K2-399,CANDIDATE,0.7635,,,,,,,,,,',
  'K2-3 b,K2-3,CONFIRMED,10.0546,0.0001,-0.0001,2.29,0.2,-0.2,0.11,2.6,3896,0.56,4.73',
  'K2-3 b,K2-3,CONFIRMED,10.0545,,,2.18,,,0.1,,3835,0.55,',
  'K2-3 c,K2-3,CONFIRMED,24.6465,0.0004,-0.0004,1.77,0.15,-0.15,0.07,3.4,3896,0.56,4.73',
  'K2-3 d,K2-3,CONFIRMED,44.5563,0.0009,-0.0009,1.65,0.2,-0.2,0.06,3.9,3896,0.56,4.73',
  'K2-18 b,K2-18,CONFIRMED,32.94,0.0002,-0.0002,2.37,0.22,-0.22,0.29,2.7,3457,0.41,4.86'
].join('\n');

describe('repeated K2 reference rows (no default_flag)', () => {
  it('score each planet once, from its fullest row, and name that row on the others', () => {
    const loaded = parseCsvTextWithRaw(SYNTHETIC + '\n', { name: 'k2.csv' });
    const t = loaded.table;
    expect(t.objectId).toEqual(['K2-399 b', 'K2-3 b', 'K2-3 c', 'K2-3 d', 'K2-18 b']);
    // The fullest references: line 3 for K2-399 b, line 5 for K2-3 b.
    expect(Array.from(t.rowNumber)).toEqual([3, 5, 7, 8, 9]);
    const mult = t.columns[t.features.indexOf('host_multiplicity')];
    expect(Array.from(mult)).toEqual([1, 3, 3, 3, 1]);
    expect(loaded.report.setAside.byReason['repeat-reference']).toBe(3);
    expect(loaded.report.duplicateIds.total).toBe(0);
    const result = classifyTable(model, t, loaded.raw, { setAside: loaded.report.setAside.rows });
    const line4 = result.rows.find((r) => r.line === 4)!;
    expect(line4.probabilities).toBeNull();
    expect(line4.notes).toMatch(/K2-399 b is scored once, from row 3/);
  });

  it('tripling every row leaves every planet prediction unchanged', () => {
    const once = byPlanet(SYNTHETIC + '\n');
    const thrice = byPlanet(repeatRows(SYNTHETIC, 3));
    expect(once.size).toBe(5);
    expect([...thrice]).toEqual([...once]);
  });

  it.skipIf(!existsSync(k2Path))(
    'real k2.csv without default_flag, rows tripled: all 1,806 planets scored once, same predictions',
    () => {
      const text = readFileSync(k2Path, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n');
      const lines = text.trimEnd().split('\n');
      const col = lines[0].split(',').indexOf('default_flag');
      const strip = (l: string) => l.split(',').toSpliced(col, 1).join(',');
      const noFlag = lines.map(strip).join('\n') + '\n';
      const once = byPlanet(noFlag);
      const thrice = byPlanet(repeatRows(noFlag, 3));
      expect(once.size).toBe(1806);
      expect([...thrice]).toEqual([...once]);
      // With default_flag, tripled default rows keep the predictions of the file as downloaded.
      const withFlag = byPlanet(text.trimEnd() + '\n');
      const withFlagTripled = byPlanet(repeatRows(text, 3), true);
      expect([...withFlagTripled]).toEqual([...withFlag]);
    }
  );
});
