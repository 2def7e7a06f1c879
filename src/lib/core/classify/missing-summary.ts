/**
 * Which of the model's features a table cannot give it, per mission of the table: features the
 * model uses (a positive impurity importance) that a row of that mission could have (not another
 * mission's extras) and that no row of that mission holds. Most important first, with the share
 * of the model's importance they carry, so a page can say what the predictions go without.
 */
import { featureInfo, type CanonicalTable, type RowMission } from '../missions/index.ts';
import type { ModelFile } from '../model/index.ts';
import { expectedFor, modelMatrix, usedFeatures } from './ranges.ts';

export interface AbsentFeature {
  name: string;
  unit: string;
  /** Share of the model's total impurity importance (0-1). */
  importance: number;
  description: string | null;
}

export interface MissingFeatureSummary {
  mission: RowMission;
  /** Rows of this mission in the table. */
  rows: number;
  /** Used features no row of this mission has, most important first. */
  absent: AbsentFeature[];
  /** Sum of their importance shares. */
  importanceShare: number;
  /** The model fills this mission's missing values with draws from training values. */
  filled: boolean;
}

export function missingFeatureSummary(
  model: ModelFile,
  table: CanonicalTable
): MissingFeatureSummary[] {
  const X = modelMatrix(model, table);
  const n = X.nRows;
  const used = usedFeatures(model);
  const mdi = model.meta.importances.mdi ?? {};
  const total = Object.values(mdi).reduce((s, v) => s + (v > 0 ? v : 0), 0);
  const byMission = new Map<RowMission, number[]>();
  for (let i = 0; i < n; i++) {
    const m = table.mission[i];
    if (!byMission.has(m)) byMission.set(m, []);
    byMission.get(m)!.push(i);
  }
  const out: MissingFeatureSummary[] = [];
  for (const [mission, rows] of byMission) {
    const absent: AbsentFeature[] = [];
    model.meta.features.forEach((f, j) => {
      if (!used.has(f.name) || !expectedFor(f.name, mission)) return;
      if (rows.some((i) => X.data[j * n + i] === X.data[j * n + i])) return;
      absent.push({
        name: f.name,
        unit: f.unit,
        importance: total > 0 ? (mdi[f.name] ?? 0) / total : 0,
        description: f.description ?? featureInfo(f.name)?.description ?? null
      });
    });
    absent.sort((a, b) => b.importance - a.importance);
    out.push({
      mission,
      rows: rows.length,
      absent,
      importanceShare: absent.reduce((s, a) => s + a.importance, 0),
      filled: Object.prototype.hasOwnProperty.call(model.meta.missingFill ?? {}, mission)
    });
  }
  return out;
}
