/** Archive-format synthetic fixtures (tests/fixtures/missions) load into the expected canonical tables. */
import { describe, expect, it } from 'vitest';
import { fixtureBlob } from '../../../../tests/fixtures/missions/files.ts';
import { featuresForMission } from './features.ts';
import { parseCsvBlob } from './parse-blob.ts';
import type { CanonicalTable } from './types.ts';

const load = (name: string) => parseCsvBlob(fixtureBlob(name), { name });
const col = (t: CanonicalTable, f: string) => {
  const j = t.features.indexOf(f);
  if (j < 0) throw new Error(`no feature ${f}`);
  return t.columns[j];
};

describe('KOI cumulative fixture', async () => {
  const { table: t, report: r } = await load('koi-cumulative.csv');

  it('is detected as KOI with its download date, rows and labels', () => {
    expect(r.kind).toBe('koi');
    expect(r.downloadDate).toBe('2026-03-03T12:00:00');
    expect(r.downloadDateSource).toBe('header');
    expect([r.rowsRead, r.rowsKept]).toEqual([24, 24]);
    expect(r.labelCounts.raw).toEqual({ CONFIRMED: 10, CANDIDATE: 6, 'FALSE POSITIVE': 8 });
    expect(r.labelCounts.vetting).toEqual({ PLANET: 10, FALSE_POSITIVE: 8, unresolved: 6 });
    expect(r.rowsUsable).toEqual({ vetting: 18, disposition: 24 });
    expect(r.warnings).toEqual([]);
  });

  it('carries the canonical, derived, uncertainty and KOI extra features in table order', () => {
    expect(t.features).toEqual(featuresForMission('koi'));
    expect(t.units[t.features.indexOf('depth_ppm')]).toBe('ppm');
    expect(r.featuresMissing).toEqual([]);
    expect(r.featuresEmpty).toEqual(['teq_k_err']); // the archive leaves koi_teq_err1/2 empty
  });

  it('maps the hand-set first row with units, sigmas and derived features', () => {
    const v = (f: string) => col(t, f)[0];
    expect(t.objectId[0]).toBe('K00001.01');
    expect(t.hostId[0]).toBe('koi:10000001');
    expect(t.rowNumber[0]).toBe(55); // 53 comment lines, header on line 54
    expect([v('period_days'), v('duration_hours'), v('depth_ppm')]).toEqual([
      10.5,
      Math.fround(3.2),
      500
    ]);
    expect(v('planet_radius_re')).toBe(Math.fround(2.1));
    expect([v('teq_k'), v('insolation_earth'), v('star_teff_k')]).toEqual([800, 100, 5700]);
    expect(v('star_logg_cgs')).toBe(Math.fround(4.4));
    expect(v('star_radius_rsun')).toBe(Math.fround(0.95));
    expect(v('depth_ppm_err')).toBe(25); // mean(|20|, |-30|)
    expect(v('depth_snr')).toBe(20);
    expect(v('period_rel_err')).toBeCloseTo(1e-5 / 10.5, 9);
    expect(v('koi_model_snr')).toBe(25);
    expect(v('host_multiplicity')).toBe(3);
  });

  it('counts host multiplicity per kepid and leaves an empty depth missing', () => {
    expect(Array.from(col(t, 'host_multiplicity').slice(0, 6))).toEqual([3, 3, 3, 2, 2, 1]);
    expect(col(t, 'depth_ppm')[1]).toBeNaN();
    expect(col(t, 'depth_consistency')[1]).toBeNaN();
  });
});

describe('K2 default-columns fixture', async () => {
  const { table: t, report: r } = await load('k2pandc-default.csv');

  it('keeps one row per planet (default_flag = 1) and says why the others were set aside', () => {
    expect([r.rowsRead, r.rowsKept]).toEqual([19, 10]);
    expect(r.setAside.total).toBe(9);
    expect(r.setAside.byReason).toEqual({ 'not-default': 9 });
    expect(r.setAside.rows[0]).toMatchObject({ row: 103, reason: 'not-default' });
    expect(new Set(t.objectId).size).toBe(10);
  });

  it('maps REFUTED to a false positive and counts labels on kept rows', () => {
    expect(r.labelCounts.raw).toEqual({
      CONFIRMED: 4,
      CANDIDATE: 3,
      'FALSE POSITIVE': 2,
      REFUTED: 1
    });
    expect(r.labelCounts.vetting).toEqual({ PLANET: 4, FALSE_POSITIVE: 3, unresolved: 3 });
    const refuted = t.rawLabel.indexOf('REFUTED');
    expect([t.labelVetting[refuted], t.labelDisposition[refuted]]).toEqual([
      'FALSE_POSITIVE',
      'FALSE_POSITIVE'
    ]);
  });

  it('reports that a default download cannot supply duration and depth', () => {
    expect(r.featuresMissing).toEqual(['duration_hours', 'depth_ppm']);
    expect(r.featuresEmpty).toEqual(
      expect.arrayContaining(['depth_consistency', 'duration_consistency', 'depth_snr'])
    );
    expect(r.notes.join(' ')).toMatch(/cannot supply duration_hours, depth_ppm/);
  });

  it('reads a quoted field with a comma and a line break, and numbers rows by source line', () => {
    expect(t.objectId.slice(0, 3)).toEqual(['K2-100 b', 'K2-100 c', 'EPIC 211111102.01']);
    // K2-100 c starts on line 101 and spans two lines; the next row starts on 103 (set aside).
    expect(Array.from(t.rowNumber.slice(0, 3))).toEqual([100, 101, 104]);
    expect(t.hostId.slice(0, 2)).toEqual(['k2:K2-100', 'k2:K2-100']);
    expect(Array.from(col(t, 'host_multiplicity').slice(0, 3))).toEqual([2, 2, 1]);
  });
});

describe('K2 custom-columns fixture', async () => {
  const { table: t, report: r } = await load('k2-custom.csv');

  it('converts pl_trandep from percent to ppm (x 10,000), uncertainties too', () => {
    expect([r.rowsRead, r.rowsKept]).toEqual([15, 8]);
    expect(r.featuresMissing).toEqual([]);
    expect(col(t, 'depth_ppm')[0]).toBeCloseTo(500, 3); // 0.0500 %
    expect(col(t, 'depth_ppm_err')[0]).toBeCloseTo(5, 4); // 0.00050 %
    expect(col(t, 'duration_hours')[0]).toBeCloseTo(2.5, 5);
    expect(col(t, 'depth_ppm')[7]).toBeNaN(); // the last planet's default row has none
    expect(col(t, 'k2_ratror')[0]).toBeCloseTo(Math.sqrt(500e-6), 4);
    expect(r.labelCounts.vetting).toEqual({ PLANET: 3, FALSE_POSITIVE: 2, unresolved: 3 });
  });
});

describe('TOI fixture with a UTF-8 BOM, CRLF line ends and quoted cells', async () => {
  const { table: t, report: r } = await load('toi-crlf-bom.csv');

  it('detects TOI (its first column name follows the BOM) and maps every disposition', () => {
    expect(r.kind).toBe('toi');
    expect(r.columnsInFile).toBe(65);
    expect(r.downloadDate).toBe('2026-03-06T07:29:48');
    expect([r.rowsRead, r.rowsKept]).toEqual([18, 18]);
    expect(r.labelCounts.raw).toEqual({ CP: 3, KP: 2, PC: 5, APC: 2, FP: 4, FA: 1 });
    expect(r.labelCounts.vetting).toEqual({ PLANET: 5, FALSE_POSITIVE: 5, unresolved: 8 });
    expect(r.labelCounts.disposition).toEqual({
      CONFIRMED: 5,
      CANDIDATE: 7,
      FALSE_POSITIVE: 5,
      unlabelled: 1
    });
    expect(r.rowsUsable).toEqual({ vetting: 10, disposition: 17 });
    expect(r.warnings).toEqual([]);
    expect(r.notes).toEqual([
      '1 row has an empty tfopwg_disp: kept without a label (classification only).'
    ]);
  });

  it('names objects TOI-<toi>, groups by TIC id and leaves no carriage return in cells', () => {
    expect(t.objectId[0]).toBe('TOI-1000.01');
    expect(t.hostId.slice(0, 3)).toEqual(['toi:50000000', 'toi:50000000', 'toi:50000002']);
    expect(t.rowNumber[0]).toBe(71);
    expect(t.rawLabel.join('')).not.toMatch(/\r/);
    expect(t.features).toEqual(featuresForMission('toi'));
    expect(col(t, 'toi_tmag').every((v) => v >= 7 && v <= 14)).toBe(true);
  });
});

describe('canonical CSV fixtures', async () => {
  const { table: t, report: r } = await load('canonical.csv');

  it('reads mixed-case canonical headers, mission aliases and every label spelling', () => {
    expect(r.kind).toBe('canonical');
    expect(r.rowsKept).toBe(12);
    expect(r.featuresMissing).toEqual([]);
    expect(t.mission).toEqual([
      'koi',
      'koi',
      'toi',
      'k2',
      'toi',
      'koi',
      'k2',
      'koi',
      'toi',
      'unknown',
      'koi',
      'koi'
    ]);
    expect(r.labelCounts.vetting).toEqual({ PLANET: 5, FALSE_POSITIVE: 4, unresolved: 3 });
    expect(r.labelCounts.disposition).toEqual({
      CONFIRMED: 5,
      FALSE_POSITIVE: 4,
      CANDIDATE: 2,
      unlabelled: 1
    });
    expect(t.features).toContain('koi_model_snr');
    expect(col(t, 'koi_model_snr')[8]).toBeNaN();
  });

  it('derives the Earth row by hand: depth and duration consistency ~1, SNR 20', () => {
    expect(t.objectId[0]).toBe('earth');
    expect(col(t, 'depth_consistency')[0]).toBeCloseTo(1.00163, 4);
    expect(col(t, 'duration_consistency')[0]).toBeCloseTo(13 / 12.977, 3);
    expect(col(t, 'depth_snr')[0]).toBeCloseTo(20, 5);
    expect(col(t, 'period_rel_err')[0] / (0.00365 / 365.25)).toBeCloseTo(1, 5);
    expect(col(t, 'host_multiplicity')[0]).toBe(2); // "sun" hosts rows 0 and 3
  });

  it('loads a tab-separated file with no label, ids or hosts as classification input', async () => {
    const { table: u, report: ur } = await load('canonical-unlabelled.tsv');
    expect(ur.delimiter).toBe('\t');
    expect(ur.labelColumn).toBeNull();
    expect(ur.rowsUsable).toEqual({ vetting: 0, disposition: 0 });
    expect(u.objectId[0]).toBe('row-2');
    expect(new Set(u.hostId).size).toBe(6);
    expect(col(u, 'host_multiplicity').every(Number.isNaN)).toBe(true);
    expect(ur.notes.join(' ')).toMatch(/No label column/);
    expect(ur.featuresMissing).toEqual([
      'teq_k',
      'insolation_earth',
      'star_teff_k',
      'star_logg_cgs'
    ]);
  });
});
