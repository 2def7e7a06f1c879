/**
 * Which of the model's features a classified table lacks for its own mission, weighted by how
 * much the model leans on each (its impurity importances), and what that means for trust in
 * the probabilities. Another mission's extras are missing by design and are left out.
 *
 * Built from what the load report and the model already say; when the pipeline reports this
 * per mission itself, this helper should read that instead.
 */
import { expectedFor } from '../core/classify/index.ts';
import type { RowMission } from '../core/missions/index.ts';
import type { ClassifiedFile } from './classifier.ts';

export type Trust = 'full' | 'lower' | 'low';

export interface MissingFeatures {
  mission: string;
  rows: number;
  /** Missing model features, most important first; share = its part of the total importance. */
  features: { name: string; share: number }[];
  /** Sum of the missing features' shares, in [0, 1]. */
  share: number;
  trust: Trust;
}

/** Shares of the model's importance from which trust is "lower" and "low". */
export const TRUST_LIMITS = { lower: 0.08, low: 0.25 } as const;

export function missingFeatures(
  file: Pick<ClassifiedFile, 'report' | 'missions' | 'missingFeatures'>,
  modelFeatures: readonly string[],
  importance: Readonly<Record<string, number>>
): MissingFeatures[] {
  const absent = new Set([
    ...file.report.featuresMissing,
    ...file.report.featuresEmpty,
    ...file.missingFeatures
  ]);
  const total = modelFeatures.reduce((s, f) => s + Math.max(0, importance[f] ?? 0), 0);
  return file.missions.map((m) => {
    const features = modelFeatures
      .filter((f) => absent.has(f) && expectedFor(f, m.mission as RowMission))
      .map((name) => ({
        name,
        share: total > 0 ? Math.max(0, importance[name] ?? 0) / total : 0
      }))
      .sort((a, b) => b.share - a.share);
    const share = features.reduce((s, f) => s + f.share, 0);
    const trust: Trust =
      share >= TRUST_LIMITS.low ? 'low' : share >= TRUST_LIMITS.lower ? 'lower' : 'full';
    return { mission: m.mission, rows: m.rows, features, share, trust };
  });
}
