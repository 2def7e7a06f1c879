/** The leakage list from DESIGN.md, as data, guards every adapter and matrix. */
import { describe, expect, it } from 'vitest';
import { ALL_FEATURES, DEFAULT_FEATURES, MISSION_EXTRAS } from './features.ts';
import { MISSION_ADAPTERS } from './adapters/index.ts';
import { assertNoLeakage, bannedReason } from './leakage.ts';
import { toMatrix } from './matrix.ts';
import { parseCsvText } from './parse-text.ts';

describe('leakage list', () => {
  it('bans every column DESIGN.md names, in any case, plus the *_refname and koi_fpflag_* families', () => {
    const design = [
      'koi_disposition',
      'koi_pdisposition',
      'koi_score',
      'koi_fpflag_nt',
      'koi_fpflag_ss',
      'koi_fpflag_co',
      'koi_fpflag_ec',
      'kepler_name',
      'koi_tce_delivname',
      'disposition',
      'disp_refname',
      'tfopwg_disp',
      'pl_name',
      'k2_name',
      'hostname',
      'disc_year',
      'discoverymethod',
      'disc_facility',
      'pl_controv_flag',
      'st_refname',
      'sy_refname',
      'pl_refname',
      'rowupdate',
      'releasedate',
      'pl_pubdate',
      'toi_created'
    ];
    for (const c of design) expect(bannedReason(c), c).not.toBeNull();
    expect(bannedReason('  KOI_SCORE ')).not.toBeNull();
    expect(bannedReason('soltype')).toMatch(/disposition/);
  });

  it('allows the physical columns the adapters read', () => {
    for (const c of [
      'koi_period',
      'koi_depth',
      'pl_trandep',
      'st_teff',
      'koi_model_snr',
      'st_tmag'
    ]) {
      expect(bannedReason(c), c).toBeNull();
    }
  });

  it('no adapter maps a banned source column, and no registry feature is banned', () => {
    for (const a of MISSION_ADAPTERS) {
      for (const s of a.numeric) {
        expect(bannedReason(s.column), `${a.kind}: ${s.column}`).toBeNull();
        for (const e of s.err ?? []) expect(bannedReason(e), `${a.kind}: ${e}`).toBeNull();
      }
    }
    expect(ALL_FEATURES.filter((f) => bannedReason(f.name) !== null)).toEqual([]);
  });

  it('pins the default feature set (the 14 canonical + derived features) and the mission extras', () => {
    expect(DEFAULT_FEATURES).toEqual([
      'period_days',
      'duration_hours',
      'depth_ppm',
      'planet_radius_re',
      'teq_k',
      'insolation_earth',
      'star_teff_k',
      'star_logg_cgs',
      'star_radius_rsun',
      'depth_consistency',
      'duration_consistency',
      'depth_snr',
      'period_rel_err',
      'host_multiplicity'
    ]);
    expect(MISSION_EXTRAS).toEqual({
      koi: ['koi_model_snr', 'koi_impact', 'koi_kepmag'],
      k2: ['k2_ratror', 'k2_star_mass_msun', 'k2_star_density_gcc'],
      toi: ['toi_tmag', 'toi_dist_pc', 'toi_pmra_mas_yr', 'toi_pmdec_mas_yr', 'toi_pm_total_mas_yr']
    });
  });

  it('bans the transit epoch and the TOI number (date proxies), and no table or feature set carries them', () => {
    for (const c of [
      'pl_tranmid',
      'pl_tranmiderr1',
      'koi_time0bk',
      'koi_time0bk_err1',
      'koi_time0',
      'toi'
    ]) {
      expect(bannedReason(c), c).not.toBeNull();
    }
    expect(bannedReason('pl_tranmid')).toMatch(/date proxy/);
    expect(bannedReason('toi')).toMatch(/date proxy/);
    expect(bannedReason('koi_time0bk')).toMatch(/date proxy/);
    expect(() => assertNoLeakage(['period_days', 'pl_tranmid'])).toThrow(/pl_tranmid/);
    const toi = parseCsvText(
      'toi,tid,tfopwg_disp,ra,dec,pl_tranmid,pl_orbper,pl_trandep\n101.01,1,CP,10,20,2458325.3,3.1,900\n'
    ).table;
    const koi = parseCsvText(
      'kepid,kepoi_name,koi_disposition,koi_time0bk,koi_time0,koi_period\n7,K00001.01,CONFIRMED,170.5,2454003.5,2.5\n'
    ).table;
    for (const t of [toi, koi]) {
      expect(t.features.filter((f) => bannedReason(f) !== null)).toEqual([]);
      for (const c of t.columns) {
        for (const v of [2458325.3, 170.5, 2454003.5, 101.01]) {
          expect(Array.from(c)).not.toContain(Math.fround(v));
        }
      }
    }
  });

  it('toMatrix and assertNoLeakage refuse banned names with the reason', () => {
    const { table } = parseCsvText('period_days,label\n1,PLANET\n');
    expect(() => toMatrix(table, ['period_days', 'koi_score'])).toThrow(
      /"koi_score" \(encodes the vetting outcome\) may not be used as features/
    );
    expect(() => assertNoLeakage(['label'])).toThrow(/Leakage guard/);
    expect(() => assertNoLeakage(DEFAULT_FEATURES)).not.toThrow();
  });

  it('a canonical CSV carrying leaky columns never turns them into features', () => {
    const { table } = parseCsvText(
      'period_days,koi_score,koi_fpflag_nt,disposition,label\n3,0.99,0,CONFIRMED,PLANET\n'
    );
    expect(table.features.some((f) => bannedReason(f) !== null)).toBe(false);
    for (const c of table.columns) expect(Array.from(c)).not.toContain(Math.fround(0.99));
  });
});
