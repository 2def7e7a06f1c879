/**
 * The results table as the page shows it: every row of every classified file under one global
 * index, filtered, sorted, and summarised for the charts. Pure functions over the worker's row
 * columns; the page only displays what these return. Fast at 20,000 rows: filters and sorts
 * work on indices and typed arrays, and row objects are built only for rows on screen.
 */
import type { ClassifiedFile, KeyFeature } from './classifier.ts';

/** The label of rows the model did not score (set aside, or no feature values). */
export const NOT_SCORED = 'not scored';

export interface ResultSet {
  files: ClassifiedFile[];
  classes: string[];
  /** Class whose probability the score column shows: the positive class, else -1 (the predicted one). */
  positiveClass: number;
  /** Heading of the score column, e.g. "P(PLANET)". */
  scoreLabel: string;
  /** offsets[f] = global index of file f's first row; offsets[files.length] = total. */
  offsets: Int32Array;
  total: number;
  /** Per global row: P(positive class), or the predicted class's probability; NaN = not scored. */
  score: Float64Array;
  /** Per global row: predicted class index, -1 = not scored. */
  label: Int8Array;
  /** Every mission present ('' = unknown), in first-seen order. */
  missions: string[];
  /**
   * Candidate rank over all files (1 = most likely a planet), 0 for rows that are not unresolved
   * scored candidates. Same order as the pipeline's rankRows: score, then object id, then row.
   */
  rank: Int32Array;
}

/** Combines classified files (all scored by the same model) under one index; null when empty. */
export function resultSet(files: ClassifiedFile[]): ResultSet | null {
  if (files.length === 0) return null;
  const { classes, positiveClass } = files[0];
  const offsets = new Int32Array(files.length + 1);
  files.forEach((f, i) => (offsets[i + 1] = offsets[i] + f.rows.n));
  const total = offsets[files.length];
  const score = new Float64Array(total);
  const labels = new Int8Array(total);
  const K = classes.length;
  const missions = new Set<string>();
  files.forEach((f, i) => {
    const { proba, label, mission } = f.rows;
    labels.set(label, offsets[i]);
    for (let k = 0; k < f.rows.n; k++) {
      const c = positiveClass >= 0 ? positiveClass : label[k];
      score[offsets[i] + k] = c >= 0 ? proba[k * K + c] : NaN;
      missions.add(mission[k]);
    }
  });
  const candidates: number[] = [];
  const ids: string[] = new Array(total);
  files.forEach((f, i) => {
    for (let k = 0; k < f.rows.n; k++) {
      ids[offsets[i] + k] = f.rows.objectId[k];
      if (f.rows.candidateRank[k] > 0) candidates.push(offsets[i] + k);
    }
  });
  candidates.sort(
    (a, b) => score[b] - score[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0) || a - b
  );
  const rank = new Int32Array(total);
  candidates.forEach((g, i) => (rank[g] = i + 1));
  return {
    files,
    classes,
    positiveClass,
    rank,
    scoreLabel: positiveClass >= 0 ? `P(${classes[positiveClass]})` : 'P(predicted class)',
    offsets,
    total,
    score,
    label: labels,
    missions: [...missions]
  };
}

/** Which file and row a global index is. */
export function locate(set: ResultSet, g: number): { fileIndex: number; k: number } {
  let f = 0;
  while (f < set.files.length - 1 && set.offsets[f + 1] <= g) f++;
  return { fileIndex: f, k: g - set.offsets[f] };
}

/** One row, ready to show. */
export interface RowView {
  g: number;
  fileId: number;
  fileName: string;
  line: number;
  /** Row of the loaded table (for explanations), -1 when set aside. */
  tableIndex: number;
  objectId: string;
  mission: string;
  /** Predicted class, or null when not scored. */
  label: string | null;
  score: number;
  probabilities: number[] | null;
  archiveLabel: string;
  /** Candidate rank by P(positive class) over all files; 0 = not a ranked candidate. */
  rank: number;
  outOfRange: number;
  notes: string;
  features: Record<KeyFeature, number>;
}

export function rowView(set: ResultSet, g: number): RowView {
  const { fileIndex, k } = locate(set, g);
  const file = set.files[fileIndex];
  const r = file.rows;
  const K = set.classes.length;
  const c = r.label[k];
  const features = {} as Record<KeyFeature, number>;
  for (const [name, col] of Object.entries(r.features)) features[name as KeyFeature] = col[k];
  return {
    g,
    fileId: file.id,
    fileName: file.name,
    line: r.line[k],
    tableIndex: r.tableIndex[k],
    objectId: r.objectId[k],
    mission: r.mission[k],
    label: c >= 0 ? set.classes[c] : null,
    score: set.score[g],
    probabilities: c >= 0 ? Array.from(r.proba.subarray(k * K, (k + 1) * K)) : null,
    archiveLabel: r.archiveLabel[k],
    rank: set.rank[g],
    outOfRange: r.outOfRange[k],
    notes: r.notes[k],
    features
  };
}

export interface ResultFilter {
  /** Predicted classes to hide (NOT_SCORED: rows without probabilities). */
  hideLabels: string[];
  /** Missions to hide ('' = unknown); missions of files added later are shown. */
  hideMissions: string[];
  /** Score range, inclusive; applies to scored rows. */
  scoreMin: number;
  scoreMax: number;
  /** Object id contains (case-insensitive). */
  query: string;
  /** Only unresolved candidates the model ranked (archive CANDIDATE, TOI PC/APC, unlabelled). */
  candidatesOnly: boolean;
}

export function defaultFilter(): ResultFilter {
  return {
    hideLabels: [],
    hideMissions: [],
    scoreMin: 0,
    scoreMax: 1,
    query: '',
    candidatesOnly: false
  };
}

/** Global indices of the rows that pass the filter, in input order. */
export function filterRows(set: ResultSet, filter: ResultFilter): number[] {
  const hiddenLabels = new Set(filter.hideLabels);
  const hiddenMissions = new Set(filter.hideMissions);
  const query = filter.query.trim().toLowerCase();
  // Plain locals: the filter may be a reactive proxy, too slow to read once per row.
  const { candidatesOnly, scoreMin, scoreMax } = filter;
  const showUnscored = !hiddenLabels.has(NOT_SCORED);
  const labelOk = set.classes.map((c) => !hiddenLabels.has(c));
  const out: number[] = [];
  set.files.forEach((file, f) => {
    const r = file.rows;
    const base = set.offsets[f];
    for (let k = 0; k < r.n; k++) {
      const c = r.label[k];
      if (c < 0 ? !showUnscored : !labelOk[c]) continue;
      if (hiddenMissions.has(r.mission[k])) continue;
      if (candidatesOnly && set.rank[base + k] === 0) continue;
      const s = set.score[base + k];
      if (c >= 0 && (s < scoreMin || s > scoreMax)) continue;
      if (query && !r.objectId[k].toLowerCase().includes(query)) continue;
      out.push(base + k);
    }
  });
  return out;
}

export type SortKey = 'input' | 'objectId' | 'mission' | 'label' | 'score' | 'rank' | KeyFeature;
export type SortDirection = 'ascending' | 'descending';

/** A sort key's values per global row: numbers (NaN sorts last) or strings. */
function sortValues(set: ResultSet, key: SortKey): Float64Array | string[] {
  if (key === 'score') return set.score;
  const numbers = new Float64Array(set.total);
  const strings: string[] = new Array(set.total);
  const isText = key === 'objectId' || key === 'mission' || key === 'label';
  set.files.forEach((file, f) => {
    const r = file.rows;
    const base = set.offsets[f];
    for (let k = 0; k < r.n; k++) {
      const g = base + k;
      if (key === 'objectId') strings[g] = r.objectId[k];
      else if (key === 'mission') strings[g] = r.mission[k];
      else if (key === 'label') strings[g] = r.label[k] >= 0 ? set.classes[r.label[k]] : '';
      else if (key === 'input') numbers[g] = g;
      else if (key === 'rank') numbers[g] = set.rank[g] || NaN;
      else numbers[g] = r.features[key][k];
    }
  });
  return isText ? strings : numbers;
}

/**
 * Sorted copy of `rows`. Missing values (NaN, '') always go last; ties keep input order, so a
 * sort is reproducible.
 */
export function sortRows(
  set: ResultSet,
  rows: readonly number[],
  key: SortKey,
  direction: SortDirection
): number[] {
  const values = sortValues(set, key);
  const sign = direction === 'ascending' ? 1 : -1;
  const out = [...rows];
  if (values instanceof Float64Array) {
    out.sort((a, b) => {
      const x = values[a];
      const y = values[b];
      const xm = Number.isNaN(x);
      const ym = Number.isNaN(y);
      if (xm || ym) return xm === ym ? a - b : xm ? 1 : -1;
      return (x - y) * sign || a - b;
    });
  } else {
    out.sort((a, b) => {
      const x = values[a];
      const y = values[b];
      if (!x || !y) return !x === !y ? a - b : !x ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * sign || a - b;
    });
  }
  return out;
}

/** Points of the period-radius chart, one series per predicted class (log axes: positive values only). */
export function periodRadiusSeries(
  set: ResultSet,
  rows: readonly number[]
): { label: string; points: { x: number; y: number }[] }[] {
  const series = set.classes.map((label) => ({ label, points: [] as { x: number; y: number }[] }));
  const { offsets, files } = set;
  let f = 0;
  for (const g of rows) {
    const c = set.label[g];
    if (c < 0) continue;
    // Rows are mostly in input order: move the file cursor instead of searching.
    if (g < offsets[f] || g >= offsets[f + 1]) f = locate(set, g).fileIndex;
    const k = g - offsets[f];
    const x = files[f].rows.features.period_days[k];
    const y = files[f].rows.features.planet_radius_re[k];
    if (x > 0 && y > 0) series[c].points.push({ x, y });
  }
  return series;
}

/**
 * Log-axis limits that hold every point: the decades around the smallest and largest value of
 * each axis (null for an axis without points). The chart is given these instead of guessing
 * them, so no object falls outside its frame.
 */
export function logAxisLimits(series: readonly { points: readonly { x: number; y: number }[] }[]): {
  x: [number, number] | null;
  y: [number, number] | null;
} {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const s of series) {
    for (const p of s.points) {
      if (p.x < x0) x0 = p.x;
      if (p.x > x1) x1 = p.x;
      if (p.y < y0) y0 = p.y;
      if (p.y > y1) y1 = p.y;
    }
  }
  const decades = (lo: number, hi: number): [number, number] | null =>
    lo > hi ? null : [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  return { x: decades(x0, x1), y: decades(y0, y1) };
}

/** Histogram of the score over scored rows, stacked by predicted class. */
export function scoreHistogram(
  set: ResultSet,
  rows: readonly number[],
  bins = 20
): { edges: number[]; series: { label: string; counts: number[] }[] } {
  const edges = Array.from({ length: bins + 1 }, (_, i) => i / bins);
  const series = set.classes.map((label) => ({ label, counts: new Array<number>(bins).fill(0) }));
  for (const g of rows) {
    const s = set.score[g];
    if (Number.isNaN(s)) continue;
    series[set.label[g]].counts[Math.min(bins - 1, Math.floor(s * bins))]++;
  }
  return { edges, series };
}

/** How many rows each predicted class (and NOT_SCORED) has over every file. */
export function labelTotals(set: ResultSet): Record<string, number> {
  const K = set.classes.length;
  const counts = new Array<number>(K + 1).fill(0);
  for (const c of set.label) counts[c >= 0 ? c : K]++;
  return Object.fromEntries([...set.classes, NOT_SCORED].map((c, i) => [c, counts[i]]));
}
