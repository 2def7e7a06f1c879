// Usage: npx tsx bench/experiments/no-err-columns.ts ['<JSON plan patch>']
// Hold-out ROC AUC of the evaluated default model (no refit) on TOI/KOI rows: full table, the
// same table with err/lim columns stripped, and the 2024 TOI snapshot (no err columns) for the
// hold-out objects it has, scored against the current labels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsvText } from '../../src/lib/core/missions/index.ts';
import {
  defaultPlan,
  predictWithModel,
  rocAuc,
  toModelFile,
  trainStaged
} from '../../src/lib/core/pipeline/index.ts';
const dir =
  (process.env.EXOFOREST_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data')) + '/';
const load = (f: string, text?: string) =>
  parseCsvText(text ?? readFileSync(dir + f, 'utf8'), { name: f });
const strip = (f: string) => {
  const lines = readFileSync(dir + f, 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#') && l.trim() !== '');
  const head = lines[0].split(',');
  const keep = head
    .map((h, j) => (/err[12]$|_err[12]$|lim$/.test(h) ? -1 : j))
    .filter((j) => j >= 0);
  return lines
    .map((l) => {
      const c = l.split(',');
      return keep.map((j) => c[j]).join(',');
    })
    .join('\n');
};
const files = ['cumulative_2025.10.04_07.34.55.csv', 'k2.csv', 'TOI_2025.10.04_07.29.48.csv'];
const inputs = files.map((f) => {
  const r = load(f);
  return { table: r.table, report: r.report };
});
const plan = {
  ...defaultPlan('vetting'),
  refitOnAllRows: false,
  ...(process.argv[2] ? JSON.parse(process.argv[2]) : {})
};
const result = await trainStaged(inputs, plan, { bootstrapReps: 0, rankCandidates: false });
const model = toModelFile(result, { name: 'eval' });
const hold = new Map<string, number>(); // objectId -> label index
result.holdout.objectIds.forEach((id, k) => hold.set(id, result.holdout.labels[k]));
function auc(table: ReturnType<typeof load>['table'], label: string) {
  const p = predictWithModel(model, table).proba;
  const y: number[] = [];
  const pr: number[] = [];
  table.objectId.forEach((id, i) => {
    const l = hold.get(id);
    if (l === undefined) return;
    y.push(l);
    pr.push(p[2 * i], p[2 * i + 1]);
  });
  console.log(
    `${label}: ${y.length} hold-out rows, ROC AUC ${rocAuc(Int32Array.from(y), Float64Array.from(pr), 2, 0).toFixed(4)}`
  );
}
auc(inputs[2].table, 'TOI 2025 full');
auc(
  load('TOI_2025.10.04_07.29.48.csv', strip('TOI_2025.10.04_07.29.48.csv')).table,
  'TOI 2025 without err/lim columns'
);
auc(
  load('snapshots/TOI_2024.05.30_18.42.55.csv').table,
  'TOI 2024 snapshot (no err columns), current labels'
);
auc(inputs[0].table, 'KOI 2025 full');
auc(
  load('cumulative_2025.10.04_07.34.55.csv', strip('cumulative_2025.10.04_07.34.55.csv')).table,
  'KOI 2025 without err columns'
);
