/**
 * Seeded synthetic classification data in the spirit of scikit-learn's make_classification:
 * Gaussian clusters at hypercube vertices in an informative subspace, linear combinations of
 * those (redundant), pure noise columns, some flipped labels and optional missing values.
 * Tests and benchmarks share it, and bench/export-synthetic.ts writes it to CSV for Python.
 */
import { createRng, type Rng } from '../random.ts';
import type { Matrix } from './types.ts';

export interface SyntheticOptions {
  nRows: number;
  nFeatures: number;
  /** Columns that carry the class signal (first columns). */
  nInformative: number;
  /** Random linear combinations of the informative columns (next columns). Default 0. */
  nRedundant?: number;
  nClasses?: number;
  nClustersPerClass?: number;
  /** Half the hypercube side: larger = easier. Default 1. */
  classSep?: number;
  /** Fraction of labels replaced by a random class. Default 0.01. */
  flipY?: number;
  /** Fraction of all cells set to NaN, completely at random. Default 0. */
  missingRate?: number;
  seed: number;
}

export interface SyntheticData {
  X: Matrix;
  y: Int32Array;
}

function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function checkOptions(o: SyntheticOptions): void {
  const int = (v: unknown, min: number, name: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new Error(
        `makeClassification: ${name} must be an integer >= ${min} (got ${String(v)})`
      );
    }
  };
  int(o.nRows, 1, 'nRows');
  int(o.nFeatures, 1, 'nFeatures');
  int(o.nInformative, 1, 'nInformative');
  int(o.nRedundant ?? 0, 0, 'nRedundant');
  int(o.nClasses ?? 2, 1, 'nClasses');
  int(o.nClustersPerClass ?? 2, 1, 'nClustersPerClass');
  if (o.nInformative + (o.nRedundant ?? 0) > o.nFeatures) {
    throw new Error('makeClassification: nInformative + nRedundant must be at most nFeatures');
  }
  if (o.nInformative > 30) throw new Error('makeClassification: nInformative must be at most 30');
  const clusters = (o.nClasses ?? 2) * (o.nClustersPerClass ?? 2);
  if (clusters > 2 ** o.nInformative) {
    throw new Error(
      'makeClassification: nClasses * nClustersPerClass must be at most 2^nInformative (one hypercube vertex each)'
    );
  }
  for (const [name, v] of [
    ['flipY', o.flipY ?? 0],
    ['missingRate', o.missingRate ?? 0]
  ] as const) {
    if (!(v >= 0 && v < 1))
      throw new Error(`makeClassification: ${name} must be in [0, 1) (got ${v})`);
  }
}

/** Deterministic synthetic data set for `opts.seed`. */
export function makeClassification(opts: SyntheticOptions): SyntheticData {
  checkOptions(opts);
  const n = opts.nRows;
  const p = opts.nFeatures;
  const ni = opts.nInformative;
  const nr = opts.nRedundant ?? 0;
  const K = opts.nClasses ?? 2;
  const nClusters = K * (opts.nClustersPerClass ?? 2);
  const sep = opts.classSep ?? 1;
  const rng = createRng(opts.seed);

  // Distinct hypercube vertices, one per cluster, and a random linear map per cluster.
  const vertices = new Set<number>();
  while (vertices.size < nClusters) vertices.add(Math.floor(rng.next() * 2 ** ni));
  const centroids = [...vertices].map((v) =>
    Array.from({ length: ni }, (_, d) => (Math.floor(v / 2 ** d) % 2 === 1 ? sep : -sep))
  );
  const maps = centroids.map(() => Array.from({ length: ni * ni }, () => 2 * rng.next() - 1));
  const redundant = Array.from({ length: ni * nr }, () => 2 * rng.next() - 1);

  // Row order is shuffled so that any contiguous split is a random split.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }

  const data = new Float32Array(n * p);
  const y = new Int32Array(n);
  const z = new Float64Array(ni);
  const x = new Float64Array(ni);
  for (let k = 0; k < n; k++) {
    const cluster = Math.min(nClusters - 1, Math.floor((k * nClusters) / n));
    const row = order[k];
    y[row] = cluster % K;
    for (let d = 0; d < ni; d++) z[d] = gaussian(rng);
    const A = maps[cluster];
    for (let d = 0; d < ni; d++) {
      let s = centroids[cluster][d];
      for (let e = 0; e < ni; e++) s += z[e] * A[e * ni + d];
      x[d] = s;
      data[d * n + row] = s;
    }
    for (let r = 0; r < nr; r++) {
      let s = 0;
      for (let d = 0; d < ni; d++) s += x[d] * redundant[d * nr + r];
      data[(ni + r) * n + row] = s;
    }
    for (let j = ni + nr; j < p; j++) data[j * n + row] = gaussian(rng);
  }
  const flip = opts.flipY ?? 0.01;
  for (let i = 0; i < n; i++) if (rng.next() < flip) y[i] = rng.int(K);
  const miss = opts.missingRate ?? 0;
  if (miss > 0) for (let k = 0; k < n * p; k++) if (rng.next() < miss) data[k] = NaN;
  return { X: { data, nRows: n, nCols: p }, y };
}

/** Rows [start, end) of a data set as a new data set (column-major copy). */
export function sliceRows(d: SyntheticData, start: number, end: number): SyntheticData {
  const { X } = d;
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    0 <= start &&
    start <= end &&
    end <= X.nRows
  )) {
    throw new Error(`sliceRows: need 0 <= start <= end <= ${X.nRows} (got ${start}, ${end})`);
  }
  const m = end - start;
  const data = new Float32Array(m * X.nCols);
  for (let j = 0; j < X.nCols; j++)
    data.set(X.data.subarray(j * X.nRows + start, j * X.nRows + end), j * m);
  return { X: { data, nRows: m, nCols: X.nCols }, y: d.y.slice(start, end) };
}

/**
 * Named data sets shared by tests, benchmarks and the scikit-learn reference runs. `trainRows`
 * leading rows train, the rest test. Changing one invalidates tests/fixtures/sklearn-parity.json.
 */
export const SYNTHETIC_PRESETS = {
  /** Accuracy parity with scikit-learn, no missing values. */
  parity: {
    trainRows: 2000,
    options: { nRows: 4000, nFeatures: 16, nInformative: 6, nRedundant: 4, flipY: 0.03, seed: 2024 }
  },
  /** Same shape with 10% of cells missing at random. */
  parityMissing: {
    trainRows: 2000,
    options: {
      nRows: 4000,
      nFeatures: 16,
      nInformative: 6,
      nRedundant: 4,
      flipY: 0.03,
      missingRate: 0.1,
      seed: 2025
    }
  },
  /** Benchmark against scikit-learn: 20,000 training rows x 16 features, 5,000 test rows. */
  bench20k: {
    trainRows: 20000,
    options: { nRows: 25000, nFeatures: 16, nInformative: 6, nRedundant: 4, flipY: 0.03, seed: 7 }
  }
} satisfies Record<string, { trainRows: number; options: SyntheticOptions }>;

export type SyntheticPreset = keyof typeof SYNTHETIC_PRESETS;

/** CSV text of a data set: header f0..f{p-1},y; missing values as empty cells; exact float32 values. */
export function toCsv(d: SyntheticData): string {
  const { X, y } = d;
  const lines: string[] = [];
  const head: string[] = [];
  for (let j = 0; j < X.nCols; j++) head.push(`f${j}`);
  head.push('y');
  lines.push(head.join(','));
  const cells = new Array<string>(X.nCols + 1);
  for (let i = 0; i < X.nRows; i++) {
    for (let j = 0; j < X.nCols; j++) {
      const v = X.data[j * X.nRows + i];
      // String() of a float32 held in a double round-trips to the same float32.
      cells[j] = v === v ? String(v) : '';
    }
    cells[X.nCols] = String(y[i]);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
