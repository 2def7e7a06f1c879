import { KOI_LABELS } from '../labels.ts';
import type { MissionAdapter } from './types.ts';

/** Kepler KOI `cumulative` table: depths already in ppm, durations in hours. */
export const KOI_ADAPTER: MissionAdapter = {
  kind: 'koi',
  mission: 'koi',
  title: 'Kepler KOI (cumulative)',
  signature: ['kepid', 'kepoi_name'],
  objectId: { column: 'kepoi_name', prefix: '' },
  hostId: { column: 'kepid', prefix: 'koi:' },
  label: { column: 'koi_disposition', map: KOI_LABELS },
  numeric: [
    { feature: 'period_days', column: 'koi_period', err: ['koi_period_err1', 'koi_period_err2'] },
    {
      feature: 'duration_hours',
      column: 'koi_duration',
      err: ['koi_duration_err1', 'koi_duration_err2']
    },
    { feature: 'depth_ppm', column: 'koi_depth', err: ['koi_depth_err1', 'koi_depth_err2'] },
    { feature: 'planet_radius_re', column: 'koi_prad', err: ['koi_prad_err1', 'koi_prad_err2'] },
    { feature: 'teq_k', column: 'koi_teq', err: ['koi_teq_err1', 'koi_teq_err2'] },
    { feature: 'insolation_earth', column: 'koi_insol', err: ['koi_insol_err1', 'koi_insol_err2'] },
    { feature: 'star_teff_k', column: 'koi_steff', err: ['koi_steff_err1', 'koi_steff_err2'] },
    { feature: 'star_logg_cgs', column: 'koi_slogg', err: ['koi_slogg_err1', 'koi_slogg_err2'] },
    { feature: 'star_radius_rsun', column: 'koi_srad', err: ['koi_srad_err1', 'koi_srad_err2'] },
    { feature: 'koi_model_snr', column: 'koi_model_snr' },
    { feature: 'koi_impact', column: 'koi_impact' },
    { feature: 'koi_kepmag', column: 'koi_kepmag' },
    { feature: 'ra_deg', column: 'ra' },
    { feature: 'dec_deg', column: 'dec' }
  ]
};
