/**
 * Bootstrap confidence intervals that resample host stars, not rows: planets of one star share
 * the star's properties, so resampling rows would treat them as independent and give intervals
 * that are too narrow. Each replicate draws as many groups as there are, with replacement, and
 * takes all rows of every drawn group (repeats included).
 */
import { createRng, deriveSeed } from '../random.ts';

export interface BootstrapOptions {
  seed: number;
  /** Number of resamples (default 200). */
  reps?: number;
}

/** A 95% percentile interval; NaN everywhere when no replicate gave a finite value. */
export interface BootstrapInterval {
  /** 2.5th percentile of the replicate values (linear interpolation, as numpy's default). */
  lo: number;
  /** 97.5th percentile. */
  hi: number;
  /** Mean of the replicate values. */
  mean: number;
  /** Replicates with a finite value (a resample missing a class can make e.g. ROC AUC undefined). */
  valid: number;
}

/** Rows of each group, groups in sorted id order, so the result does not depend on row order. */
function groupRows(groups: readonly string[] | Int32Array): {
  start: Int32Array;
  rows: Int32Array;
} {
  const n = groups.length;
  const ids = new Map<string | number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    let list = ids.get(g);
    if (!list) ids.set(g, (list = []));
    list.push(i);
  }
  const keys = [...ids.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const start = new Int32Array(keys.length + 1);
  const rows = new Int32Array(n);
  let pos = 0;
  keys.forEach((k, j) => {
    start[j] = pos;
    for (const r of ids.get(k)!) rows[pos++] = r;
  });
  start[keys.length] = n;
  return { start, rows };
}

/** The q-quantile (0..1) of sorted values, linear interpolation between order statistics. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function summarise(values: number[]): BootstrapInterval {
  const finite = Float64Array.from(values.filter(Number.isFinite)).sort();
  const mean = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
  return {
    lo: quantileSorted(finite, 0.025),
    hi: quantileSorted(finite, 0.975),
    mean,
    valid: finite.length
  };
}

/**
 * Several statistics on the same group resamples (paired, and each resample is built once).
 * Every statistic gets the same `rowIdx` array for a replicate, so it may cache work keyed on it
 * (a new array object per replicate; its contents are only valid during that replicate).
 * Replicate r uses the seed deriveSeed(seed, r): the first k replicates do not depend on `reps`.
 */
export function bootstrapMany<K extends string>(
  groups: readonly string[] | Int32Array,
  stats: Record<K, (rowIdx: Int32Array) => number>,
  { seed, reps = 200 }: BootstrapOptions
): Record<K, BootstrapInterval> {
  if (groups.length === 0) throw new Error('bootstrap: no rows (groups is empty)');
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`bootstrap: reps must be a positive integer (got ${reps})`);
  const { start, rows } = groupRows(groups);
  const nGroups = start.length - 1;
  const names = Object.keys(stats) as K[];
  const values = new Map<K, number[]>(names.map((k) => [k, []]));
  const picks = new Int32Array(nGroups);
  // One buffer for every replicate's rows, a new view of it each time (statistics key their
  // caches on the view): a fresh array per replicate was thousands of fresh allocations per
  // run, and fresh memory is slow in browser workers. Grown when a draw needs more.
  let buffer = new Int32Array(rows.length);
  for (let r = 0; r < reps; r++) {
    const rng = createRng(deriveSeed(seed, r));
    let total = 0;
    for (let j = 0; j < nGroups; j++) {
      const g = rng.int(nGroups);
      picks[j] = g;
      total += start[g + 1] - start[g];
    }
    if (total > buffer.length) buffer = new Int32Array(Math.max(total, buffer.length * 2));
    const rowIdx = buffer.subarray(0, total);
    let pos = 0;
    // A plain copy: a subarray view per drawn group is an allocation each (millions per run).
    for (let j = 0; j < nGroups; j++) {
      const g = picks[j];
      for (let q = start[g], e = start[g + 1]; q < e; q++) rowIdx[pos++] = rows[q];
    }
    for (const k of names) values.get(k)!.push(stats[k](rowIdx));
  }
  const out = {} as Record<K, BootstrapInterval>;
  for (const k of names) out[k] = summarise(values.get(k)!);
  return out;
}

/** 95% bootstrap interval of one statistic, resampling groups (host stars) with replacement. */
export function bootstrapCI(
  groups: readonly string[] | Int32Array,
  statFn: (rowIdx: Int32Array) => number,
  options: BootstrapOptions
): BootstrapInterval {
  return bootstrapMany(groups, { stat: statFn }, options).stat;
}
