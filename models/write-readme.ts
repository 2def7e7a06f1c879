/**
 * Writes models/README.md from models/default.report.json (the JSON report `exoforest train`
 * wrote beside the model), so the numbers in the README are exactly the report's.
 *   npx tsx models/write-readme.ts
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPatternWarnings } from '../src/lib/core/pipeline/index.ts';

import {
  describeBacktest,
  describeCalibration,
  describeRefit
} from '../src/lib/core/model/describe-calibration.ts';
import { finalModelMetrics } from '../src/lib/core/pipeline/report-final.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const report = JSON.parse(readFileSync(path.join(here, 'default.report.json'), 'utf8'));
const modelBytes = statSync(path.join(here, 'default.exoforest')).size;
if (modelBytes !== report.model.bytes) {
  throw new Error('default.exoforest is not the model default.report.json describes; rebuild both');
}

const MISSION: Record<string, string> = { koi: 'KOI', k2: 'K2', toi: 'TESS', combined: 'combined' };
const MODEL: Record<string, string> = {
  staged: 'staged (this model)',
  pooled: 'pooled',
  perMission: 'per-mission',
  averaged: 'averaged',
  missingPattern: 'missing pattern only'
};
type Metric = {
  nRows: number;
  accuracy: number;
  baselineAccuracy: number;
  balancedAccuracy: number;
  rocAuc: number;
  prAuc: number;
  brier: number;
  intervals?: { accuracy?: { lo: number | null; hi: number | null } };
};
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const get = (model: string, key: string): Metric =>
  key === 'combined' ? report.report.models[model].combined : report.report.models[model].byMission[key];
const keys = [...report.report.missions, 'combined'];
const models = Object.keys(report.report.models);

const acc = (m: Metric) => {
  const iv = m.intervals?.accuracy;
  return iv && iv.lo !== null && iv.hi !== null
    ? `${pct(m.accuracy)} (${(100 * iv.lo).toFixed(1)}-${(100 * iv.hi).toFixed(1)})`
    : pct(m.accuracy);
};
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

const staged = report.report.models.staged;
const lines = [
  '# The shipped default model',
  '',
  '`default.exoforest` is the model `exoforest classify` (and the app) use when no other model is',
  `chosen: task **${report.report.task}** (${report.report.classes.join(' vs ')}; candidates are ranked by`,
  `P(${report.report.positiveClass})), ${report.model.trees} trees grown in stages ${report.plan.stages
    .map((s: { mission: string }) => MISSION[s.mission])
    .join(' > ')}, ${report.features.length} features. Inspect it with`,
  '`npx exoforest inspect models/default.exoforest`.',
  '',
  '## How it was built',
  '',
  `Built on ${report.createdAt.slice(0, 10)} (${report.createdAt}) from the package root with:`,
  '',
  '```bash',
  ...(report.backtest
    ? [
        `npx ${report.backtest.command.replace(/--data (\S+)/g, '--data ../shared/data/snapshots/$1').replace(/--later (\S+)/g, '--later ../shared/data/$1')} --json /tmp/default.backtest.json`
      ]
    : []),
  // The train line reads the file the backtest line writes, wherever the build kept it.
  `npx ${report.invocation.replace(/--backtest \S+/, '--backtest /tmp/default.backtest.json')}`,
  '```',
  '',
  `That is the pipeline's default plan; in full: \`${report.command
    .replace(/^exoforest train /, '')
    .replace(/--data \S+ /g, '')}\`.`,
  '',
  row(['table', 'file', 'downloaded', 'rows kept', 'used']),
  row(['---', '---', '---', '---:', '---']),
  ...report.inputs.map((i: { title: string; file: string; downloadDate: string; rowsKept: number; used: boolean }) =>
    row([i.title, `\`${i.file}\``, i.downloadDate ?? 'unknown', String(i.rowsKept), i.used ? 'yes' : 'no'])
  ),
  '',
  'K2: the custom download `k2.csv` is used rather than the default-column `k2pandc_*.csv`. Both hold',
  'the same 4,004 rows (1,806 default rows), but only the custom one has transit depth and duration',
  '(and so the depth / duration consistency and depth signal-to-noise features). The choice follows',
  'that fixed rule (the download with more feature columns), not hold-out numbers; `exoforest train`',
  'applies the same rule when given both files, and says so.',
  '',
  `Model file: ${modelBytes.toLocaleString('en-US')} bytes, fingerprint \`${report.model.fingerprint}\`.`,
  '',
  '## Headline metrics',
  '',
  `Hold-out: ${Math.round(report.report.holdout * 100)}% of each mission's host stars, never seen by any stage, calibration`,
  'or feature choice. Accuracy with its 95% interval (resampling host stars), beside the majority-class',
  'accuracy; the baselines are trained on the same rows with the same number of trees.',
  '',
  row(['', 'rows', 'majority', ...models.map((m) => MODEL[m] ?? m)]),
  row(['---', '---:', '---:', ...models.map(() => '---:')]),
  ...keys.map((k) =>
    row([MISSION[k] ?? k, String(get('staged', k).nRows), pct(get('staged', k).baselineAccuracy), ...models.map((m) => acc(get(m, k)))])
  ),
  '',
  '"Missing pattern only": one forest per mission that sees only which values are missing. Where it',
  "comes within 5 points of the model (the pipeline's missingPatternWarnings):",
  '',
  ...(missingPatternWarnings(report.report).map((w) => `- ${w.message}`).concat(['']) as string[]),
  `Staged model, more metrics (${report.report.positiveClass} is the positive class):`,
  '',
  row(['', 'ROC AUC', 'PR AUC', 'balanced accuracy', 'Brier']),
  row(['---', '---:', '---:', '---:', '---:']),
  ...keys.map((k) => {
    const m: Metric = k === 'combined' ? staged.combined : staged.byMission[k];
    return row([MISSION[k] ?? k, m.rocAuc.toFixed(3), m.prAuc.toFixed(3), pct(m.balancedAccuracy), m.brier.toFixed(4)]);
  }),
  '',
  '## Final model, calibration and backtest',
  '',
  'The same text `npx exoforest inspect models/default.exoforest` prints:',
  '',
  '```text',
  ...(() => {
    const metrics = {
      ...finalModelMetrics(report),
      backtest: report.backtest ?? null,
      models: report.report.models
    };
    return [
      ...describeRefit(metrics),
      '',
      ...describeCalibration(metrics, { curves: false }),
      '',
      ...describeBacktest(metrics)
    ];
  })(),
  '```',
  '',
  'Reference points (DESIGN.md, scikit-learn 300 trees, 14 features, same kind of split): KOI 93.3%,',
  'K2 98.8%, TESS 88.4%, combined 92.5%.',
  '',
  'Everything else (per-class scores, confusion matrices, calibration, ROC / PR curves, importances,',
  'the plan, the top-ranked candidates) is in `default.report.json`. Rebuild both files with the',
  'command above, then `npx tsx models/write-readme.ts` to refresh this page.',
  ''
];
writeFileSync(path.join(here, 'README.md'), lines.join('\n'));
