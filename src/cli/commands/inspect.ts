/** `exoforest inspect MODEL`: prints the model card. */
import { describeModel, type JsonValue, type ModelFile } from '../../lib/core/model/index.ts';
import { intOpt, parseOptions } from '../args.ts';
import { loadModel } from '../files.ts';
import { out } from '../io.ts';
import type { Command } from './types.ts';

const HELP = `Usage: exoforest inspect MODEL [--top N]

Prints the model card of a model file (*.exoforest): task and classes, the features with
their units and training ranges, every training stage (mission, dataset, data fingerprint,
snapshot date, hyperparameters, class weights, row counts), the per-mission tree weights,
the validation metrics and the top feature importances. The file is fully validated first.

Options:
  --top N       feature importances to list per kind (default 10)
  -h, --help    show this help

Example:
  exoforest inspect models/default.exoforest`;

export const inspect: Command = {
  name: 'inspect',
  summary: 'print the model card of a model file',
  async run(argv) {
    const { values, positionals } = parseOptions(
      'inspect',
      argv,
      { top: { type: 'string' } },
      { min: 1, max: 1, what: 'the model file, e.g. exoforest inspect models/default.exoforest' }
    );
    if (values.help) {
      out(HELP);
      return 0;
    }
    const top = intOpt(values, 'top', 1, 1000, '10');
    const model = await loadModel(positionals[0], 'the MODEL argument');
    const card = describeModel(model, { topImportances: top });
    out(card + perMissionTable(model, card));
    return 0;
  }
};

type Obj = { [key: string]: JsonValue };
const isObj = (v: JsonValue | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const MISSION_LABEL: Record<string, string> = {
  koi: 'KOI',
  k2: 'K2',
  toi: 'TESS',
  combined: 'combined'
};
const MODEL_LABEL: Record<string, string> = { perMission: 'per-mission' };

/**
 * The hold-out metrics per mission of a model trained by the pipeline (metrics.models.<name>
 * .byMission), which the generic card does not list: accuracy and ROC AUC of the model and of
 * each baseline beside the majority-class accuracy. '' when the card already has them or the
 * metrics have another shape.
 */
export function perMissionTable(model: ModelFile, card: string): string {
  const m = model.meta.metrics;
  if (card.includes('byMission') || !isObj(m) || !isObj(m.models)) return '';
  const models = m.models;
  const names = Object.keys(models).filter(
    (n) => isObj(models[n]) && isObj((models[n] as Obj).byMission)
  );
  if (names.length === 0) return '';
  const first = models[names[0]] as Obj;
  const keys = [...Object.keys(first.byMission as Obj), 'combined'];
  const report = (name: string, key: string): Obj | null => {
    const ev = models[name] as Obj;
    const r = key === 'combined' ? ev.combined : (ev.byMission as Obj)[key];
    return isObj(r) ? r : null;
  };
  const pct = (v: JsonValue | undefined) =>
    typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '-';
  const auc = (v: JsonValue | undefined) => (typeof v === 'number' ? v.toFixed(3) : '-');
  const head = ['', 'rows', 'majority', ...names.map((n) => MODEL_LABEL[n] ?? n)];
  const rows = keys.map((k) => {
    const base = report(names[0], k);
    return [
      MISSION_LABEL[k] ?? k,
      String(base?.nRows ?? '-'),
      pct(base?.baselineAccuracy),
      ...names.map((n) => {
        const r = report(n, k);
        return r ? `${pct(r.accuracy)} / ${auc(r.rocAuc)}` : '-';
      })
    ];
  });
  const widths = head.map((h, j) => rows.reduce((w, r) => Math.max(w, r[j].length), h.length));
  const line = (cells: string[]) =>
    '  ' + cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return ['', 'Hold-out accuracy / ROC AUC per mission:', line(head), ...rows.map(line), ''].join(
    '\n'
  );
}
