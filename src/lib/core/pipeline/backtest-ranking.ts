/**
 * The ranking numbers of a backtest: how good the top of a model's list of open candidates
 * was. Rows are ordered by P(planet), highest first, ties by object id (as the candidate list
 * orders them); the top q% is the first ceil(q * n) rows.
 */
import { bootstrapMany } from './bootstrap.ts';
import type { LaterOutcome } from './backtest-match.ts';

export const TOP_SHARES = [0.1, 0.25] as const;

/** Rows in ranking order (P(planet) descending, then object id). */
export function rankingOrder(p: Float64Array, ids: readonly string[]): Int32Array {
  const order = Int32Array.from({ length: p.length }, (_, i) => i);
  order.sort((a, b) => p[b] - p[a] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : a - b));
  return order;
}

export interface Interval {
  lo: number | null;
  hi: number | null;
}

export interface TopKCut {
  share: number;
  k: number;
  /** Later-confirmed planets among the top k. */
  planets: number;
  /** planets / k. */
  precision: number | null;
  /** planets / all later-confirmed planets among the rows. */
  recall: number | null;
  /** 95% intervals resampling host stars (null without resamples). */
  intervals: { precision: Interval; recall: Interval } | null;
}

export interface TopKReport {
  n: number;
  planets: number;
  cuts: TopKCut[];
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Precision and recall of later-confirmed planets in the top 10% and 25% of resolved objects.
 * `isPlanet[i]` = 1 for a later planet; intervals resample host stars (`hosts`), each resample
 * ranked again by the same order.
 */
export function backtestTopK(
  p: Float64Array,
  isPlanet: Uint8Array,
  hosts: readonly string[],
  ids: readonly string[],
  seed: number,
  reps: number
): TopKReport {
  const n = p.length;
  const order = rankingOrder(p, ids);
  const rankOf = new Int32Array(n);
  order.forEach((row, r) => (rankOf[row] = r));
  let planets = 0;
  for (let i = 0; i < n; i++) planets += isPlanet[i];
  /** Planets in the top ceil(share * m) of rows `idx` (a resample: repeats count). */
  const top = (idx: ArrayLike<number>, share: number) => {
    const sorted = Array.from(idx).sort((a, b) => rankOf[a] - rankOf[b]);
    const k = Math.ceil(share * sorted.length);
    let hit = 0;
    let all = 0;
    for (let j = 0; j < sorted.length; j++) {
      if (isPlanet[sorted[j]]) {
        all++;
        if (j < k) hit++;
      }
    }
    return { k, hit, all };
  };
  const everything = Int32Array.from({ length: n }, (_, i) => i);
  const cuts = TOP_SHARES.map((share): TopKCut => {
    const { k, hit } = top(everything, share);
    return {
      share,
      k,
      planets: hit,
      precision: k > 0 ? hit / k : null,
      recall: planets > 0 ? hit / planets : null,
      intervals: null
    };
  });
  if (reps > 0 && n > 0) {
    const stats: Record<string, (idx: Int32Array) => number> = {};
    TOP_SHARES.forEach((share, c) => {
      stats[`p${c}`] = (idx) => {
        const t = top(idx, share);
        return t.k > 0 ? t.hit / t.k : NaN;
      };
      stats[`r${c}`] = (idx) => {
        const t = top(idx, share);
        return t.all > 0 ? t.hit / t.all : NaN;
      };
    });
    const b = bootstrapMany(hosts, stats, { seed, reps });
    cuts.forEach((cut, c) => {
      cut.intervals = {
        precision: { lo: orNull(b[`p${c}`].lo), hi: orNull(b[`p${c}`].hi) },
        recall: { lo: orNull(b[`r${c}`].lo), hi: orNull(b[`r${c}`].hi) }
      };
    });
  }
  return { n, planets, cuts };
}

export interface OpenRankingCut {
  share: number;
  k: number;
  /** Confirmed later among the top k. */
  planets: number;
  /** Found false positive later among the top k. */
  falsePositives: number;
  /** Planets a random order puts in the top k on average: planets * k / n. */
  expectedPlanets: number;
}

export interface OpenRanking {
  /** Objects open then (in these missions). */
  n: number;
  outcomes: Record<LaterOutcome, number>;
  cuts: OpenRankingCut[];
}

/** Every open-then object ranked: what the top 10% and 25% turned out to be. */
export function backtestRanking(
  p: Float64Array,
  outcomes: readonly LaterOutcome[],
  ids: readonly string[]
): OpenRanking {
  const n = p.length;
  const order = rankingOrder(p, ids);
  const counts: Record<LaterOutcome, number> = {
    planet: 0,
    'false-positive': 0,
    open: 0,
    'changed-id': 0,
    vanished: 0
  };
  for (const o of outcomes) counts[o]++;
  const cuts = TOP_SHARES.map((share): OpenRankingCut => {
    const k = Math.ceil(share * n);
    let planets = 0;
    let fps = 0;
    for (let j = 0; j < k; j++) {
      const o = outcomes[order[j]];
      if (o === 'planet') planets++;
      else if (o === 'false-positive') fps++;
    }
    return {
      share,
      k,
      planets,
      falsePositives: fps,
      expectedPlanets: n > 0 ? (counts.planet * k) / n : 0
    };
  });
  return { n, outcomes: counts, cuts };
}
