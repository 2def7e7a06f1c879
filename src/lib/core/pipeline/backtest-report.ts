/** The plain-text backtest report (`exoforest backtest` prints it; the app shows the same numbers). */
import type { BacktestReport } from './backtest.ts';
import type { MetricReport } from './metrics.ts';
import { MODEL_LABELS, MODEL_NAMES, type ModelName } from './report.ts';

const MISSION: Record<string, string> = { koi: 'KOI', k2: 'K2', toi: 'TESS', combined: 'combined' };
const label = (k: string) => MISSION[k] ?? k;
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : `${(100 * v).toFixed(1)}%`;
const num = (v: number | null | undefined, d = 3) =>
  v === null || v === undefined ? '-' : v.toFixed(d);
const int = (v: number) => v.toLocaleString('en-US');
const withCi = (v: number | null, lo: number | null | undefined, hi: number | null | undefined) =>
  v === null
    ? '-'
    : lo !== null && lo !== undefined && hi !== null && hi !== undefined
      ? `${pct(v)} [${(100 * lo).toFixed(1)}-${(100 * hi).toFixed(1)}]`
      : pct(v);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, j) => rows.reduce((w, r) => Math.max(w, r[j].length), h.length));
  const line = (cells: string[]) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Models of the report, the staged model first. */
export function backtestModels(r: BacktestReport): ModelName[] {
  return MODEL_NAMES.filter((n) => r.resolved.models[n]);
}

/** Up to `max` ids, then how many more. */
function listIds(ids: string[], max = 12): string {
  return ids.length <= max
    ? ids.join(', ')
    : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

export function formatBacktestReport(r: BacktestReport): string {
  const names = backtestModels(r);
  const heads = names.map((n) => MODEL_LABELS[n]);
  const scopes = [...r.missions, 'combined'];
  const get = (n: ModelName, s: string): MetricReport | undefined => {
    const ev = r.resolved.models[n];
    return ev ? (s === 'combined' ? ev.combined : ev.byMission[s]) : undefined;
  };
  const out: string[] = [];
  const describe = (t: BacktestReport['older'][number]) =>
    `${t.name} (${t.missions.map(label).join(', ') || 'no mission'}, downloaded ${t.downloadDate ?? 'unknown'})`;
  out.push(
    'Backtest: every model trained on the older tables, then scored on the objects that were open in them (with the values they had then) against what the newer tables say.'
  );
  out.push(`Older: ${r.older.map(describe).join('; ')}`);
  out.push(`Newer: ${r.later.map(describe).join('; ')}`);
  out.push(
    `Every model: ${r.trees} trees, the same ${r.features.length} features, trained on every row labelled then (${Object.entries(
      r.trainRows
    )
      .map(([m, n]) => `${label(m)} ${int(n)}`)
      .join(', ')}); seed ${r.seed}.`
  );
  out.push('');
  out.push('What became of the objects open then (matched by object id)');
  const outcomeMissions = Object.keys(r.outcomes);
  out.push(
    table(
      ['', 'open then', 'planet', 'false positive', 'still open', 'new id', 'gone'],
      outcomeMissions.map((m) => {
        const o = r.outcomes[m].outcomes;
        return [
          label(m),
          int(r.outcomes[m].openThen),
          int(o.planet),
          int(o['false-positive']),
          int(o.open),
          int(o['changed-id']),
          int(o.vanished)
        ];
      })
    )
  );
  for (const m of outcomeMissions) {
    const tr = Object.entries(r.outcomes[m].transitions)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${int(n)}`)
      .join(', ');
    out.push(`  ${label(m)}: ${tr || 'no open objects'}`);
    const u = r.unresolved[m];
    if (u && u.changedId.length > 0)
      out.push(`    new id: ${listIds(u.changedId.map(([a, b]) => `${a} -> ${b}`))}`);
    if (u && u.vanished.length > 0) out.push(`    gone: ${listIds(u.vanished)}`);
    if (u && u.open.length > 0) out.push(`    still open: ${listIds(u.open, 6)}`);
  }
  out.push('');
  out.push(
    'Objects resolved later: accuracy with 95% intervals resampling host stars, beside the majority class of the training rows'
  );
  out.push(
    table(
      ['', 'rows', 'planets', 'majority', ...heads],
      scopes.map((s) => {
        const base = get(names[0], s);
        const planets = r.topK[names[0]]?.[s]?.planets ?? 0;
        return [
          label(s),
          String(base?.nRows ?? '-'),
          String(planets),
          pct(base?.baselineAccuracy),
          ...names.map((n) => {
            const m = get(n, s);
            const iv = m?.intervals?.accuracy;
            return m ? withCi(m.accuracy, iv?.lo, iv?.hi) : '-';
          })
        ];
      })
    )
  );
  out.push('');
  const block = (title: string, f: (n: ModelName, s: string) => string) => {
    out.push(title);
    out.push(
      table(
        ['', ...heads],
        scopes.map((s) => [label(s), ...names.map((n) => f(n, s))])
      )
    );
    out.push('');
  };
  const ci = (n: ModelName, s: string, key: 'rocAuc' | 'prAuc' | 'brier', d: number) => {
    const m = get(n, s);
    if (!m || m[key] === null) return '-';
    const iv = m.intervals?.[key];
    return iv && iv.lo !== null && iv.hi !== null
      ? `${num(m[key], d)} [${num(iv.lo, d)}-${num(iv.hi, d)}]`
      : num(m[key], d);
  };
  block('ROC AUC (PLANET; "-" where one class is absent)', (n, s) => ci(n, s, 'rocAuc', 3));
  block('PR AUC (average precision)', (n, s) => ci(n, s, 'prAuc', 3));
  r.topK[names[0]]?.[scopes[0]]?.cuts.forEach((cut, c) => {
    const share = `${Math.round(cut.share * 100)}%`;
    block(
      `Precision in the top ${share} of the resolved objects (later-confirmed share)`,
      (n, s) => {
        const t = r.topK[n]?.[s]?.cuts[c];
        return t ? withCi(t.precision, t.intervals?.precision.lo, t.intervals?.precision.hi) : '-';
      }
    );
    block(`Recall in the top ${share} of the resolved objects`, (n, s) => {
      const t = r.topK[n]?.[s]?.cuts[c];
      return t ? withCi(t.recall, t.intervals?.recall.lo, t.intervals?.recall.hi) : '-';
    });
  });
  block('Brier score (lower is better)', (n, s) => ci(n, s, 'brier', 4));
  block('Expected calibration error (10 bins; lower is better)', (n, s) => num(r.ece[n]?.[s], 3));

  const rankScopes = Object.keys(r.ranking[names[0]] ?? {});
  out.push(
    'Every object open then, ranked by each model: planets confirmed later in the top 10% / 25% (a random order gives the expected count)'
  );
  const firstCuts = r.ranking[names[0]]?.[rankScopes[0]]?.cuts ?? [];
  out.push(
    table(
      ['', 'top', 'rows', 'confirmed later', ...heads, 'random'],
      rankScopes.flatMap((s) =>
        firstCuts.map((cut, c) => {
          const base = r.ranking[names[0]][s];
          return [
            label(s),
            `${Math.round(cut.share * 100)}%`,
            `${int(base.cuts[c].k)} of ${int(base.n)}`,
            int(base.outcomes.planet),
            ...names.map((n) => {
              const x = r.ranking[n]?.[s]?.cuts[c];
              return x ? `${x.planets} (${x.falsePositives} FP)` : '-';
            }),
            base.cuts[c].expectedPlanets.toFixed(1)
          ];
        })
      )
    )
  );
  out.push('');
  out.push(
    'Calibration of the staged model on the resolved objects (its maps were fitted on the older tables only)'
  );
  const cal = r.calibration;
  const calScopes = [...Object.keys(cal.byMission), 'combined'];
  out.push(
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
      calScopes.map((s) => {
        const c = s === 'combined' ? cal.combined : cal.byMission[s];
        return [
          label(s),
          String(c.rows),
          num(c.before.ece),
          num(c.after.ece),
          num(c.before.brier, 4),
          num(c.after.brier, 4),
          num(c.before.rocAuc),
          num(c.after.rocAuc)
        ];
      })
    )
  );
  return out.join('\n').trimEnd();
}

/** What a model card keeps of a backtest of its plan (meta.metrics.backtest; plain JSON). */
export interface BacktestSummary {
  command: string;
  older: { name: string; downloadDate: string | null }[];
  later: { name: string; downloadDate: string | null }[];
  stages: string[];
  trees: number;
  seed: number;
  byMission: {
    [scope: string]: {
      resolved: number;
      planets: number;
      /** Per model: ROC AUC, PR AUC, accuracy, Brier, ECE on the resolved objects; open-then ranking. */
      models: {
        [model: string]: {
          rocAuc: number | null;
          prAuc: number | null;
          accuracy: number | null;
          brier: number | null;
          ece: number | null;
          openThen: number;
          confirmedLater: number;
          top10: { k: number; planets: number; expected: number } | null;
          top25: { k: number; planets: number; expected: number } | null;
        };
      };
    };
  };
}

export function backtestSummary(
  report: BacktestReport,
  meta: { command: string; stages: string[] }
): BacktestSummary {
  const byMission: BacktestSummary['byMission'] = {};
  for (const s of [...report.missions, 'combined']) {
    const models: BacktestSummary['byMission'][string]['models'] = {};
    for (const m of backtestModels(report)) {
      const ev = report.resolved.models[m]!;
      const r = s === 'combined' ? ev.combined : ev.byMission[s];
      const rank = report.ranking[m]?.[s];
      const cut = (c: number) =>
        rank?.cuts[c]
          ? {
              k: rank.cuts[c].k,
              planets: rank.cuts[c].planets,
              expected: rank.cuts[c].expectedPlanets
            }
          : null;
      models[m] = {
        rocAuc: r.rocAuc,
        prAuc: r.prAuc,
        accuracy: r.accuracy,
        brier: r.brier,
        ece: report.ece[m]?.[s] ?? null,
        openThen: rank?.n ?? 0,
        confirmedLater: rank?.outcomes.planet ?? 0,
        top10: cut(0),
        top25: cut(1)
      };
    }
    const first = report.resolved.models.staged!;
    byMission[s] = {
      resolved: (s === 'combined' ? first.combined : first.byMission[s]).nRows,
      planets: report.topK.staged?.[s]?.planets ?? 0,
      models
    };
  }
  return {
    command: meta.command,
    older: report.older.map((t) => ({ name: t.name, downloadDate: t.downloadDate })),
    later: report.later.map((t) => ({ name: t.name, downloadDate: t.downloadDate })),
    stages: meta.stages,
    trees: report.trees,
    seed: report.seed,
    byMission
  };
}
