import { describe, expect, it } from 'vitest';
import type { ClassifiedFile, KeyFeature, RowColumns } from './classifier.ts';
import {
  defaultFilter,
  filterRows,
  labelTotals,
  locate,
  logAxisLimits,
  NOT_SCORED,
  periodRadiusSeries,
  resultSet,
  rowView,
  scoreHistogram,
  sortRows
} from './results.ts';

const CLASSES = ['PLANET', 'FALSE_POSITIVE'];
const KEYS: KeyFeature[] = [
  'period_days',
  'planet_radius_re',
  'depth_ppm',
  'duration_hours',
  'teq_k'
];

/** A file of rows [objectId, mission, P(PLANET) or null, candidateRank, period, radius]. */
function file(
  id: number,
  rows: [string, string, number | null, number, number, number][]
): ClassifiedFile {
  const n = rows.length;
  const features = Object.fromEntries(
    KEYS.map((k) => [k, new Float32Array(n).fill(NaN)])
  ) as Record<KeyFeature, Float32Array>;
  const proba = new Float64Array(n * 2).fill(NaN);
  const label = new Int8Array(n).fill(-1);
  rows.forEach(([, , p, , period, radius], k) => {
    if (p !== null) {
      proba[2 * k] = p;
      proba[2 * k + 1] = 1 - p;
      label[k] = p >= 0.5 ? 0 : 1;
    }
    features.period_days[k] = period;
    features.planet_radius_re[k] = radius;
  });
  const columns: RowColumns = {
    n,
    line: Int32Array.from(rows, (_, k) => k + 2),
    tableIndex: Int32Array.from(rows, (r, k) => (r[2] === null ? -1 : k)),
    objectId: rows.map((r) => r[0]),
    mission: rows.map((r) => r[1]),
    label,
    proba,
    archiveLabel: rows.map(() => ''),
    candidateRank: Int32Array.from(rows, (r) => r[3]),
    outOfRange: new Uint8Array(n),
    notes: rows.map(() => ''),
    features
  };
  return {
    id,
    name: `f${id}.csv`,
    report: {} as ClassifiedFile['report'],
    modelName: 'm',
    modelFingerprint: 'x',
    classes: CLASSES,
    positiveClass: 0,
    counts: { rows: n, scored: n, setAside: 0, noValues: 0, outOfRange: 0 },
    missions: [],
    missingFeatures: [],
    missingSummary: [],
    rows: columns
  };
}

const set = resultSet([
  file(1, [
    ['K1', 'koi', 0.9, 0, 10, 2],
    ['K2', 'koi', 0.2, 2, 1, 20],
    ['K3', 'koi', null, 0, NaN, NaN]
  ]),
  file(2, [
    ['T1', 'toi', 0.7, 1, 3, 0],
    ['T2', 'toi', 0.5, 3, NaN, 1]
  ])
])!;

describe('results view', () => {
  it('puts every row of every file under one index', () => {
    expect(set.total).toBe(5);
    expect(set.scoreLabel).toBe('P(PLANET)');
    expect(locate(set, 3)).toEqual({ fileIndex: 1, k: 0 });
    const r = rowView(set, 3);
    expect(r).toMatchObject({ objectId: 'T1', fileId: 2, label: 'PLANET', rank: 1, line: 2 });
    expect(r.probabilities?.[0]).toBeCloseTo(0.7);
    expect(rowView(set, 2).label).toBeNull();
    expect(Number.isNaN(set.score[2])).toBe(true);
    expect(set.missions).toEqual(['koi', 'toi']);
    expect(resultSet([])).toBeNull();
    // Candidates ranked across files by P(PLANET), as the pipeline ranks one table.
    expect(Array.from(set.rank)).toEqual([0, 3, 0, 1, 2]);
  });

  it('filters by class, mission, score range, id and candidates', () => {
    const f = defaultFilter();
    expect(filterRows(set, f)).toEqual([0, 1, 2, 3, 4]);
    expect(filterRows(set, { ...f, hideLabels: [NOT_SCORED] })).toEqual([0, 1, 3, 4]);
    expect(filterRows(set, { ...f, hideLabels: ['PLANET'] })).toEqual([1, 2]);
    expect(filterRows(set, { ...f, hideMissions: ['koi'] })).toEqual([3, 4]);
    expect(filterRows(set, { ...f, scoreMin: 0.5, scoreMax: 0.8 })).toEqual([2, 3, 4]);
    expect(filterRows(set, { ...f, query: 't' })).toEqual([3, 4]);
    expect(filterRows(set, { ...f, candidatesOnly: true })).toEqual([1, 3, 4]);
  });

  it('sorts with missing values last and ties in input order', () => {
    const all = [0, 1, 2, 3, 4];
    expect(sortRows(set, all, 'score', 'descending')).toEqual([0, 3, 4, 1, 2]);
    expect(sortRows(set, all, 'score', 'ascending')).toEqual([1, 4, 3, 0, 2]);
    expect(sortRows(set, all, 'rank', 'ascending')).toEqual([3, 4, 1, 0, 2]);
    expect(sortRows(set, all, 'objectId', 'descending')).toEqual([4, 3, 2, 1, 0]);
    expect(sortRows(set, all, 'period_days', 'ascending')).toEqual([1, 3, 0, 2, 4]);
    expect(sortRows(set, all, 'label', 'ascending')).toEqual([1, 0, 3, 4, 2]);
  });

  it('summarises rows for the charts', () => {
    const series = periodRadiusSeries(set, [0, 1, 2, 3, 4]);
    expect(series.map((s) => s.points)).toEqual([[{ x: 10, y: 2 }], [{ x: 1, y: 20 }]]);
    const h = scoreHistogram(set, [0, 1, 2, 3, 4], 10);
    expect(h.edges).toHaveLength(11);
    expect(h.series[0].counts[9] + h.series[0].counts[7] + h.series[0].counts[5]).toBe(3);
    expect(h.series[1].counts[2]).toBe(1);
    expect(labelTotals(set)).toEqual({ PLANET: 3, FALSE_POSITIVE: 1, [NOT_SCORED]: 1 });
  });

  it('gives log axes that hold every point, whatever the order of the points', () => {
    // Unsorted, as rows come from a file: the range must not come from the first and last point.
    const points = [
      { x: 3.2, y: 2 },
      { x: 0.152, y: 40 },
      { x: 1837.9, y: 0.6 },
      { x: 5.1, y: 1.1 }
    ];
    const { x, y } = logAxisLimits([{ points: points.slice(0, 2) }, { points: points.slice(2) }]);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(x![0]);
      expect(p.x).toBeLessThanOrEqual(x![1]);
      expect(p.y).toBeGreaterThanOrEqual(y![0]);
      expect(p.y).toBeLessThanOrEqual(y![1]);
    }
    expect(x).toEqual([0.1, 10000]);
    expect(logAxisLimits([{ points: [] }])).toEqual({ x: null, y: null });
  });
});
