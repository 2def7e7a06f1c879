/**
 * Feature names for people: one label and one display unit per model feature, read by every
 * page that names a feature (results, explanations, importances, the model card, the missing-
 * feature summary). Units come from the feature registry; only the words live here.
 */
import { featureInfo } from '../core/missions/index.ts';

/** Labels where the registry's description is a formula or too terse to show as is. */
const LABELS: Record<string, string> = {
  period_days: 'Orbital period',
  duration_hours: 'Transit duration',
  depth_ppm: 'Transit depth',
  planet_radius_re: 'Planet radius',
  teq_k: 'Equilibrium temperature',
  insolation_earth: 'Insolation',
  star_teff_k: 'Stellar temperature',
  star_logg_cgs: 'Stellar surface gravity (log g)',
  star_radius_rsun: 'Stellar radius',
  depth_consistency: 'Depth vs radius ratio',
  duration_consistency: 'Duration vs circular orbit',
  depth_snr: 'Depth signal-to-noise',
  period_rel_err: 'Period relative uncertainty',
  host_multiplicity: 'Objects around the same star',
  koi_model_snr: 'Kepler transit SNR',
  koi_impact: 'Impact parameter (Kepler)',
  koi_kepmag: 'Kepler magnitude',
  k2_ratror: 'Planet/star radius ratio (K2)',
  k2_star_mass_msun: 'Stellar mass (K2)',
  k2_star_density_gcc: 'Stellar density (K2)',
  toi_tmag: 'TESS magnitude',
  toi_dist_pc: 'Distance (TESS)',
  toi_pmra_mas_yr: 'Proper motion, RA (TESS)',
  toi_pmdec_mas_yr: 'Proper motion, Dec (TESS)'
};

/** Units shown after values and in labels; units without a word to show are ''. */
const UNITS: Record<string, string> = {
  days: 'days',
  hours: 'h',
  ppm: 'ppm',
  'Earth radii': 'R⊕',
  K: 'K',
  'Earth flux': 'S⊕',
  'log10(cm/s^2)': 'dex',
  'solar radii': 'R☉',
  'solar masses': 'M☉',
  'g/cm^3': 'g/cm³',
  mag: 'mag',
  pc: 'pc',
  'mas/yr': 'mas/yr',
  dimensionless: '',
  count: ''
};

const ERR = '_err';

/** "Orbital period", "Transit depth uncertainty"; the raw name for a feature nobody knows. */
export function featureName(name: string): string {
  if (LABELS[name]) return LABELS[name];
  if (name.endsWith(ERR) && LABELS[name.slice(0, -ERR.length)]) {
    return `${LABELS[name.slice(0, -ERR.length)]} uncertainty`;
  }
  const d = featureInfo(name)?.description;
  return d ? d.charAt(0).toUpperCase() + d.slice(1) : name;
}

/** The unit after a value: "days", "R⊕"; '' for counts and ratios. */
export function featureUnit(name: string): string {
  const unit = featureInfo(name)?.unit ?? '';
  return UNITS[unit] ?? unit;
}

/** "Orbital period (days)", "Depth signal-to-noise". */
export function featureLabel(name: string): string {
  const unit = featureUnit(name);
  return unit ? `${featureName(name)} (${unit})` : featureName(name);
}
