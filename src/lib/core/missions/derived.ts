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
 * host_multiplicity = number of kept rows in the same file sharing the host id (a count).
 */

import { FLOAT32_MAX } from './column-builder.ts';

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

/** Objects per host id; rows whose host is unknown (null) get NaN. */
export function hostMultiplicity(hostIds: readonly (string | null)[]): Float32Array {
  const counts = new Map<string, number>();
  for (const h of hostIds) if (h !== null) counts.set(h, (counts.get(h) ?? 0) + 1);
  const out = new Float32Array(hostIds.length);
  for (let i = 0; i < hostIds.length; i++) {
    const h = hostIds[i];
    out[i] = h === null ? NaN : (counts.get(h) as number);
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
 * inputs and their uncertainties; `hostIds` has null where the host is unknown.
 */
export function fillDerived(
  columns: Columns,
  n: number,
  hostIds: readonly (string | null)[] | null,
  provided: ReadonlySet<string>
): void {
  const col = (name: string) => columns.get(name) as Float32Array;
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
  if (!provided.has('host_multiplicity')) {
    columns.set(
      'host_multiplicity',
      hostIds ? hostMultiplicity(hostIds) : new Float32Array(n).fill(NaN)
    );
  }
}
