import { K2_LABELS } from '../labels.ts';
import type { MissionAdapter } from './types.ts';

/**
 * K2 Planets and Candidates (`k2pandc`), default or custom column set. pl_trandep is in
 * percent (x 10,000 -> ppm); pl_trandep/pl_trandur exist only in custom downloads.
 * One row per reference: only the planet's default parameter set (default_flag = 1) is kept.
 */
export const K2_ADAPTER: MissionAdapter = {
  kind: 'k2',
  mission: 'k2',
  title: 'K2 Planets and Candidates (k2pandc)',
  signature: ['pl_name', 'hostname', 'disposition'],
  objectId: { column: 'pl_name', prefix: '' },
  hostId: { column: 'hostname', prefix: 'k2:' },
  label: { column: 'disposition', map: K2_LABELS },
  numeric: [
    { feature: 'period_days', column: 'pl_orbper', err: ['pl_orbpererr1', 'pl_orbpererr2'] },
    { feature: 'duration_hours', column: 'pl_trandur', err: ['pl_trandurerr1', 'pl_trandurerr2'] },
    {
      feature: 'depth_ppm',
      column: 'pl_trandep',
      scale: 1e4,
      err: ['pl_trandeperr1', 'pl_trandeperr2']
    },
    { feature: 'planet_radius_re', column: 'pl_rade', err: ['pl_radeerr1', 'pl_radeerr2'] },
    { feature: 'teq_k', column: 'pl_eqt', err: ['pl_eqterr1', 'pl_eqterr2'] },
    { feature: 'insolation_earth', column: 'pl_insol', err: ['pl_insolerr1', 'pl_insolerr2'] },
    { feature: 'star_teff_k', column: 'st_teff', err: ['st_tefferr1', 'st_tefferr2'] },
    { feature: 'star_logg_cgs', column: 'st_logg', err: ['st_loggerr1', 'st_loggerr2'] },
    { feature: 'star_radius_rsun', column: 'st_rad', err: ['st_raderr1', 'st_raderr2'] },
    { feature: 'ra_deg', column: 'ra' },
    { feature: 'dec_deg', column: 'dec' },
    { feature: 'k2_ratror', column: 'pl_ratror' },
    { feature: 'k2_star_mass_msun', column: 'st_mass' },
    { feature: 'k2_star_density_gcc', column: 'st_dens' }
  ],
  rowFilter: {
    column: 'default_flag',
    decide(value) {
      const v = value.trim();
      if (v === '1') return null;
      if (v === '0') {
        return {
          reason: 'not-default',
          detail: "default_flag = 0: another reference's parameters for a planet kept once"
        };
      }
      return {
        reason: 'bad-default-flag',
        detail: `default_flag is ${v === '' ? 'empty' : `"${v}"`}, expected 0 or 1`
      };
    },
    whenAbsent:
      "No default_flag column: a planet may appear once per reference, so each planet is scored once, from its row with the most values (the other rows are set aside, each naming the row used). Include default_flag in the download to use the archive's default parameter set."
  }
};
