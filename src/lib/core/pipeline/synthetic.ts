/**
 * Small synthetic CanonicalTables for tests and demos: canonical-unit features, host stars with
 * several objects, labels that depend on the features with a mission-specific shift (so a
 * per-mission model and a pooled model differ), and unresolved candidates.
 * period_days is unique per row (an integer: 1000 * missionNumber + row) and carries no label
 * information, so tests can identify rows from a feature matrix alone.
 */
import {
  CANONICAL_FEATURES,
  COMPUTED_FEATURES,
  DERIVED_FEATURES,
  MISSION_EXTRAS,
  featureInfo,
  type Mission,
  type DispositionLabel,
  type VettingLabel,
  type CanonicalTable
} from '../missions/index.ts';
import { createRng, deriveSeed } from '../random.ts';

export interface SyntheticTableOptions {
  mission: Mission;
  /** Rows (default 400). */
  rows?: number;
  seed?: number;
  /** Share of rows left unresolved (CANDIDATE), default 0.2. */
  candidateShare?: number;
  /** Label noise: share of resolved labels flipped (default 0.05). */
  noise?: number;
}

const MISSION_NUMBER: Record<Mission, number> = { koi: 1, k2: 2, toi: 3 };

/** A synthetic table of one mission in the canonical layout. */
export function syntheticTable(opts: SyntheticTableOptions): CanonicalTable {
  const { mission } = opts;
  const n = opts.rows ?? 400;
  const rng = createRng(deriveSeed(opts.seed ?? 1, MISSION_NUMBER[mission]));
  // Mission extras read from the file (not the ones the loader computes from them).
  const extras = MISSION_EXTRAS[mission].filter((f) => !COMPUTED_FEATURES.includes(f));
  const features = [...CANONICAL_FEATURES, ...DERIVED_FEATURES, ...extras];
  const columns = features.map(() => new Float32Array(n));
  const col = (name: string) => columns[features.indexOf(name)];
  const gauss = () => {
    const u = Math.max(1e-12, rng.next());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const objectId: string[] = [];
  const hostId: string[] = [];
  const labelVetting: (VettingLabel | null)[] = [];
  const labelDisposition: (DispositionLabel | null)[] = [];
  const rawLabel: string[] = [];
  const shift = { koi: 0, k2: 0.8, toi: -0.6 }[mission];
  let host = 0;
  let left = 0;
  for (let i = 0; i < n; i++) {
    if (left === 0) {
      host++;
      left = 1 + rng.int(3);
    }
    left--;
    hostId.push(`${mission}:host-${host}`);
    objectId.push(`${mission.toUpperCase()}-${i}`);
    const z = Array.from({ length: features.length }, gauss);
    features.forEach((f, j) => {
      columns[j][i] =
        f === 'period_days' ? 1000 * MISSION_NUMBER[mission] + i : 1 + Math.abs(z[j]) * 10;
    });
    // Missing values now and then (never in period_days).
    for (let j = 1; j < features.length; j++) if (rng.next() < 0.05) columns[j][i] = NaN;
    const depth = col('depth_ppm')[i];
    const radius = col('planet_radius_re')[i];
    const teff = col('star_teff_k')[i];
    let score =
      (Number.isNaN(depth) ? 0 : depth - 10) * 0.25 -
      (Number.isNaN(radius) ? 0 : radius - 10) * 0.2;
    score += shift * (Number.isNaN(teff) ? 0 : (teff - 10) * 0.15) + shift;
    const extra = extras[0];
    if (extra) score += (col(extra)[i] - 10) * 0.1;
    let planet = score > 0;
    if (rng.next() < (opts.noise ?? 0.05)) planet = !planet;
    if (rng.next() < (opts.candidateShare ?? 0.2)) {
      labelVetting.push(null);
      labelDisposition.push('CANDIDATE');
      rawLabel.push(mission === 'toi' ? 'PC' : 'CANDIDATE');
    } else {
      labelVetting.push(planet ? 'PLANET' : 'FALSE_POSITIVE');
      labelDisposition.push(planet ? 'CONFIRMED' : 'FALSE_POSITIVE');
      rawLabel.push(planet ? 'CONFIRMED' : 'FALSE POSITIVE');
    }
  }
  return {
    kind: mission,
    mission: new Array(n).fill(mission),
    objectId,
    hostId,
    labelVetting,
    labelDisposition,
    rawLabel,
    rowNumber: Int32Array.from({ length: n }, (_, i) => i + 2),
    features,
    columns,
    units: features.map((f) => featureInfo(f)?.unit ?? '')
  };
}

/** Three synthetic missions as training inputs. */
export function syntheticInputs(rows: Partial<Record<Mission, number>> = {}, seed = 1) {
  return (['koi', 'k2', 'toi'] as const).map((mission) => ({
    table: syntheticTable({ mission, rows: rows[mission] ?? 400, seed }),
    name: `${mission}-synthetic.csv`,
    downloadDate: '2025-10-04T07:00:00'
  }));
}
