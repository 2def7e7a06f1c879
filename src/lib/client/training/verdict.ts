/**
 * One plain sentence per comparison of a training report: on each mission and on all rows,
 * is the staged model ahead of the best baseline, by how much, and is that difference larger
 * than the hold-out can resolve (the baseline's 95% interval, resampling host stars)?
 */
import type { EvaluationReport, MetricReport, ModelName } from '../../core/pipeline/index.ts';

const NAMES: Record<ModelName, string> = {
  staged: 'the staged model',
  pooled: 'one forest on all missions pooled',
  perMission: 'one forest per mission',
  averaged: 'the average of the per-mission forests',
  missingPattern: 'a forest on the missing-value pattern alone'
};
const SCOPES: Record<string, string> = {
  koi: 'Kepler',
  k2: 'K2',
  toi: 'TESS',
  combined: 'All missions'
};

export interface Verdict {
  scope: string;
  text: string;
  /** 'ahead' / 'behind' beyond the baseline's interval, else 'level'. */
  outcome: 'ahead' | 'behind' | 'level';
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Accuracy verdicts of the staged model against the best baseline, missions then combined. */
export function accuracyVerdicts(report: EvaluationReport): Verdict[] {
  const staged = report.models.staged;
  if (!staged) return [];
  const get = (name: ModelName, scope: string): MetricReport | undefined => {
    const ev = report.models[name];
    return ev ? (scope === 'combined' ? ev.combined : ev.byMission[scope]) : undefined;
  };
  const out: Verdict[] = [];
  for (const scope of [...report.missions, 'combined']) {
    const own = get('staged', scope);
    if (!own) continue;
    let best: { name: ModelName; r: MetricReport } | null = null;
    for (const name of ['pooled', 'perMission', 'averaged'] as const) {
      const r = get(name, scope);
      if (r && (!best || r.accuracy > best.r.accuracy)) best = { name, r };
    }
    if (!best) continue;
    const diff = own.accuracy - best.r.accuracy;
    const iv = best.r.intervals?.accuracy;
    const inside =
      iv && iv.lo !== null && iv.hi !== null
        ? own.accuracy >= iv.lo && own.accuracy <= iv.hi
        : null;
    const points = `${Math.abs(100 * diff).toFixed(1)} points`;
    const vs = `${pct(own.accuracy)} against ${pct(best.r.accuracy)} for ${NAMES[best.name]}, the best baseline`;
    let text: string;
    let outcome: Verdict['outcome'];
    if (Math.abs(diff) < 0.0005) {
      text = `the staged model and ${NAMES[best.name]} are level at ${pct(own.accuracy)} accuracy.`;
      outcome = 'level';
    } else {
      const lead = diff > 0 ? `ahead by ${points}` : `behind by ${points}`;
      text = `the staged model is ${lead} of accuracy (${vs}).`;
      outcome = inside === false ? (diff > 0 ? 'ahead' : 'behind') : 'level';
    }
    if (Math.abs(diff) < 0.0005) {
      // Level: nothing for the interval to resolve.
    } else if (inside === true) {
      text += ` That is inside the baseline's 95% interval (${pct(iv!.lo!)}–${pct(iv!.hi!)}): this hold-out cannot tell them apart.`;
    } else if (inside === false) {
      text += ` That is outside the baseline's 95% interval (${pct(iv!.lo!)}–${pct(iv!.hi!)}): a real difference on this hold-out.`;
    }
    out.push({ scope, text: `${SCOPES[scope] ?? scope}: ${text}`, outcome });
  }
  return out;
}
