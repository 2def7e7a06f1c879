/**
 * The feature registry: every numeric column a CanonicalTable can hold, with its unit and group.
 * The pipeline picks feature sets from these lists; adapters map archive columns onto these names.
 */

export type Mission = 'koi' | 'k2' | 'toi';
export const MISSIONS: readonly Mission[] = ['koi', 'k2', 'toi'];

/**
 * canonical: shared by all missions, converted to one unit on import.
 * derived: computed from canonical inputs (derived.ts).
 * uncertainty: symmetric sigma of a canonical feature, same unit.
 * extra: non-leaky numeric columns only one mission's table has (missing elsewhere).
 * position: sky coordinates; kept in the table to derive the sky features, never a feature of
 *   the named feature sets (a raw position identifies a star rather than describing it).
 */
export type FeatureGroup = 'canonical' | 'derived' | 'uncertainty' | 'extra' | 'position';

export interface FeatureInfo {
  name: string;
  unit: string;
  group: FeatureGroup;
  /** Set for mission extras only. */
  mission?: Mission;
  description: string;
  /** Why the feature can help, in a sentence (model card help text); absent for plain columns. */
  help?: string;
  /**
   * Physically possible values (canonical features only); values outside are reported, not
   * dropped. Plain data (no functions) so feature info can cross a worker boundary.
   */
  valid?: PhysicalRange;
}

export interface PhysicalRange {
  min: number;
  /** false: min itself is impossible (v > min). */
  minInclusive: boolean;
  max: number;
  text: string;
}

export function isPhysical(range: PhysicalRange, v: number): boolean {
  return (range.minInclusive ? v >= range.min : v > range.min) && v <= range.max;
}

type Entry = Omit<FeatureInfo, 'group'>;
const positive: PhysicalRange = { min: 0, minInclusive: false, max: Infinity, text: 'must be > 0' };

const CANONICAL_INFO: FeatureInfo[] = (
  [
    { name: 'period_days', unit: 'days', description: 'orbital period', valid: positive },
    { name: 'duration_hours', unit: 'hours', description: 'transit duration', valid: positive },
    {
      name: 'depth_ppm',
      unit: 'ppm',
      description: 'transit depth',
      valid: {
        min: 0,
        minInclusive: false,
        max: 1e6,
        text: 'must be in (0, 1,000,000] ppm (0-100%)'
      }
    },
    {
      name: 'planet_radius_re',
      unit: 'Earth radii',
      description: 'planet radius',
      valid: positive
    },
    { name: 'teq_k', unit: 'K', description: 'planet equilibrium temperature', valid: positive },
    {
      name: 'insolation_earth',
      unit: 'Earth flux',
      description: 'insolation flux',
      valid: { min: 0, minInclusive: true, max: Infinity, text: 'must be >= 0' }
    },
    {
      name: 'star_teff_k',
      unit: 'K',
      description: 'stellar effective temperature',
      valid: positive
    },
    {
      name: 'star_logg_cgs',
      unit: 'log10(cm/s^2)',
      description: 'stellar surface gravity',
      valid: { min: -1, minInclusive: false, max: 10, text: 'must be in (-1, 10]' }
    },
    {
      name: 'star_radius_rsun',
      unit: 'solar radii',
      description: 'stellar radius',
      valid: positive
    }
  ] satisfies Entry[]
).map((f): FeatureInfo => ({ ...f, group: 'canonical' as const }));

const DERIVED_INFO: FeatureInfo[] = (
  [
    {
      name: 'depth_consistency',
      unit: 'dimensionless',
      description: 'depth / (Rp/R*)^2',
      help: 'About 1 for a planet; eclipsing binaries and diluted signals disagree with their own radius ratio.'
    },
    {
      name: 'duration_consistency',
      unit: 'dimensionless',
      description: 'duration / circular-orbit central-transit duration',
      help: 'A transit much longer or shorter than the star allows points to a wrong host or a binary.'
    },
    {
      name: 'depth_snr',
      unit: 'dimensionless',
      description: 'depth / depth uncertainty',
      help: 'Signal-to-noise of the transit: weak signals are more often false alarms.'
    },
    {
      name: 'period_rel_err',
      unit: 'dimensionless',
      description: 'period uncertainty / period',
      help: 'A poorly constrained period means few or noisy transits.'
    },
    {
      name: 'host_multiplicity',
      unit: 'count',
      description:
        'distinct objects (planets and candidates, not reference rows) in the table sharing the host star',
      help: 'Stars with several candidates are far more often real planetary systems.',
      valid: { min: 1, minInclusive: true, max: Infinity, text: 'must be >= 1' }
    }
  ] satisfies Entry[]
).map((f): FeatureInfo => ({ ...f, group: 'derived' as const }));

const EXTRA_INFO: FeatureInfo[] = (
  [
    {
      name: 'koi_model_snr',
      unit: 'dimensionless',
      mission: 'koi',
      description: 'KOI transit model SNR'
    },
    {
      name: 'koi_impact',
      unit: 'dimensionless',
      mission: 'koi',
      description: 'KOI impact parameter'
    },
    { name: 'koi_kepmag', unit: 'mag', mission: 'koi', description: 'Kepler magnitude' },
    {
      name: 'k2_ratror',
      unit: 'dimensionless',
      mission: 'k2',
      description: 'K2 planet/star radius ratio'
    },
    {
      name: 'k2_star_mass_msun',
      unit: 'solar masses',
      mission: 'k2',
      description: 'K2 stellar mass'
    },
    {
      name: 'k2_star_density_gcc',
      unit: 'g/cm^3',
      mission: 'k2',
      description: 'K2 stellar density'
    },
    { name: 'toi_tmag', unit: 'mag', mission: 'toi', description: 'TESS magnitude' },
    { name: 'toi_dist_pc', unit: 'pc', mission: 'toi', description: 'TOI stellar distance' },
    {
      name: 'toi_pmra_mas_yr',
      unit: 'mas/yr',
      mission: 'toi',
      description: 'TOI proper motion (RA)'
    },
    {
      name: 'toi_pmdec_mas_yr',
      unit: 'mas/yr',
      mission: 'toi',
      description: 'TOI proper motion (Dec)'
    },
    {
      name: 'toi_pm_total_mas_yr',
      unit: 'mas/yr',
      mission: 'toi',
      description: 'TOI total proper motion, sqrt(pmra^2 + pmdec^2)',
      help: 'Nearby (fast-moving) stars are less often blended with a background binary.',
      valid: { min: 0, minInclusive: true, max: Infinity, text: 'must be >= 0' }
    }
  ] satisfies Entry[]
).map((f): FeatureInfo => ({ ...f, group: 'extra' as const }));

const nonNegative: PhysicalRange = {
  min: 0,
  minInclusive: true,
  max: Infinity,
  text: 'must be >= 0'
};

/** Relative uncertainties (sigma / |value|): a signal-to-noise proxy per measured quantity. */
const RELATIVE_UNCERTAINTY_INFO: FeatureInfo[] = (
  [
    ['depth_ppm', 'depth_rel_err', 'transit depth'],
    ['duration_hours', 'duration_rel_err', 'transit duration'],
    ['planet_radius_re', 'planet_radius_rel_err', 'planet radius'],
    ['star_teff_k', 'star_teff_rel_err', 'stellar Teff'],
    ['star_logg_cgs', 'star_logg_rel_err', 'stellar log g'],
    ['star_radius_rsun', 'star_radius_rel_err', 'stellar radius']
  ] as const
).map(([, name, what]) => ({
  name,
  unit: 'dimensionless',
  group: 'uncertainty' as const,
  description: `${what} uncertainty / ${what}`,
  help: 'How well the quantity is measured: weak, noisy signals are more often false positives.',
  valid: nonNegative
}));

/** Canonical feature each relative uncertainty divides by (same order as the list above). */
export const RELATIVE_UNCERTAINTY_OF: Readonly<Record<string, string>> = {
  depth_rel_err: 'depth_ppm',
  duration_rel_err: 'duration_hours',
  planet_radius_rel_err: 'planet_radius_re',
  star_teff_rel_err: 'star_teff_k',
  star_logg_rel_err: 'star_logg_cgs',
  star_radius_rel_err: 'star_radius_rsun'
};

const POSITION_INFO: FeatureInfo[] = (
  [
    {
      name: 'ra_deg',
      unit: 'deg',
      description: 'right ascension (J2000)',
      valid: { min: 0, minInclusive: true, max: 360, text: 'must be in [0, 360] degrees' }
    },
    {
      name: 'dec_deg',
      unit: 'deg',
      description: 'declination (J2000)',
      valid: { min: -90, minInclusive: true, max: 90, text: 'must be in [-90, 90] degrees' }
    }
  ] satisfies Entry[]
).map((f): FeatureInfo => ({ ...f, group: 'position' as const }));

/** Where the object is on the sky, and whether a neighbour shares its period (derived.ts). */
const SKY_INFO: FeatureInfo[] = (
  [
    {
      name: 'abs_galactic_lat_deg',
      unit: 'deg',
      description: '|galactic latitude| from RA/Dec',
      help: 'Crowding: near the galactic plane more background stars can mimic a transit.',
      valid: { min: 0, minInclusive: true, max: 90, text: 'must be in [0, 90] degrees' }
    },
    {
      name: 'abs_ecliptic_lat_deg',
      unit: 'deg',
      description: '|ecliptic latitude| from RA/Dec',
      help: 'TESS viewing zones: how many sectors (and so transits) a star near the ecliptic poles gets.',
      valid: { min: 0, minInclusive: true, max: 90, text: 'must be in [0, 90] degrees' }
    },
    {
      name: 'ephem_match_sep_deg',
      unit: 'deg',
      description:
        'angular distance to the nearest other star in the same table with the same period or a simple harmonic (1/3 to 3); 180 when none',
      help: 'A neighbour with the same period marks contamination by its eclipses (the Kepler ephemeris-matching test).',
      valid: { min: 0, minInclusive: true, max: 180, text: 'must be in [0, 180] degrees' }
    }
  ] satisfies Entry[]
).map((f): FeatureInfo => ({ ...f, group: 'derived' as const }));

/** The nine physical quantities every mission supplies (when its file has the columns). */
export const CANONICAL_FEATURES: readonly string[] = CANONICAL_INFO.map((f) => f.name);
/** Physics-derived features (derived.ts). */
export const DERIVED_FEATURES: readonly string[] = DERIVED_INFO.map((f) => f.name);
/** `<canonical>_err`: symmetric sigma = mean(|err1|, |err2|), same unit as the feature. */
export const UNCERTAINTY_FEATURES: readonly string[] = CANONICAL_FEATURES.map(uncertaintyName);
/** Per-mission extras, missing (NaN) for rows of other missions. */
export const MISSION_EXTRAS: Readonly<Record<Mission, readonly string[]>> = {
  koi: EXTRA_INFO.filter((f) => f.mission === 'koi').map((f) => f.name),
  k2: EXTRA_INFO.filter((f) => f.mission === 'k2').map((f) => f.name),
  toi: EXTRA_INFO.filter((f) => f.mission === 'toi').map((f) => f.name)
};
/** The 14 features the reference measurements use: canonical + derived. */
export const DEFAULT_FEATURES: readonly string[] = [...CANONICAL_FEATURES, ...DERIVED_FEATURES];
/** `<quantity>_rel_err`: uncertainty / |value| of depth, duration, radii, Teff and log g. */
export const RELATIVE_UNCERTAINTY_FEATURES: readonly string[] = RELATIVE_UNCERTAINTY_INFO.map(
  (f) => f.name
);
/** RA and Dec in degrees: inputs of the sky features, not features themselves. */
export const POSITION_COLUMNS: readonly string[] = POSITION_INFO.map((f) => f.name);
/** Galactic and ecliptic latitude, and the ephemeris match with other stars (derived.ts). */
export const SKY_FEATURES: readonly string[] = SKY_INFO.map((f) => f.name);
/**
 * Columns the loader computes from others (derived.ts) unless a canonical file provides them.
 */
export const COMPUTED_FEATURES: readonly string[] = [
  ...DERIVED_FEATURES,
  ...RELATIVE_UNCERTAINTY_FEATURES,
  ...SKY_FEATURES,
  'toi_pm_total_mas_yr'
];
/**
 * Features computed from a download's uncertainty (err1/err2) columns: all missing when a
 * custom download leaves those columns out.
 */
export const FROM_UNCERTAINTY_COLUMNS: readonly string[] = [
  'depth_snr',
  'period_rel_err',
  ...UNCERTAINTY_FEATURES,
  ...RELATIVE_UNCERTAINTY_FEATURES
];
/**
 * Every feature a named feature set may hold for rows of any mission (not the mission extras):
 * canonical + derived, uncertainties and relative uncertainties, sky features.
 */
export const FULL_SHARED_FEATURES: readonly string[] = [
  ...DEFAULT_FEATURES,
  ...UNCERTAINTY_FEATURES,
  ...RELATIVE_UNCERTAINTY_FEATURES,
  ...SKY_FEATURES
];

const UNCERTAINTY_INFO: FeatureInfo[] = CANONICAL_INFO.map((f) => ({
  name: uncertaintyName(f.name),
  unit: f.unit,
  group: 'uncertainty',
  description: `${f.description} uncertainty (symmetric sigma)`,
  valid: nonNegative
}));

/**
 * Every known feature in table order: canonical, derived, uncertainty, relative uncertainty,
 * position, sky, extras.
 */
export const ALL_FEATURES: readonly FeatureInfo[] = [
  ...CANONICAL_INFO,
  ...DERIVED_INFO,
  ...UNCERTAINTY_INFO,
  ...RELATIVE_UNCERTAINTY_INFO,
  ...POSITION_INFO,
  ...SKY_INFO,
  ...EXTRA_INFO
];

const BY_NAME = new Map(ALL_FEATURES.map((f) => [f.name, f]));

export function featureInfo(name: string): FeatureInfo | undefined {
  return BY_NAME.get(name);
}

export function uncertaintyName(feature: string): string {
  return `${feature}_err`;
}

/** Position in ALL_FEATURES, for ordering unions of feature lists; unknown names sort last. */
export function featureOrder(name: string): number {
  const i = ALL_FEATURES.findIndex((f) => f.name === name);
  return i < 0 ? ALL_FEATURES.length : i;
}

/** The feature columns a table of one mission carries, in table order. */
export function featuresForMission(mission: Mission): string[] {
  return [
    ...CANONICAL_FEATURES,
    ...DERIVED_FEATURES,
    ...UNCERTAINTY_FEATURES,
    ...RELATIVE_UNCERTAINTY_FEATURES,
    ...POSITION_COLUMNS,
    ...SKY_FEATURES,
    ...MISSION_EXTRAS[mission]
  ];
}
