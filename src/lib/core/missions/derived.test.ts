import { describe, expect, it } from 'vitest';
import {
  absEclipticLatitude,
  absGalacticLatitude,
  angularSeparationDeg,
  depthConsistency,
  ephemerisMatchSeparation,
  NO_EPHEMERIS_MATCH,
  relativeError,
  depthSnr,
  durationConsistency,
  expectedDurationHours,
  fillDerived,
  hostMultiplicity,
  periodRelErr,
  symmetricSigma
} from './derived.ts';

describe('derived features match hand-computed values', () => {
  it('depth consistency of Earth transiting the Sun (84 ppm, 1 Re, 1 Rsun) is ~1', () => {
    // (Rp/R*)^2 = 0.0091577^2 = 8.3864e-5; 84e-6 / 8.3864e-5 = 1.00163
    expect(depthConsistency(84, 1, 1)).toBeCloseTo(1.00163, 4);
  });

  it('a depth four times the radius ratio squared gives 4 (an eclipsing binary signature)', () => {
    expect(depthConsistency(4 * 84, 1, 1)).toBeCloseTo(4 * 1.00163, 3);
  });

  it("Earth's expected central-transit duration is ~13 h (P = 365.25 d, log g 4.438, R* 1)", () => {
    // a = 1.4957e13 cm (~1 AU), R*/a = 4.651e-3, T = P/pi * asin(R*/a) = 12.977 h
    expect(expectedDurationHours(365.25, 4.438, 1)).toBeCloseTo(12.977, 2);
    expect(durationConsistency(12.977, 365.25, 4.438, 1)).toBeCloseTo(1, 3);
  });

  it('a hot Jupiter host (P = 3 d, log g 4.4, R* 1.2) expects ~2.87 h', () => {
    // R*/a = 0.12500, T = P/pi * asin(0.125) = 2.8722 h
    expect(expectedDurationHours(3, 4.4, 1.2)).toBeCloseTo(2.8722, 3);
  });

  it('an orbit inside the star (R*/a >= 1) is clamped to T = P/2', () => {
    // log g 0 and R* 100: a tiny density, a 0.1 d orbit lies inside the star
    expect(expectedDurationHours(0.1, 0, 100)).toBeCloseTo(1.2, 6);
  });

  it('depth SNR and period relative uncertainty are plain ratios', () => {
    expect(depthSnr(500, 25)).toBe(20);
    expect(periodRelErr(1e-5, 10)).toBeCloseTo(1e-6, 12);
    expect(periodRelErr(0, 10)).toBe(0);
  });

  it('symmetric sigma is mean(|err1|, |err2|), or the one side present', () => {
    expect(symmetricSigma(20, -30)).toBe(25);
    expect(symmetricSigma(NaN, -30)).toBe(30);
    expect(symmetricSigma(4, NaN)).toBe(4);
    expect(symmetricSigma(NaN, NaN)).toBeNaN();
  });

  it('host multiplicity counts rows per host, NaN where the host is unknown', () => {
    expect(Array.from(hostMultiplicity(['a', 'b', 'a', null, 'a']))).toEqual([3, 1, 3, NaN, 3]);
  });

  it('host multiplicity counts objects, not reference rows (K2-399 b listed three times is one planet)', () => {
    const hosts = ['k2:K2-399', 'k2:K2-399', 'k2:K2-399', 'k2:K2-3', 'k2:K2-3'];
    const ids = ['K2-399 b', 'K2-399 b', 'K2-399 b', 'K2-3 b', 'K2-3 c'];
    expect(Array.from(hostMultiplicity(hosts, ids))).toEqual([1, 1, 1, 2, 2]);
  });

  it('relative uncertainty is sigma / |value|, NaN for a zero or missing value', () => {
    expect(relativeError(5, 100)).toBe(0.05);
    expect(relativeError(0.1, -2)).toBeCloseTo(0.05, 12);
    expect(relativeError(1, 0)).toBeNaN();
    expect(relativeError(NaN, 3)).toBeNaN();
    expect(relativeError(-1, 3)).toBeNaN();
  });

  it('galactic and ecliptic latitudes of known directions', () => {
    // Galactic centre (RA 266.405, Dec -28.936) lies on the plane; the north galactic pole is at 90.
    expect(absGalacticLatitude(266.405, -28.936)).toBeCloseTo(0, 2);
    expect(absGalacticLatitude(192.85948, 27.12825)).toBeCloseTo(90, 4);
    // Kepler field centre (RA 290.67, Dec 44.5): b = +13.5 degrees.
    expect(absGalacticLatitude(290.67, 44.5)).toBeCloseTo(13.5, 1);
    // The vernal equinox is on the ecliptic; the north ecliptic pole is RA 270, Dec 66.5607.
    expect(absEclipticLatitude(0, 0)).toBeCloseTo(0, 6);
    expect(absEclipticLatitude(270, 66.5607)).toBeCloseTo(90, 3);
    expect(absEclipticLatitude(90, -66.5607)).toBeCloseTo(90, 3);
    expect(absGalacticLatitude(NaN, 3)).toBeNaN();
    expect(absEclipticLatitude(10, 95)).toBeNaN();
  });

  it('angular separation: 1 degree of declination, and RA shrinking with cos(dec)', () => {
    expect(angularSeparationDeg(10, 20, 10, 21)).toBeCloseTo(1, 9);
    expect(angularSeparationDeg(0, 60, 1, 60)).toBeCloseTo(0.5, 3);
    expect(angularSeparationDeg(359.9, 0, 0.1, 0)).toBeCloseTo(0.2, 9);
  });
});

describe('ephemeris match with other stars of the same table', () => {
  // Rows: a (P = 2 d), b (another star 0.01 deg away, P = 4.000 d: twice a's period),
  // c (a's own second planet at P = 4 d: same host, never a match), d (far away, P = 2.0001 d),
  // e (no position), f (P = 7 d, nothing like it).
  const period = [2, 4.0, 4, 2.0001, 2, 7];
  const ra = [100, 100, 100, 200, NaN, 50];
  const dec = [10, 10.01, 10, -40, 0, 5];
  const hosts = ['a', 'b', 'a', 'd', 'e', 'f'];

  it('finds the nearest neighbour whose period is a simple harmonic, skipping the same host', () => {
    const sep = ephemerisMatchSeparation(period, ra, dec, hosts);
    expect(sep[0]).toBeCloseTo(0.01, 4); // b, at twice the period
    expect(sep[1]).toBeCloseTo(0.01, 4); // a (half b's period) and c (same period, 0.01 deg)
    expect(sep[2]).toBeCloseTo(0.01, 4); // b, same period; a is its own host
    expect(sep[3]).toBeCloseTo(angularSeparationDeg(200, -40, 100, 10), 3); // a, far away
    expect(sep[4]).toBeNaN(); // no position
    expect(sep[5]).toBe(NO_EPHEMERIS_MATCH);
  });

  it('does not depend on row order or on repeated rows of the same object', () => {
    const order = [5, 3, 1, 0, 4, 2];
    const sep = ephemerisMatchSeparation(period, ra, dec, hosts);
    const shuffled = ephemerisMatchSeparation(
      order.map((i) => period[i]),
      order.map((i) => ra[i]),
      order.map((i) => dec[i]),
      order.map((i) => hosts[i])
    );
    order.forEach((i, k) => expect(shuffled[k]).toBe(sep[i]));
    const twice = [...hosts, ...hosts];
    const sep2 = ephemerisMatchSeparation(
      [...period, ...period],
      [...ra, ...ra],
      [...dec, ...dec],
      twice
    );
    expect(Array.from(sep2.subarray(0, 6))).toEqual(Array.from(sep));
  });
});

describe('derived features are NaN, never Infinity, for zero, negative or missing inputs', () => {
  const bad = [0, -1, NaN, Infinity];
  it.each(bad)('input %s', (x) => {
    expect(depthConsistency(x, 1, 1)).toBeNaN();
    expect(depthConsistency(84, x, 1)).toBeNaN();
    expect(depthConsistency(84, 1, x)).toBeNaN();
    expect(expectedDurationHours(x, 4.4, 1)).toBeNaN();
    expect(expectedDurationHours(10, 4.4, x)).toBeNaN();
    expect(durationConsistency(x, 10, 4.4, 1)).toBeNaN();
    expect(depthSnr(x, 10)).toBeNaN();
    expect(depthSnr(100, x)).toBeNaN();
    expect(periodRelErr(1e-5, x)).toBeNaN();
  });

  it('log g may be any finite number but not missing', () => {
    expect(expectedDurationHours(10, -0.5, 1)).toBeGreaterThan(0);
    expect(expectedDurationHours(10, NaN, 1)).toBeNaN();
  });

  it('results beyond the float32 range are stored as NaN, not Infinity', () => {
    const cols = new Map<string, Float32Array>();
    for (const f of [
      'depth_ppm',
      'depth_ppm_err',
      'planet_radius_re',
      'star_radius_rsun',
      'duration_hours',
      'period_days',
      'period_days_err',
      'star_logg_cgs'
    ]) {
      cols.set(f, new Float32Array([1e6, 1]));
    }
    cols.get('depth_ppm_err')?.set([1e-40, 1]); // 1e6 / 1e-40 = 1e46 > float32 max
    fillDerived(cols, 2, ['h', 'h'], new Set());
    expect(cols.get('depth_snr')?.[0]).toBeNaN();
    expect(cols.get('depth_snr')?.[1]).toBe(1); // 1 ppm / 1 ppm
    expect(Array.from(cols.get('host_multiplicity') ?? [])).toEqual([2, 2]);
    for (const c of cols.values())
      for (const v of c) expect(Number.isFinite(v) || Number.isNaN(v)).toBe(true);
  });

  it('derived columns a canonical file provides are not overwritten', () => {
    const cols = new Map<string, Float32Array>();
    for (const f of [
      'depth_ppm',
      'depth_ppm_err',
      'planet_radius_re',
      'star_radius_rsun',
      'duration_hours',
      'period_days',
      'period_days_err',
      'star_logg_cgs'
    ]) {
      cols.set(f, new Float32Array([1]));
    }
    const provided = new Float32Array([7]);
    cols.set('host_multiplicity', provided);
    fillDerived(cols, 1, ['only-one'], new Set(['host_multiplicity']));
    expect(cols.get('host_multiplicity')).toBe(provided);
  });
});
