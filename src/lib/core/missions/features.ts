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
 */
export type FeatureGroup = 'canonical' | 'derived' | 'uncertainty' | 'extra';

export interface FeatureInfo {
  name: string;
  unit: string;
  group: FeatureGroup;
  /** Set for mission extras only. */
  mission?: Mission;
  description: string;
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
    { name: 'depth_consistency', unit: 'dimensionless', description: 'depth / (Rp/R*)^2' },
    {
      name: 'duration_consistency',
      unit: 'dimensionless',
      description: 'duration / circular-orbit central-transit duration'
    },
    { name: 'depth_snr', unit: 'dimensionless', description: 'depth / depth uncertainty' },
    { name: 'period_rel_err', unit: 'dimensionless', description: 'period uncertainty / period' },
    {
      name: 'host_multiplicity',
      unit: 'count',
      description: 'objects in the file sharing the host star'
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
    }
  ] satisfies Entry[]
).map((f): FeatureInfo => ({ ...f, group: 'extra' as const }));

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

const UNCERTAINTY_INFO: FeatureInfo[] = CANONICAL_INFO.map((f) => ({
  name: uncertaintyName(f.name),
  unit: f.unit,
  group: 'uncertainty',
  description: `${f.description} uncertainty (symmetric sigma)`
}));

/** Every known feature in table order: canonical, derived, uncertainty, extras. */
export const ALL_FEATURES: readonly FeatureInfo[] = [
  ...CANONICAL_INFO,
  ...DERIVED_INFO,
  ...UNCERTAINTY_INFO,
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
    ...MISSION_EXTRAS[mission]
  ];
}
