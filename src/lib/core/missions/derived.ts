/**
 * Physics-derived features, all in one place. Every function returns NaN (never Infinity)
 * when an input is missing, zero, negative where it must be positive, or the result is not
 * finite: the forest treats NaN as missing.
 *
 * depth_consistency = depth_ppm * 1e-6 / (Rp/R*)^2, Rp/R* = planet_radius_re * 0.0091577 / star_radius_rsun
 *   ~1 for a planet whose radius was derived from its depth; eclipsing binaries and diluted
 *   signals disagree with their own radius ratio. Dimensionless.
 *
 * duration_consistency = duration_hours / T_expected, where T_expected is the central-transit
 *   duration of a circular orbit (impact parameter 0, planet radius neglected):
 *     g = 10^logg (cm/s^2), R = star_radius_rsun * 6.957e10 cm
 *     M = g R^2 / G  (so stellar density rho = 3 g / (4 pi G R))
 *     a^3 = G M P^2 / (4 pi^2) = g R^2 P^2 / (4 pi^2)   (Kepler's third law; G cancels)
 *     T = (P / pi) * asin(min(1, R / a))
 *   R/a >= 1 (an orbit inside the star) is clamped to 1, i.e. T = P/2. Dimensionless.
 *   Earth around the Sun: P = 365.25 d, log g = 4.438, R = 1 -> T ~ 13 h.
 *
 * depth_snr = depth_ppm / depth_ppm_err. Dimensionless.
 * period_rel_err = period_days_err / period_days. Dimensionless.
 * host_multiplicity = number of distinct objects (object ids) in the same file sharing the host
 *   id, over every kept row, resolved or not: a planet listed once per reference counts once.
 * <quantity>_rel_err = <quantity>_err / |<quantity>|. Dimensionless.
 * abs_galactic_lat_deg, abs_ecliptic_lat_deg = |b|, |beta| from J2000 RA/Dec (IAU constants
 *   below). Absolute values: the sign says which hemisphere TESS observed first, a date proxy.
 * ephem_match_sep_deg = angular distance to the nearest row of another host in the same file
 *   whose period is the row's period times 1, 2, 3, 1/2, 1/3, 3/2 or 2/3 within a relative
 *   EPHEMERIS_TOLERANCE (180 when there is none; NaN without a period or a position). Only
 *   periods are compared, never uncertainties or epochs (the epoch is a banned date proxy), so
 *   the value does not depend on which columns a download has.
 * toi_pm_total_mas_yr = sqrt(pmra^2 + pmdec^2).
 */

import { FLOAT32_MAX } from './column-builder.ts';
import { RELATIVE_UNCERTAINTY_OF } from './features.ts';

/** Earth radius in solar radii: 6,371 km / 695,700 km. */
export const EARTH_RADIUS_IN_SOLAR = 0.0091577;
const SOLAR_RADIUS_CM = 6.957e10;
const SECONDS_PER_DAY = 86_400;

function positive(x: number): boolean {
  return x > 0 && Number.isFinite(x);
}

function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : NaN;
}

export function depthConsistency(
  depthPpm: number,
  planetRadiusRe: number,
  starRadiusRsun: number
): number {
  if (!positive(depthPpm) || !positive(planetRadiusRe) || !positive(starRadiusRsun)) return NaN;
  const k = (planetRadiusRe * EARTH_RADIUS_IN_SOLAR) / starRadiusRsun;
  return finiteOrNaN((depthPpm * 1e-6) / (k * k));
}

/** Central-transit duration of a circular orbit, hours (formula above). */
export function expectedDurationHours(
  periodDays: number,
  loggCgs: number,
  starRadiusRsun: number
): number {
  if (!positive(periodDays) || !Number.isFinite(loggCgs) || !positive(starRadiusRsun)) return NaN;
  const g = 10 ** loggCgs;
  const r = starRadiusRsun * SOLAR_RADIUS_CM;
  const p = periodDays * SECONDS_PER_DAY;
  const a = Math.cbrt((g * r * r * p * p) / (4 * Math.PI * Math.PI));
  if (!positive(a)) return NaN;
  const t = (p / Math.PI) * Math.asin(Math.min(1, r / a));
  return finiteOrNaN(t / 3600);
}

export function durationConsistency(
  durationHours: number,
  periodDays: number,
  loggCgs: number,
  starRadiusRsun: number
): number {
  if (!positive(durationHours)) return NaN;
  const expected = expectedDurationHours(periodDays, loggCgs, starRadiusRsun);
  if (!positive(expected)) return NaN;
  return finiteOrNaN(durationHours / expected);
}

export function depthSnr(depthPpm: number, depthErrPpm: number): number {
  if (!positive(depthPpm) || !positive(depthErrPpm)) return NaN;
  return finiteOrNaN(depthPpm / depthErrPpm);
}

export function periodRelErr(periodErrDays: number, periodDays: number): number {
  if (!positive(periodDays) || !(periodErrDays >= 0) || !Number.isFinite(periodErrDays)) return NaN;
  return finiteOrNaN(periodErrDays / periodDays);
}

/**
 * Distinct objects per host id; rows whose host is unknown (null) get NaN. Without object ids
 * every row counts as its own object.
 */
export function hostMultiplicity(
  hostIds: readonly (string | null)[],
  objectIds?: readonly string[]
): Float32Array {
  const objects = new Map<string, Set<string>>();
  for (let i = 0; i < hostIds.length; i++) {
    const h = hostIds[i];
    if (h === null) continue;
    let set = objects.get(h);
    if (!set) objects.set(h, (set = new Set()));
    set.add(objectIds ? objectIds[i] : `row ${i}`);
  }
  const out = new Float32Array(hostIds.length);
  for (let i = 0; i < hostIds.length; i++) {
    const h = hostIds[i];
    out[i] = h === null ? NaN : (objects.get(h) as Set<string>).size;
  }
  return out;
}

/** sigma / |value|; NaN when either is missing or the value is 0. */
export function relativeError(sigma: number, value: number): number {
  if (!(sigma >= 0) || !Number.isFinite(sigma) || !Number.isFinite(value) || value === 0) {
    return NaN;
  }
  return finiteOrNaN(sigma / Math.abs(value));
}

const DEG = Math.PI / 180;
/** North galactic pole (J2000, IAU): RA 192.85948, Dec 27.12825 degrees. */
const NGP_RA = 192.85948 * DEG;
const NGP_DEC = 27.12825 * DEG;
/** Obliquity of the ecliptic at J2000: 23.4392911 degrees. */
const OBLIQUITY = 23.4392911 * DEG;

function validPosition(raDeg: number, decDeg: number): boolean {
  return Number.isFinite(raDeg) && Number.isFinite(decDeg) && Math.abs(decDeg) <= 90;
}

/** |galactic latitude| in degrees from J2000 RA/Dec in degrees. */
export function absGalacticLatitude(raDeg: number, decDeg: number): number {
  if (!validPosition(raDeg, decDeg)) return NaN;
  const d = decDeg * DEG;
  const s =
    Math.sin(d) * Math.sin(NGP_DEC) +
    Math.cos(d) * Math.cos(NGP_DEC) * Math.cos(raDeg * DEG - NGP_RA);
  return Math.abs(Math.asin(Math.max(-1, Math.min(1, s)))) / DEG;
}

/** |ecliptic latitude| in degrees from J2000 RA/Dec in degrees. */
export function absEclipticLatitude(raDeg: number, decDeg: number): number {
  if (!validPosition(raDeg, decDeg)) return NaN;
  const d = decDeg * DEG;
  const s =
    Math.sin(d) * Math.cos(OBLIQUITY) - Math.cos(d) * Math.sin(OBLIQUITY) * Math.sin(raDeg * DEG);
  return Math.abs(Math.asin(Math.max(-1, Math.min(1, s)))) / DEG;
}

/** Angular distance in degrees (haversine, stable at small separations). */
export function angularSeparationDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const d1 = dec1 * DEG;
  const d2 = dec2 * DEG;
  const sdd = Math.sin((d2 - d1) / 2);
  const sda = Math.sin(((ra2 - ra1) * DEG) / 2);
  const h = sdd * sdd + Math.cos(d1) * Math.cos(d2) * sda * sda;
  return (2 * Math.asin(Math.min(1, Math.sqrt(h)))) / DEG;
}

/** Period ratios (other / own) that count as the same ephemeris. */
export const EPHEMERIS_RATIOS: readonly number[] = [1, 2, 1 / 2, 3, 1 / 3, 3 / 2, 2 / 3];
/** Relative period tolerance of an ephemeris match. */
export const EPHEMERIS_TOLERANCE = 1e-3;
/** ephem_match_sep_deg of a row with no matching neighbour anywhere. */
export const NO_EPHEMERIS_MATCH = 180;

/**
 * Per row: the angular distance (degrees) to the nearest row of another host whose period is a
 * simple harmonic of the row's (EPHEMERIS_RATIOS, EPHEMERIS_TOLERANCE); NO_EPHEMERIS_MATCH when
 * none; NaN without a period or a position. Rows of the same host (including repeats of the
 * same object) never match each other; an unknown host (null) matches every other row.
 */
export function ephemerisMatchSeparation(
  period: ArrayLike<number>,
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  hostIds: readonly (string | null)[] | null
): Float32Array {
  const n = period.length;
  const out = new Float32Array(n).fill(NaN);
  const usable: number[] = [];
  for (let i = 0; i < n; i++) {
    if (period[i] > 0 && Number.isFinite(period[i]) && validPosition(ra[i], dec[i])) usable.push(i);
  }
  usable.sort((a, b) => period[a] - period[b]);
  const sorted = Float64Array.from(usable, (i) => period[i]);
  const lowerBound = (v: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const i of usable) {
    let best: number = NO_EPHEMERIS_MATCH;
    const host = hostIds ? hostIds[i] : null;
    for (const r of EPHEMERIS_RATIOS) {
      const target = period[i] * r;
      const hi = target * (1 + EPHEMERIS_TOLERANCE);
      for (let k = lowerBound(target * (1 - EPHEMERIS_TOLERANCE)); k < sorted.length; k++) {
        if (sorted[k] > hi) break;
        const j = usable[k];
        if (j === i || (host !== null && hostIds![j] === host)) continue;
        const sep = angularSeparationDeg(ra[i], dec[i], ra[j], dec[j]);
        if (sep < best) best = sep;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Symmetric sigma from archive err1 (upper, >= 0) and err2 (lower, <= 0): mean of the magnitudes present. */
export function symmetricSigma(err1: number, err2: number): number {
  const a = Math.abs(err1);
  const b = Math.abs(err2);
  const hasA = Number.isFinite(a);
  const hasB = Number.isFinite(b);
  if (hasA && hasB) return (a + b) / 2;
  if (hasA) return a;
  if (hasB) return b;
  return NaN;
}

type Columns = Map<string, Float32Array>;

/**
 * Fills the derived columns that are not already provided. `columns` must hold the canonical
 * inputs and their uncertainties; `hostIds` has null where the host is unknown; `objectIds`
 * (one per row) lets host multiplicity count objects rather than rows. Sky features are filled
 * only when `columns` holds ra_deg and dec_deg, the total proper motion only when it holds both
 * TOI proper motions.
 */
export function fillDerived(
  columns: Columns,
  n: number,
  hostIds: readonly (string | null)[] | null,
  provided: ReadonlySet<string>,
  objectIds?: readonly string[]
): void {
  let none: Float32Array | null = null;
  const col = (name: string) => columns.get(name) ?? (none ??= new Float32Array(n).fill(NaN));
  const put = (name: string, f: (i: number) => number) => {
    if (provided.has(name)) return;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const v = f(i);
      out[i] = Math.abs(v) <= FLOAT32_MAX ? v : NaN; // finite in float64 can overflow float32
    }
    columns.set(name, out);
  };
  const depth = col('depth_ppm');
  const depthErr = col('depth_ppm_err');
  const rp = col('planet_radius_re');
  const rs = col('star_radius_rsun');
  const dur = col('duration_hours');
  const per = col('period_days');
  const perErr = col('period_days_err');
  const logg = col('star_logg_cgs');
  put('depth_consistency', (i) => depthConsistency(depth[i], rp[i], rs[i]));
  put('duration_consistency', (i) => durationConsistency(dur[i], per[i], logg[i], rs[i]));
  put('depth_snr', (i) => depthSnr(depth[i], depthErr[i]));
  put('period_rel_err', (i) => periodRelErr(perErr[i], per[i]));
  for (const [rel, of] of Object.entries(RELATIVE_UNCERTAINTY_OF)) {
    const v = col(of);
    const e = col(`${of}_err`);
    put(rel, (i) => relativeError(e[i], v[i]));
  }
  if (!provided.has('host_multiplicity')) {
    columns.set(
      'host_multiplicity',
      hostIds ? hostMultiplicity(hostIds, objectIds) : new Float32Array(n).fill(NaN)
    );
  }
  const ra = columns.get('ra_deg');
  const dec = columns.get('dec_deg');
  if (ra && dec) {
    put('abs_galactic_lat_deg', (i) => absGalacticLatitude(ra[i], dec[i]));
    put('abs_ecliptic_lat_deg', (i) => absEclipticLatitude(ra[i], dec[i]));
    if (!provided.has('ephem_match_sep_deg')) {
      columns.set('ephem_match_sep_deg', ephemerisMatchSeparation(per, ra, dec, hostIds));
    }
  }
  const pmra = columns.get('toi_pmra_mas_yr');
  const pmdec = columns.get('toi_pmdec_mas_yr');
  if (pmra && pmdec) put('toi_pm_total_mas_yr', (i) => finiteOrNaN(Math.hypot(pmra[i], pmdec[i])));
}
