/**
 * Text for the model card (and the CLI's train output) about how the final model was fitted:
 * refitted on every labelled row or not, and the per-mission probability calibration with what
 * it changed on the hold-out (ECE, Brier, ROC AUC, reliability curve). Reads the plain JSON the
 * pipeline stores in `meta.metrics` (`refit`, `probabilityCalibration`), defensively: a file
 * from elsewhere may lack or mangle them.
 */
import type { JsonValue } from './types.ts';

/** Appends every item (no spread: a list can be long). */
function appendAll<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}

type Obj = { [key: string]: JsonValue };
const isObj = (v: JsonValue | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: JsonValue | undefined): v is number => typeof v === 'number';

const MISSION: Record<string, string> = { koi: 'KOI', k2: 'K2', toi: 'TESS', combined: 'combined' };
const label = (m: string) => MISSION[m] ?? m;
const n3 = (v: JsonValue | undefined) => (isNum(v) ? v.toFixed(3) : '-');
const n4 = (v: JsonValue | undefined) => (isNum(v) ? v.toFixed(4) : '-');
const int = (v: JsonValue | undefined) => (isNum(v) ? v.toLocaleString('en-US') : '-');

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, j) => rows.reduce((w, r) => Math.max(w, r[j].length), h.length));
  const line = (cells: string[]) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** One paragraph on the final model's training rows (metrics.refit). */
export function describeRefit(metrics: JsonValue): string[] {
  const r = isObj(metrics) ? metrics.refit : undefined;
  if (!isObj(r)) return [];
  if (r.refitted !== true) {
    return [
      'Final model: the forest scored on the hold-out (not refitted; the hold-out rows never trained it).'
    ];
  }
  const rows = isObj(r.rows) ? r.rows : {};
  const evaluatedOn = isObj(r.evaluatedOn) ? r.evaluatedOn : {};
  const per = Object.keys(rows)
    .map((m) => `${label(m)} ${int(rows[m])}`)
    .join(', ');
  const evalTotal = Object.values(evaluatedOn).reduce<number>((s, v) => s + (isNum(v) ? v : 0), 0);
  return [
    `Final model: refitted on all ${int(r.total)} labelled rows (${per}) after the evaluation, with the same plan and seed.`,
    `The hold-out metrics are the estimate for that plan: they were measured on a forest trained on ${evalTotal.toLocaleString('en-US')} rows without the hold-out.`
  ];
}

/** The calibration section: per-mission maps, hold-out before/after, reliability curves. */
export function describeCalibration(metrics: JsonValue, opts: { curves?: boolean } = {}): string[] {
  const c = isObj(metrics) ? metrics.probabilityCalibration : undefined;
  if (!isObj(c)) return [];
  const out: string[] = [];
  const holdout = isObj(c.holdout) ? c.holdout : null;
  const model = isObj(c.model) ? c.model : null;
  const positive =
    holdout && typeof holdout.positiveClass === 'string'
      ? holdout.positiveClass
      : 'the positive class';
  out.push(
    `Probability calibration of P(${positive}), per mission: a map fitted on out-of-bag probabilities (rows no voting tree was grown on), Platt or isotonic chosen by grouped 5-fold cross-validation (Brier score) on the same rows.`
  );
  const fits = model && isObj(model.fits) ? model.fits : {};
  for (const m of Object.keys(fits)) {
    const f = fits[m];
    if (!isObj(f)) continue;
    const cv = isObj(f.cvBrier) ? f.cvBrier : {};
    out.push(
      `  ${label(m)}: ${String(f.method)} on ${int(f.rows)} rows (cross-validated Brier: raw ${n4(cv.raw)}, Platt ${n4(cv.platt)}, isotonic ${n4(cv.isotonic)})`
    );
  }
  const skipped = model && isObj(model.skipped) ? model.skipped : {};
  for (const m of Object.keys(skipped))
    out.push(`  ${label(m)}: not calibrated (${String(skipped[m])})`);
  if (!holdout) return out;
  const byMission = isObj(holdout.byMission) ? holdout.byMission : {};
  const keys = [...Object.keys(byMission), 'combined'];
  const get = (k: string): Obj | null => {
    const v = k === 'combined' ? holdout.combined : byMission[k];
    return isObj(v) ? v : null;
  };
  const side = (r: Obj | null, s: 'before' | 'after'): Obj => (r && isObj(r[s]) ? r[s] : {});
  out.push('On the hold-out (the evaluated forest, calibrated on its training rows only):');
  appendAll(
    out,
    table(
      [
        '',
        'rows',
        'ECE before',
        'ECE after',
        'Brier before',
        'Brier after',
        'ROC AUC before',
        'ROC AUC after'
      ],
      keys.map((k) => {
        const r = get(k);
        const b = side(r, 'before');
        const a = side(r, 'after');
        return [
          label(k),
          int(r?.rows),
          n3(b.ece),
          n3(a.ece),
          n4(b.brier),
          n4(a.brier),
          n3(b.rocAuc),
          n3(a.rocAuc)
        ];
      })
    ).map((l) => `  ${l}`)
  );
  if (opts.curves === false) return out;
  out.push(
    `Reliability on the hold-out: per bin of P(${positive}), mean predicted / observed share (rows)`
  );
  for (const k of keys) {
    const r = get(k);
    const before = Array.isArray(side(r, 'before').curve)
      ? (side(r, 'before').curve as JsonValue[])
      : [];
    const after = Array.isArray(side(r, 'after').curve)
      ? (side(r, 'after').curve as JsonValue[])
      : [];
    const cell = (bin: JsonValue | undefined) =>
      isObj(bin) && isNum(bin.count) && bin.count > 0
        ? `${n3(bin.meanPredicted)} / ${n3(bin.observed)} (${bin.count})`
        : '-';
    const rows = after.map((bin, j) => {
      const lo = isObj(bin) && isNum(bin.lo) ? bin.lo.toFixed(1) : '?';
      const hi = isObj(bin) && isNum(bin.hi) ? bin.hi.toFixed(1) : '?';
      return [`${lo}-${hi}`, cell(before[j]), cell(bin)];
    });
    if (rows.length === 0) continue;
    out.push(`  ${label(k)}:`);
    appendAll(
      out,
      table(['bin', 'before calibration', 'after calibration'], rows).map((l) => `    ${l}`)
    );
  }
  return out;
}

/** Which number to trust, said wherever both are shown. */
export const TRUST_SENTENCE =
  "Which to trust: for ranking the candidates that are still open, the backtest. The random hold-out scores resolved objects with the values in today's table, often revised after they were resolved (and revised more often for planets), which flatters every model.";

/**
 * The backtest section (metrics.backtest, written by `exoforest train --backtest`): the plan
 * trained on older snapshots, scored on the objects resolved since, beside the random hold-out.
 */
export function describeBacktest(metrics: JsonValue): string[] {
  const b = isObj(metrics) ? metrics.backtest : undefined;
  if (!isObj(b) || !isObj(b.byMission)) return [];
  const files = (v: JsonValue | undefined) =>
    Array.isArray(v)
      ? v
          .map((t) =>
            isObj(t)
              ? `${String(t.name)} (${String(t.downloadDate ?? 'date unknown').slice(0, 10)})`
              : '?'
          )
          .join(', ')
      : '?';
  const stages = Array.isArray(b.stages) ? b.stages.map(String).join(' > ') : '?';
  const out = [
    `Backtest of this plan (stages ${stages}): trained on ${files(b.older)}; scored on the objects open in them and resolved in ${files(b.later)}, with the values they had then.`
  ];
  const models = isObj(metrics) && isObj(metrics.models) ? metrics.models : {};
  const staged = isObj(models.staged) ? models.staged : {};
  const holdout = (s: string): Obj | null => {
    const v =
      s === 'combined'
        ? staged.combined
        : isObj(staged.byMission)
          ? staged.byMission[s]
          : undefined;
    return isObj(v) ? v : null;
  };
  const byMission = b.byMission;
  const rows = Object.keys(byMission).map((s) => {
    const e = byMission[s];
    const o = isObj(e) ? e : {};
    const ms = isObj(o.models) ? o.models : {};
    const st = isObj(ms.staged) ? ms.staged : {};
    const po = isObj(ms.pooled) ? ms.pooled : {};
    const top = isObj(st.top10) ? st.top10 : null;
    const topPooled = isObj(po.top10) ? po.top10 : null;
    return [
      label(s),
      n3(holdout(s)?.rocAuc),
      n3(st.rocAuc),
      n3(po.rocAuc),
      int(o.resolved),
      n3(st.prAuc),
      isNum(st.accuracy) ? `${(100 * st.accuracy).toFixed(1)}%` : '-',
      n3(st.ece),
      top
        ? `${int(top.planets)} of ${int(top.k)} (pooled ${topPooled ? int(topPooled.planets) : '-'}, random ${isNum(top.expected) ? top.expected.toFixed(1) : '-'})`
        : '-'
    ];
  });
  const lines = table(
    [
      '',
      'ROC AUC random hold-out',
      'ROC AUC backtest',
      'pooled',
      'resolved',
      'PR AUC',
      'accuracy',
      'ECE',
      'confirmed later in top 10% of open'
    ],
    rows
  );
  for (const l of lines) out.push(`  ${l}`);
  out.push(TRUST_SENTENCE);
  return out;
}
