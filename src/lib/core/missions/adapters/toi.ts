import { TOI_LABELS } from '../labels.ts';
import type { MissionAdapter } from './types.ts';

/** TESS Objects of Interest (`toi`): depth in ppm, duration in hours (pl_trandurh). */
export const TOI_ADAPTER: MissionAdapter = {
  kind: 'toi',
  mission: 'toi',
  title: 'TESS Objects of Interest (toi)',
  signature: ['toi', 'tid'],
  objectId: { column: 'toi', prefix: 'TOI-' },
  hostId: { column: 'tid', prefix: 'toi:' },
  label: { column: 'tfopwg_disp', map: TOI_LABELS },
  numeric: [
    { feature: 'period_days', column: 'pl_orbper', err: ['pl_orbpererr1', 'pl_orbpererr2'] },
    {
      feature: 'duration_hours',
      column: 'pl_trandurh',
      err: ['pl_trandurherr1', 'pl_trandurherr2']
    },
    { feature: 'depth_ppm', column: 'pl_trandep', err: ['pl_trandeperr1', 'pl_trandeperr2'] },
    { feature: 'planet_radius_re', column: 'pl_rade', err: ['pl_radeerr1', 'pl_radeerr2'] },
    { feature: 'teq_k', column: 'pl_eqt', err: ['pl_eqterr1', 'pl_eqterr2'] },
    { feature: 'insolation_earth', column: 'pl_insol', err: ['pl_insolerr1', 'pl_insolerr2'] },
    { feature: 'star_teff_k', column: 'st_teff', err: ['st_tefferr1', 'st_tefferr2'] },
    { feature: 'star_logg_cgs', column: 'st_logg', err: ['st_loggerr1', 'st_loggerr2'] },
    { feature: 'star_radius_rsun', column: 'st_rad', err: ['st_raderr1', 'st_raderr2'] },
    { feature: 'ra_deg', column: 'ra' },
    { feature: 'dec_deg', column: 'dec' },
    { feature: 'toi_tmag', column: 'st_tmag' },
    { feature: 'toi_dist_pc', column: 'st_dist' },
    { feature: 'toi_pmra_mas_yr', column: 'st_pmra' },
    { feature: 'toi_pmdec_mas_yr', column: 'st_pmdec' }
  ]
};
